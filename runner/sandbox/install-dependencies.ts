import { errorMessage, InfraError } from '../common/errors';
import { archiveDirectory, FileTooLargeError, type DirectoryArchive } from '../docker/archive';
import type { DockerClient, Labels, Mount } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import { LABEL, withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { hostRegistry } from './host-trust';
import { installInputs } from './install-inputs';
import { installLimits } from './install-limits';
import { CACHE_HIT, installScript, NOT_CACHED } from './install-script';
import { CACHE_MOUNT, placeBesideCachedTree } from './linked-dependencies';
import type { PackageInfo } from './package-json';
import { AppSetupError } from './package-json';
import {
  createInstallNetwork,
  GATEWAY_PROXY_URL,
  gatewayProxyEnv,
  startRegistryGateway,
  type RegistryGateway,
} from './registry-gateway';
import { LEARNER } from './sandbox-user';
import { installContainer, runToEnd, stageContainer, type StageRequest } from './stage-container';

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
  /** Bound on each folder the install writes to disk (default: INSTALL_DISK_BYTES). */
  diskLimitBytes?: number;
}

export interface InstalledApp {
  /** Volume with the code (and node_modules unless `mounts` serve it), mounted read-only by the app. */
  volume: string;
  /** What else the app mounts: the cached node_modules, bound read-only, on a cache hit. */
  mounts: Mount[];
  /** Labels for the app's containers: which cache volume they run from, if any. */
  appLabels: Labels;
  /** Folders the app's PATH starts with: where a mounted environment keeps its commands. */
  binDirs?: string[];
  /** Variables that make the app's runtime find a mounted environment (PYTHONPATH). */
  env?: Record<string, string>;
  fromCache: boolean;
  files: number;
  skippedLinks: string[];
}

const inFlight = new Map<string, Promise<unknown>>();

/**
 * The install stage, in two containers. The install container gets only what an install reads
 * (see install-inputs.ts) and reaches the package registry alone, through the registry gateway;
 * its node_modules is published to a cache volume keyed by those exact bytes before any other code
 * of the learner's is present. The code then goes into the app's volume in a container with no
 * network, which also runs the build. A cache hit with no build needs only the first container.
 */
export async function installDependencies(req: InstallRequest): Promise<InstalledApp> {
  const image = await req.docker.inspectImage(IMAGE.node);
  if (!image) throw new InfraError(`image ${IMAGE.node} is missing`, 'Run `backlab images build`.');
  const project = await archiveProject(req.sourceDir);
  // Asking npm for the registry takes a few hundred ms: begun now, for a miss (it is kept for later).
  hostRegistry().catch(() => undefined);
  const inputs = await installInputs({ ...req, projectTar: project.tar, imageId: image.id });
  // Two runs of the same key in this process share one install; across processes the cache is
  // published by an atomic rename, so concurrent installs never mix their trees.
  const previous = inFlight.get(inputs.key) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(() => install(req, inputs.key, { inputs: inputs.tar, project }));
  inFlight.set(inputs.key, run);
  let outcome: InstallOutcome;
  try {
    outcome = await run;
  } finally {
    if (inFlight.get(inputs.key) === run) inFlight.delete(inputs.key);
  }
  if (!outcome.codePlaced) await placeCode(req, project.tar);
  return {
    volume: volumeOf(req),
    mounts: outcome.mounts ?? [],
    appLabels: outcome.mounts?.length ? { [LABEL.depsKey]: inputs.key } : {},
    fromCache: outcome.fromCache,
    files: project.files,
    skippedLinks: project.skippedLinks,
  };
}

/** The submission as a tar owned by the learner; a file over the size limit is the learner's to remove. */
export async function archiveProject(sourceDir: string): Promise<DirectoryArchive> {
  return archiveDirectory(sourceDir, LEARNER).catch((err: unknown) => {
    if (err instanceof FileTooLargeError) {
      throw new AppSetupError(err.message, `Remove ${err.path} from the folder, or list it in .gitignore.`);
    }
    throw err;
  });
}

interface InstallOutcome {
  fromCache: boolean;
  /** The code went in with the restored cache: no second container is needed. */
  codePlaced: boolean;
  mounts?: Mount[];
}

function volumeOf(req: InstallRequest): string {
  return resourceName(req.runId, 'app');
}

function stageOf(req: InstallRequest): StageRequest {
  const limits = installLimits(req.memoryBytes, req.diskLimitBytes);
  return { runId: req.runId, labels: req.labels, volume: volumeOf(req), appPath: req.appPath, limits };
}

/**
 * A cache hit with nothing to build serves the published node_modules read-only where the engine
 * can (linked-dependencies.ts), else restores it by copy and places the whole code in one
 * container: it runs no code of the learner's (only `cp`), so the code may be there. Anything that
 * installs sees the install inputs alone, in a fresh app volume.
 */
