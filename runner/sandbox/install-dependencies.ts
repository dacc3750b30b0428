import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { errorMessage, InfraError } from '../common/errors';
import { archiveDirectory } from '../docker/archive';
import type { DockerClient, Labels } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import { LABEL, withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { withTimeout } from '../common/poll';
import { hostTrust } from './host-trust';
import { npmErrorExcerpt } from './log-excerpt';
import type { PackageInfo } from './package-json';
import { AppSetupError } from './package-json';
import { LEARNER, LEARNER_UID } from './sandbox-user';

export interface InstallRequest {
  docker: DockerClient;
  runId: string;
  labels: Labels;
  /** The submission's root folder on the host: copied, never mounted. */
  sourceDir: string;
  /** Folder of package.json inside the submission ("." or "api"). */
  appPath: string;
  pkg: PackageInfo;
  command: string;
  timeoutMs: number;
  memoryBytes: number;
}

export interface InstalledApp {
  /** Volume with the code and node_modules, mounted read-only by the app. */
  volume: string;
  fromCache: boolean;
  files: number;
  skippedLinks: string[];
}

const CACHE_HIT = 'backlab: dependencies restored from cache';
const NPM_CACHE_VOLUME = 'backlab-npm-cache';
const inFlight = new Map<string, Promise<unknown>>();

/**
 * The install stage: copies the submission into a fresh volume and installs its dependencies in a
 * container that may reach the package registry (with the host's CA bundle and proxy settings).
 * Installed node_modules are cached in a volume keyed by package.json + lockfile + command, so an
 * unchanged project skips the install.
 */
export async function installDependencies(req: InstallRequest): Promise<InstalledApp> {
  const key = dependencyKey(req);
  // Two runs of the same key in this process would write one cache volume at once.
  const previous = inFlight.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => install(req, key));
  inFlight.set(key, run);
  try {
    return await run;
  } finally {
    if (inFlight.get(key) === run) inFlight.delete(key);
  }
}

export function dependencyKey(req: Pick<InstallRequest, 'pkg' | 'command' | 'appPath'>): string {
  const hash = createHash('sha256');
  hash.update(`${process.version}\0${req.command}\0${req.appPath}\0${req.pkg.raw}\0`);
  hash.update(req.pkg.lockfile ? req.pkg.lockfile : 'no-lockfile');
  return hash.digest('hex').slice(0, 16);
}

async function install(req: InstallRequest, key: string): Promise<InstalledApp> {
  const { docker } = req;
  const archive = await archiveDirectory(req.sourceDir, LEARNER);
  const volume = resourceName(req.runId, 'app');
  const cacheVolume = `backlab-deps-${key}`;
  const cacheLabels = { [LABEL.managed]: '1', [LABEL.lifetime]: 'cache', 'backlab.deps.key': key };
  await docker.createVolume(volume, withRole(req.labels, 'app-volume'));
  await docker.createVolume(cacheVolume, cacheLabels);
  await docker.createVolume(NPM_CACHE_VOLUME, { [LABEL.managed]: '1', [LABEL.lifetime]: 'cache' });

  const trust = hostTrust();
  const workdir = posix.join('/app', req.appPath);
  const id = await docker.createContainer({
    name: resourceName(req.runId, 'install'),
    image: IMAGE.node,
    labels: withRole(req.labels, 'install'),
    user: '0:0',
    // The default bridge: the one container of a run that may reach the package registry.
    network: { name: 'bridge', aliases: [] },
    workingDir: workdir,
    env: {
      ...trust.env,
      HOME: '/home/learner',
      INSTALL_COMMAND: req.command,
      CI: 'true',
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    },
    cmd: ['sh', '-c', installScript()],
    mounts: [
      { type: 'volume', source: volume, target: '/app' },
      { type: 'volume', source: cacheVolume, target: '/cache' },
      { type: 'volume', source: NPM_CACHE_VOLUME, target: '/home/learner/.npm' },
      ...trust.mounts,
    ],
    limits: { memoryBytes: Math.max(req.memoryBytes, 1024 ** 3), pids: 1024, cpus: 2 },
    logMaxBytes: 4 * 1024 ** 2,
  });
  try {
    await docker.putArchive(id, '/app', archive.tar);
    await docker.startContainer(id);
    const exitCode = await withTimeout(docker.waitContainer(id), req.timeoutMs);
    const output = await docker.logs(id, 400);
    if (exitCode === undefined) {
      throw new AppSetupError(
        `installing dependencies (${req.command}) did not finish within ${Math.round(req.timeoutMs / 1000)} s`,
        'Check package.json for very large or unreachable dependencies.',
      );
    }
    if (exitCode !== 0) {
      throw new AppSetupError(
        `${req.command} failed (exit code ${exitCode}):\n${npmErrorExcerpt(output)}`,
        'Run the same command in your folder and fix the first error it shows.',
      );
    }
    return {
      volume,
      fromCache: output.includes(CACHE_HIT),
      files: archive.files,
      skippedLinks: archive.skippedLinks,
    };
  } catch (err) {
    if (err instanceof AppSetupError) throw err;
    // Docker failing under the install is the machine's problem, not the learner's.
    throw new InfraError(`installing dependencies failed: ${errorMessage(err)}`);
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
}

/**
 * Runs as root only to hand the copied files to the learner account, then installs as that
 * account. A finished install is copied to the cache volume and marked complete; a cache hit
 * copies it back (node_modules cannot itself be a mount: npm ci removes the folder).
 */
function installScript(): string {
  const drop = `setpriv --reuid=${LEARNER_UID} --regid=${LEARNER_UID} --clear-groups`;
  return [
    'set -eu',
    `chown -R ${LEARNER_UID}:${LEARNER_UID} /app /home/learner/.npm`,
    `if [ -f /cache/.complete ]; then cp -a /cache/node_modules ./node_modules; echo '${CACHE_HIT}'; exit 0; fi`,
    `${drop} sh -c "$INSTALL_COMMAND"`,
    'rm -rf /cache/node_modules',
    'if [ -d node_modules ]; then cp -a node_modules /cache/node_modules; else mkdir -p node_modules /cache/node_modules; fi',
    'touch /cache/.complete',
  ].join('\n');
}
