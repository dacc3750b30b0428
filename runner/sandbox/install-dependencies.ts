import { posix } from 'node:path';
import { errorMessage, InfraError } from '../common/errors';
import { withTimeout } from '../common/poll';
import { archiveDirectory, FileTooLargeError } from '../docker/archive';
import type { ContainerSpec, DockerClient, Labels } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import { LABEL, withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { hostTrust } from './host-trust';
import { diagnoseInstallFailure, installExcerpt, REGISTRY_MARKER } from './install-failure';
import { installInputs } from './install-inputs';
import type { PackageInfo } from './package-json';
import { AppSetupError } from './package-json';
import { LEARNER, LEARNER_UID, LEARNER_USER } from './sandbox-user';

export interface InstallRequest {
  docker: DockerClient;
  runId: string;
  labels: Labels;
  /** The submission's root folder on the host: copied, never mounted. */
  sourceDir: string;
  /** package.json's folder on the host. */
  appDir: string;
  /** Folder of package.json inside the submission ("." or "api"). */
  appPath: string;
  pkg: PackageInfo;
  command: string;
  /** Run after the code is in place, where it is writable (`npm run build`, `tsc`). */
  buildCommand?: string;
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
/** The node image has this folder, owned by the learner account, for the cache volume's mount. */
const CACHE_MOUNT = '/deps-cache';
const inFlight = new Map<string, Promise<unknown>>();

/**
 * The install stage, in two containers. The install container gets only what an install reads
 * (see install-inputs.ts) and may reach the package registry; its node_modules is published to a
 * cache volume keyed by those exact bytes before any other code of the learner's is present. The
 * code then goes into the app's volume in a container with no network, which also runs the build.
 */
export async function installDependencies(req: InstallRequest): Promise<InstalledApp> {
  const image = await req.docker.inspectImage(IMAGE.node);
  if (!image) throw new InfraError(`image ${IMAGE.node} is missing`, 'Run `backlab images build`.');
  const project = await archiveDirectory(req.sourceDir, LEARNER).catch((err: unknown) => {
    if (err instanceof FileTooLargeError) {
      throw new AppSetupError(err.message, `Remove ${err.path} from the folder, or list it in .gitignore.`);
    }
    throw err;
  });
  const inputs = await installInputs({ ...req, projectTar: project.tar, imageId: image.id });
  // Two runs of the same key in this process share one install; across processes the cache is
  // published by an atomic rename, so concurrent installs never mix their trees.
  const previous = inFlight.get(inputs.key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => install(req, inputs.key, inputs.tar));
  inFlight.set(inputs.key, run);
  let fromCache: boolean;
  try {
    fromCache = await run;
  } finally {
    if (inFlight.get(inputs.key) === run) inFlight.delete(inputs.key);
  }
  await placeCode(req, project.tar);
  return { volume: volumeOf(req), fromCache, files: project.files, skippedLinks: project.skippedLinks };
}

function volumeOf(req: InstallRequest): string {
  return resourceName(req.runId, 'app');
}

/**
 * A container of the install stage (install or build): the learner account, hardened, writable
 * only in the app's volume and in memory (home, /tmp), with the install's limits.
 */
function stageContainer(
  req: InstallRequest,
  role: 'install' | 'build',
  own: Required<Pick<ContainerSpec, 'network' | 'env' | 'cmd' | 'mounts'>>,
): ContainerSpec {
  return {
    name: resourceName(req.runId, role),
    image: IMAGE.node,
    labels: withRole(req.labels, role),
    user: LEARNER_USER,
    network: own.network,
    workingDir: posix.join('/app', req.appPath),
    env: { HOME: '/home/learner', CI: 'true', ...own.env },
    cmd: own.cmd,
    mounts: [
      { type: 'volume', source: volumeOf(req), target: '/app' },
      { type: 'tmpfs', target: '/tmp', sizeBytes: 256 * 1024 ** 2, tmpfsOptions: ['mode=1777', 'exec'] },
      {
        type: 'tmpfs',
        target: '/home/learner',
        sizeBytes: 512 * 1024 ** 2,
        tmpfsOptions: [`uid=${LEARNER_UID}`, `gid=${LEARNER_UID}`, 'exec'],
      },
      ...own.mounts,
    ],
    limits: installLimits(req),
    hardened: true,
    logMaxBytes: 4 * 1024 ** 2,
  };
}

/** Resource limits of the install stage: npm and native builds need more than a small app. */
function installLimits(req: InstallRequest): NonNullable<ContainerSpec['limits']> {
  return { memoryBytes: Math.max(req.memoryBytes, 1024 ** 3), pids: 512, cpus: 1 };
}

async function install(req: InstallRequest, key: string, inputsTar: Buffer): Promise<boolean> {
  const { docker } = req;
  const volume = volumeOf(req);
  const cacheVolume = `backlab-deps-${key}`;
  await docker.createVolume(volume, withRole(req.labels, 'app-volume'));
  await docker.createVolume(cacheVolume, {
    [LABEL.managed]: '1',
    [LABEL.lifetime]: 'cache',
    'backlab.deps.key': key,
  });
  const trust = hostTrust();
  const id = await docker.createContainer(
    stageContainer(req, 'install', {
      // The default bridge: the one container of a run that may reach the package registry.
      network: { name: 'bridge', aliases: [] },
      env: {
        ...trust.env,
        INSTALL_COMMAND: req.command,
        STAGING: `${CACHE_MOUNT}/.staging-${req.runId}`,
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
      },
      cmd: ['sh', '-c', installScript()],
      mounts: [{ type: 'volume', source: cacheVolume, target: CACHE_MOUNT }, ...trust.mounts],
    }),
  );
  try {
    await docker.putArchive(id, '/app', inputsTar);
    const output = await runToEnd(docker, id, req, `installing dependencies (${req.command})`);
    return output.includes(CACHE_HIT);
  } catch (err) {
    // A failed install must not leave an empty cache volume behind (in use elsewhere: kept).
    await docker.removeVolume(cacheVolume).catch(() => undefined);
    throw err;
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
}

/** Copies the code next to node_modules, with no network, and runs the build there if any. */
async function placeCode(req: InstallRequest, projectTar: Buffer): Promise<void> {
  const { docker } = req;
  const id = await docker.createContainer(
    stageContainer(req, 'build', {
      network: { name: 'none', aliases: [] },
      env: { BUILD_COMMAND: req.buildCommand ?? 'true' },
      cmd: ['sh', '-c', 'export PATH="$PWD/node_modules/.bin:$PATH"; sh -c "$BUILD_COMMAND"'],
      mounts: [],
    }),
  );
  try {
    await docker.putArchive(id, '/app', projectTar);
    if (req.buildCommand)
      await runToEnd(docker, id, req, `building your app (${req.buildCommand})`, req.buildCommand);
  } catch (err) {
    if (err instanceof AppSetupError) throw err;
    throw new InfraError(`copying your code into the sandbox failed: ${errorMessage(err)}`);
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
}

/** Starts a container, waits within the install time limit, and turns failure into a diagnosis. */
async function runToEnd(
  docker: DockerClient,
  id: string,
  req: InstallRequest,
  what: string,
  command = req.command,
): Promise<string> {
  let exitCode: number | undefined;
  try {
    await docker.startContainer(id);
    exitCode = await withTimeout(docker.waitContainer(id), req.timeoutMs);
  } catch (err) {
    // Docker failing under the install is the machine's problem, not the learner's.
    throw new InfraError(`${what} failed: ${errorMessage(err)}`);
  }
  const output = await docker.logs(id, 2000).catch(() => '');
  if (exitCode === undefined) {
    const limit = Math.round(req.timeoutMs / 1000);
    throw new AppSetupError(
      `${what} did not finish within the install time limit of ${limit} s:\n${installExcerpt(output.split('\n'))}`,
      'Look for an install or build script that waits forever, or very large dependencies.',
    );
  }
  if (exitCode === 0) return output;
  const limits = installLimits(req);
  const failure = diagnoseInstallFailure(output, command, exitCode, posix.join('/app', req.appPath), limits);
  if (failure.cause === 'infrastructure') throw new InfraError(failure.message, failure.hint);
  throw new AppSetupError(failure.message, failure.hint, failure.cause);
}

/**
 * Runs as the learner account. A cache hit copies the published tree; a miss installs, then
 * publishes node_modules by renaming a complete staging copy into place: the rename is atomic, so
 * a reader sees a whole tree or none, and of two concurrent installs the second just discards its
 * copy. node_modules itself cannot be a mount: `npm ci` removes the folder.
 */
function installScript(): string {
  return [
    'set -eu',
    `if [ -d ${CACHE_MOUNT}/tree/node_modules ]; then cp -a ${CACHE_MOUNT}/tree/node_modules ./node_modules; echo '${CACHE_HIT}'; exit 0; fi`,
    `sh -c "$INSTALL_COMMAND" || { code=$?; echo "${REGISTRY_MARKER}$(npm config get registry 2>/dev/null)"; exit $code; }`,
    'rm -rf "$STAGING" && mkdir -p "$STAGING"',
    'if [ -d node_modules ]; then cp -a node_modules "$STAGING/node_modules"; else mkdir "$STAGING/node_modules"; fi',
    `mv -T "$STAGING" ${CACHE_MOUNT}/tree 2>/dev/null || rm -rf "$STAGING"`,
  ].join('\n');
}
