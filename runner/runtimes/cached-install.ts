import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DockerClient, Labels, Mount } from '../docker/docker-client';
import { InfraError } from '../common/errors';
import { LABEL, withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import {
  createInstallNetwork,
  gatewayProxyEnv,
  startRegistryGateway,
  waitForGatewayCommand,
} from '../sandbox/registry-gateway';
import { installContainer, runToEnd, type StageRequest } from '../sandbox/stage-container';

/** Where a runtime's package manager may fetch from: an index (through the gateway) and/or a folder. */
export interface PackageSource {
  /** Reached through the registry gateway, with the hosts it serves files from besides its own. */
  index?: URL;
  fileHosts: string[];
  /** A folder on this machine, mounted read-only at `folderMount`. */
  folder?: string;
  /** "the package index https://…", "the folder /srv/wheels": for messages. */
  description: string;
}

/** A package manager's install into a cache volume of its own (pip's environment, Composer's vendor/). */
export interface CachedInstallRequest {
  docker: DockerClient;
  runId: string;
  labels: Labels;
  /** The stage's limits and image; its /app is a scratch volume of the install's own, never the code. */
  stage: StageRequest;
  /** What decides the result, hashed into the cache key (the source's folder listing is added). */
  keyFacts: unknown;
  source: PackageSource;
  /** Where the cache volume is mounted, and where the source's folder is. */
  cacheMount: string;
  folderMount: string;
  /** The install itself, run in `cacheMount` under a lock once the way out is open. */
  command: string;
  env: Record<string, string>;
  /** A tar of the files the install reads, under `input/` (composer.json): nothing else of the learner's. */
  inputs?: Buffer;
  what: string;
  timeoutMs: number;
  /**
   * The package manager's own failure, read from its output and the hosts the gateway refused,
   * when it ended by itself with a non-zero exit; undefined: the stage's diagnosis.
   */
  failure(output: string, refusedHosts: string[]): Error | undefined;
}

export interface CachedInstall {
  volume: string;
  key: string;
  fromCache: boolean;
}

const CACHED = 'cached';
const NOT_CACHED = 'not cached';
/** The script's own exits: the lock could not be taken, the gateway never answered. */
const EXIT_LOCK = 70;
const EXIT_GATEWAY = 71;

/**
 * Runs `command` once per cache key: the volume is keyed by the facts that decide what the install
 * makes (the requirement lines or manifest bytes, the image, the source), and the install sees no
 * other file of the learner's, so no learner can shape what a later one with the same key reuses.
 * A volume that exists is looked at first with no network; concurrent installs of one key (other
 * graders on this machine) take turns on a lock in the volume; a failed install removes it.
 */
export async function cachedInstall(req: CachedInstallRequest): Promise<CachedInstall> {
  const key = await cacheKey(req);
  const volume = `backlab-deps-${key}`;
  const cached = (await req.docker.listVolumes({ [LABEL.depsKey]: key })).length > 0;
  await req.docker.createVolume(volume, {
    [LABEL.managed]: '1',
    [LABEL.lifetime]: 'cache',
    [LABEL.depsKey]: key,
  });
  try {
    if (cached && (await runInstall(req, volume, 'cache only')) === CACHED) {
      return { volume, key, fromCache: true };
    }
    const first = await runInstall(req, volume, 'install');
    return { volume, key, fromCache: first === CACHED };
  } catch (err) {
    await req.docker.removeVolume(volume).catch(() => undefined);
    throw err;
  }
}

async function cacheKey(req: CachedInstallRequest): Promise<string> {
  const { source } = req;
  // The recipe too: a change of backlab's install command or settings makes new volumes.
  const facts = {
    facts: req.keyFacts,
    command: req.command,
    env: req.env,
    index: source.index?.href,
    folder: source.folder ? await folderListing(source.folder) : [],
  };
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 24);
}

/** The folder's files, in subfolders too, by name, size and time: a package added or replaced makes a new key. */
async function folderListing(folder: string): Promise<string[]> {
  const names = (await readdir(folder, { recursive: true })).sort();
  return Promise.all(
    names.map(async (name) => {
      const info = await stat(join(folder, name));
      return `${name} ${info.size} ${info.mtimeMs}`;
    }),
  );
}

