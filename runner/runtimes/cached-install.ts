import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DockerClient, Labels, Mount } from '../docker/docker-client';
import { LABEL } from '../docker/labels';
import { hostTrust } from '../sandbox/host-trust';
import {
  createInstallNetwork,
  gatewayProxyEnv,
  startRegistryGateway,
  waitForGatewayCommand,
} from '../sandbox/registry-gateway';
import { runToEnd, stageContainer, type StageRequest } from '../sandbox/stage-container';

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
  /** The stage's app volume is mounted too (a stage container needs one); nothing of it runs. */
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
   * The package manager's own failure, read from its output and the hosts the gateway refused;
   * undefined: the stage's diagnosis.
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
  const facts = {
    facts: req.keyFacts,
    index: source.index?.href,
    folder: source.folder ? await folderListing(source.folder) : [],
  };
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 24);
}

/** The folder's files by name, size and time: a package added or replaced makes a new key. */
async function folderListing(folder: string): Promise<string[]> {
  const names = (await readdir(folder)).sort();
  return Promise.all(
    names.map(async (name) => {
      const info = await stat(join(folder, name));
      return `${name} ${info.size} ${info.mtimeMs}`;
    }),
  );
}

/** With CACHE_ONLY (and no network) the script only says whether the cache is complete. */
function script(cacheMount: string): string {
  return `set -u
C=${cacheMount}
exec 9>"$C/.lock" && flock 9 || exit 70
if [ -f "$C/.complete" ]; then echo ${CACHED}; exit 0; fi
if [ -n "\${CACHE_ONLY:-}" ]; then echo '${NOT_CACHED}'; exit 0; fi
echo installing
if [ -n "\${WAIT_FOR_GATEWAY:-}" ]; then sh -c "$WAIT_FOR_GATEWAY" || exit 71; fi
cd "$C" && sh -c "$INSTALL_COMMAND" || exit 1
touch "$C/.complete"`;
}

async function runInstall(
  req: CachedInstallRequest,
  volume: string,
  mode: 'cache only' | 'install',
): Promise<string> {
  const { docker, source } = req;
  const trust = hostTrust();
  const way = mode === 'install' && source.index ? await openWay(req, source.index) : undefined;
  const folder: Mount[] = source.folder
    ? [{ type: 'bind', source: source.folder, target: req.folderMount, readOnly: true }]
    : [];
  const id = await docker.createContainer(
    stageContainer(req.stage, 'install', {
      network: { name: way?.network ?? 'none', aliases: [] },
      dnsOptions: ['timeout:1', 'attempts:1'],
      env: {
        ...trust.env,
        ...(way ? { ...gatewayProxyEnv(), WAIT_FOR_GATEWAY: waitForGatewayCommand() } : {}),
        ...(mode === 'cache only' ? { CACHE_ONLY: '1' } : {}),
        ...req.env,
        INSTALL_COMMAND: req.command,
      },
      cmd: ['sh', '-c', script(req.cacheMount)],
      mounts: [{ type: 'volume', source: volume, target: req.cacheMount }, ...folder, ...trust.mounts],
    }),
  );
  try {
    if (req.inputs) await docker.putArchive(id, req.cacheMount, req.inputs);
    await way?.gateway;
    const output = await runToEnd(docker, id, req.stage, {
      what: req.what,
      command: req.what,
      timeoutMs: req.timeoutMs,
      watched: [req.cacheMount],
      registryHost: source.index?.hostname,
      refusedHosts: () => way?.gateway.then((g) => g.refusedHosts()) ?? Promise.resolve([]),
    }).catch(async (err: unknown) => {
      const [log, refused] = await Promise.all([
        docker.logs(id, 400).catch(() => ''),
        way?.gateway.then((g) => g.refusedHosts()) ?? [],
      ]);
      throw req.failure(log, refused) ?? err;
    });
    return output.split('\n')[0].trim();
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
}

/** The install network and the gateway to the index (and its file hosts), left to the run's teardown. */
async function openWay(req: CachedInstallRequest, index: URL) {
  const network = await createInstallNetwork(req);
  const gateway = startRegistryGateway(req, network, { registry: index, fileHosts: req.source.fileHosts });
  return { network, gateway };
}