async function install(
  req: InstallRequest,
  key: string,
  tars: { inputs: Buffer; project: DirectoryArchive },
): Promise<InstallOutcome> {
  const { docker } = req;
  const cacheVolume = `backlab-deps-${key}`;
  // An existing cache volume almost always holds the published tree: try it without a gateway.
  const cached = (await docker.listVolumes({ [LABEL.depsKey]: key })).length > 0;
  const appVolumeLabels = withRole(req.labels, 'app-volume');
  await docker.createVolume(volumeOf(req), appVolumeLabels);
  await docker.createVolume(cacheVolume, {
    [LABEL.managed]: '1',
    [LABEL.lifetime]: 'cache',
    [LABEL.depsKey]: key,
  });
  try {
    if (cached && !req.buildCommand) {
      const mounts = await placeBesideCachedTree(docker, stageOf(req), cacheVolume, tars.project);
      if (mounts) return { fromCache: true, codePlaced: true, mounts };
    }
    if (cached) {
      const withCode = !req.buildCommand;
      const first = await inInstallContainer(
        req,
        cacheVolume,
        withCode ? tars.project.tar : tars.inputs,
        undefined,
      );
      if (first !== NOT_CACHED) return { fromCache: first === CACHE_HIT, codePlaced: withCode };
      // The code must not be there when the install runs: start again from an empty volume.
      await docker.removeVolume(volumeOf(req));
      await docker.createVolume(volumeOf(req), appVolumeLabels);
    }
    const output = await installThroughGateway(req, cacheVolume, tars.inputs);
    return { fromCache: output === CACHE_HIT, codePlaced: false };
  } catch (err) {
    // A failed install must not leave an empty cache volume behind (in use elsewhere: kept).
    await docker.removeVolume(cacheVolume).catch(() => undefined);
    throw err;
  }
}

/**
 * A cache miss: the gateway and the install container are made at once on a network of their own;
 * the install container starts once the gateway runs, and its script waits until it listens. The
 * gateway (idle once the install ends, and reachable from no other network) and the network are
 * left to the run's teardown, which removes them in parallel with the rest: removing them here
 * would add their removal to every install's time.
 */
async function installThroughGateway(
  req: InstallRequest,
  cacheVolume: string,
  inputsTar: Buffer,
): Promise<string> {
  const [network, registry] = await Promise.all([createInstallNetwork(req), hostRegistry()]);
  const gateway = startRegistryGateway(req, network, { registry });
  return inInstallContainer(req, cacheVolume, inputsTar, { network, registry, gateway });
}

interface Way {
  network: string;
  registry: URL;
  gateway: Promise<RegistryGateway>;
}

/** Runs the install container; without a way out it only restores the cache, or says it cannot. */
async function inInstallContainer(
  req: InstallRequest,
  cacheVolume: string,
  inputsTar: Buffer,
  way: Way | undefined,
): Promise<string> {
  const { docker } = req;
  const stage = stageOf(req);
  const id = await docker.createContainer(
    installContainer(stage, {
      network: way?.network ?? 'none',
      env: {
        ...(way ? gatewayEnv(way.registry) : {}),
        INSTALL_COMMAND: req.command,
        STAGING: `${CACHE_MOUNT}/.staging-${req.runId}`,
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
      },
      cmd: ['sh', '-c', installScript()],
      mounts: [{ type: 'volume', source: cacheVolume, target: CACHE_MOUNT }],
    }),
  );
  try {
    const [, gateway] = await Promise.all([docker.putArchive(id, '/app', inputsTar), way?.gateway]);
    // A gateway that stops before it listens ends the install at once, and its error is the one.
    gateway?.listening.catch(() => docker.stopContainer(id, 0).catch(() => undefined));
    const output = await runToEnd(docker, id, stage, {
      what: `installing dependencies (${req.command})`,
      command: req.command,
      timeoutMs: req.timeoutMs,
      watched: ['/app', CACHE_MOUNT],
      registryHost: way?.registry.hostname,
      refusedHosts: gateway?.refusedHosts,
    }).catch(async (err: unknown) => {
      await gateway?.listening;
      throw err;
    });
    return output.split('\n')[0];
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
}

/** npm, and the install scripts that honour the usual variables, go out through the gateway. */
function gatewayEnv(registry: URL): Record<string, string> {
  return {
    ...gatewayProxyEnv(),
    npm_config_registry: registry.href,
    npm_config_proxy: GATEWAY_PROXY_URL,
    npm_config_https_proxy: GATEWAY_PROXY_URL,
  };
}

/** Copies the code next to node_modules, with no network, and runs the build there if any. */
async function placeCode(req: InstallRequest, projectTar: Buffer): Promise<void> {
  const { docker } = req;
  const stage = stageOf(req);
  const id = await docker.createContainer(
    stageContainer(stage, 'build', {
      network: { name: 'none', aliases: [] },
      env: { BUILD_COMMAND: req.buildCommand ?? 'true' },
      cmd: ['sh', '-c', 'export PATH="$PWD/node_modules/.bin:$PATH"; sh -c "$BUILD_COMMAND"'],
      mounts: [],
    }),
  );
  try {
    await docker.putArchive(id, '/app', projectTar);
    if (req.buildCommand) {
      const what = `building your app (${req.buildCommand})`;
      await runToEnd(docker, id, stage, {
        what,
        command: req.buildCommand,
        timeoutMs: req.timeoutMs,
        watched: ['/app'],
      });
    }
  } catch (err) {
    if (err instanceof AppSetupError) throw err;
    throw new InfraError(`copying your code into the sandbox failed: ${errorMessage(err)}`);
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
}