/**
 * With CACHE_ONLY (and no network) the script only says whether the cache is complete. An earlier
 * attempt's leftovers go, but for the lock and the inputs just put there.
 */
function script(cacheMount: string): string {
  return `set -u
C=${cacheMount}
exec 9>>"$C/.lock" || exit ${EXIT_LOCK}
flock 9 || exit ${EXIT_LOCK}
if [ -f "$C/.complete" ]; then echo ${CACHED}; exit 0; fi
if [ -n "\${CACHE_ONLY:-}" ]; then echo '${NOT_CACHED}'; exit 0; fi
find "$C" -mindepth 1 -maxdepth 1 ! -name .lock ! -name input -exec rm -rf {} + || exit 1
if [ -n "\${WAIT_FOR_GATEWAY:-}" ]; then sh -c "$WAIT_FOR_GATEWAY" || exit ${EXIT_GATEWAY}; fi
cd "$C" && sh -c "$INSTALL_COMMAND" || exit 1
touch "$C/.complete"`;
}

async function runInstall(
  req: CachedInstallRequest,
  volume: string,
  mode: 'cache only' | 'install',
): Promise<string> {
  const { docker, source } = req;
  const way = mode === 'install' && source.index ? await openWay(req, source.index) : undefined;
  const folder: Mount[] = source.folder
    ? [{ type: 'bind', source: source.folder, target: req.folderMount, readOnly: true }]
    : [];
  // The learner's code is in the app's volume: the install gets an empty /app of its own.
  const scratch = resourceName(req.runId, 'install-scratch');
  await docker.createVolume(scratch, withRole(req.labels, 'install-scratch'));
  const stage = { ...req.stage, volume: scratch, appPath: '.' };
  const id = await docker.createContainer(
    installContainer(stage, {
      network: way?.network ?? 'none',
      env: {
        ...(way ? { ...gatewayProxyEnv(), WAIT_FOR_GATEWAY: waitForGatewayCommand() } : {}),
        ...(mode === 'cache only' ? { CACHE_ONLY: '1' } : {}),
        ...req.env,
        INSTALL_COMMAND: req.command,
      },
      cmd: ['sh', '-c', script(req.cacheMount)],
      mounts: [{ type: 'volume', source: volume, target: req.cacheMount }, ...folder],
    }),
  );
  try {
    if (req.inputs) await docker.putArchive(id, req.cacheMount, req.inputs);
    const gateway = await way?.gateway;
    // A gateway that stops before it listens ends the install at once, and its error is the one.
    gateway?.listening.catch(() => docker.stopContainer(id, 0).catch(() => undefined));
    const output = await runToEnd(docker, id, stage, {
      what: req.what,
      command: req.what,
      timeoutMs: req.timeoutMs,
      watched: ['/app', req.cacheMount],
      registryHost: source.index?.hostname,
      refusedHosts: () => gateway?.refusedHosts() ?? Promise.resolve([]),
      explainExit: (output, exitCode, refused) => scriptExit(exitCode) ?? req.failure(output, refused),
    }).catch(async (err: unknown) => {
      await gateway?.listening;
      throw err;
    });
    return output.split('\n')[0].trim();
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
    await docker.removeVolume(scratch).catch(() => undefined);
  }
}

function scriptExit(exitCode: number): Error | undefined {
  if (exitCode === EXIT_LOCK) return new InfraError('the package cache could not be locked');
  if (exitCode === EXIT_GATEWAY) return new InfraError('the registry gateway did not answer within 30 s');
  return undefined;
}

/** The install network and the gateway to the index (and its file hosts), left to the run's teardown. */
async function openWay(req: CachedInstallRequest, index: URL) {
  const network = await createInstallNetwork(req);
  const gateway = startRegistryGateway(req, network, { registry: index, fileHosts: req.source.fileHosts });
  // Observed here, awaited by the caller: a failure before then is not an unhandled rejection.
  gateway.catch(() => undefined);
  return { network, gateway };
}
