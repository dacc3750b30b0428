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
import { pipFailure } from './pip-failure';
import type { PythonPackageSource } from './python-package-source';

/** Where the installed packages live, in the install container and read-only in the app's. */
export const VENV_MOUNT = '/opt/backlab/venv';
const FOLDER_MOUNT = '/opt/backlab/find-links';
/** The install script's first line when the cache volume already holds the packages. */
const CACHED = 'cached';
const NOT_CACHED = 'not cached';

export interface PipInstallRequest {
  docker: DockerClient;
  runId: string;
  labels: Labels;
  /** Volume with the app's code: the install runs nothing of it, but the stage needs a volume. */
  stage: StageRequest;
  imageId: string;
  /** The requirement lines the image does not satisfy, as the app declares them. */
  requirements: string[];
  manifest: string;
  source: PythonPackageSource;
  timeoutMs: number;
}

export interface PipInstalled {
  mounts: Mount[];
  appLabels: Labels;
  binDirs: string[];
  fromCache: boolean;
}

/**
 * Installs by pip what an app declares beyond the image's packages, into a virtual environment
 * that sees the image's packages too, so only what is missing is fetched. The environment is a
 * cache volume keyed by the requirement lines, the image and the source alone: the install reads
 * nothing else of the learner's (pip runs isolated, from `/`), so no learner can shape what a later
 * one with the same lines reuses. The app mounts it read-only, at the path it was built at.
 */
export async function installMissingPackages(req: PipInstallRequest): Promise<PipInstalled> {
  const key = await cacheKey(req);
  const volume = `backlab-deps-${key}`;
  const cached = (await req.docker.listVolumes({ [LABEL.depsKey]: key })).length > 0;
  await req.docker.createVolume(volume, {
    [LABEL.managed]: '1',
    [LABEL.lifetime]: 'cache',
    [LABEL.depsKey]: key,
  });
  const served = {
    mounts: [{ type: 'volume' as const, source: volume, target: VENV_MOUNT, readOnly: true }],
    appLabels: { [LABEL.depsKey]: key },
    binDirs: [`${VENV_MOUNT}/bin`],
  };
  try {
    // A cache volume that exists almost always holds the packages: looked at with no network.
    if (cached && (await runPip(req, volume, 'cache only')) === CACHED) return { ...served, fromCache: true };
    const first = await runPip(req, volume, 'install');
    return { ...served, fromCache: first === CACHED };
  } catch (err) {
    await req.docker.removeVolume(volume).catch(() => undefined);
    throw err;
  }
}

async function cacheKey(req: PipInstallRequest): Promise<string> {
  const { source } = req;
  const folder = source.folder ? await folderListing(source.folder) : [];
  const facts = {
    image: req.imageId,
    requirements: [...req.requirements].sort(),
    index: source.index?.href,
    folder,
  };
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 24);
}

/** The folder's files by name, size and time: a wheel added or replaced makes a new key. */
async function folderListing(folder: string): Promise<string[]> {
  const names = (await readdir(folder)).sort();
  return Promise.all(
    names.map(async (name) => {
      const info = await stat(join(folder, name));
      return `${name} ${info.size} ${info.mtimeMs}`;
    }),
  );
}

/**
 * The install container's script; with CACHE_ONLY (and no network) it only says whether the cache
 * is complete. Concurrent installs of one key (other graders on this machine) take turns on a lock in the volume.
 */
const SCRIPT = `set -u
V=${VENV_MOUNT}
exec 9>"$V/.lock" && flock 9 || exit 70
if [ -f "$V/.complete" ]; then echo ${CACHED}; exit 0; fi
if [ -n "\${CACHE_ONLY:-}" ]; then echo '${NOT_CACHED}'; exit 0; fi
echo installing
cd / && rm -rf "$V/bin" "$V/lib" "$V/lib64" "$V/include" "$V/share" "$V/pyvenv.cfg"
python3 -I -m venv --system-site-packages --without-pip "$V" || exit 1
printf '%s\\n' "$REQUIREMENTS" > /tmp/requirements.txt
if [ -n "\${WAIT_FOR_GATEWAY:-}" ]; then sh -c "$WAIT_FOR_GATEWAY" || exit 71; fi
"$V/bin/python" -I -m pip install --no-input --progress-bar off -r /tmp/requirements.txt || exit 1
touch "$V/.complete"`;

async function runPip(
  req: PipInstallRequest,
  volume: string,
  mode: 'cache only' | 'install',
): Promise<string> {
  const { docker, source } = req;
  const trust = hostTrust();
  const way = mode === 'install' && source.index ? await openWay(req, source.index) : undefined;
  const folderMount: Mount[] = source.folder
    ? [{ type: 'bind', source: source.folder, target: FOLDER_MOUNT, readOnly: true }]
    : [];
  const id = await docker.createContainer(
    stageContainer(req.stage, 'install', {
      network: { name: way?.network ?? 'none', aliases: [] },
      dnsOptions: ['timeout:1', 'attempts:1'],
      env: {
        ...trust.env,
        ...(way ? { ...gatewayProxyEnv(), WAIT_FOR_GATEWAY: waitForGatewayCommand() } : {}),
        ...(mode === 'cache only' ? { CACHE_ONLY: '1' } : {}),
        REQUIREMENTS: req.requirements.join('\n'),
        PIP_NO_INDEX: source.index ? '0' : '1',
        ...(source.index ? { PIP_INDEX_URL: source.index.href } : {}),
        ...(source.folder ? { PIP_FIND_LINKS: FOLDER_MOUNT } : {}),
        PIP_RETRIES: '1',
        PIP_TIMEOUT: '15',
        PIP_NO_CACHE_DIR: '1',
      },
      cmd: ['sh', '-c', SCRIPT],
      mounts: [{ type: 'volume', source: volume, target: VENV_MOUNT }, ...folderMount, ...trust.mounts],
    }),
  );
  const command = `pip install ${req.requirements.join(' ')}`;
  try {
    await way?.gateway;
    const output = await runToEnd(docker, id, req.stage, {
      what: `installing ${req.requirements.join(', ')} with pip`,
      command,
      timeoutMs: req.timeoutMs,
      watched: [VENV_MOUNT],
      registryHost: source.index?.hostname,
      refusedHosts: () => way?.gateway.then((g) => g.refusedHosts()) ?? Promise.resolve([]),
    }).catch(async (err: unknown) => {
      const log = await docker.logs(id, 400).catch(() => '');
      throw pipFailure(log, { requirements: req.requirements, manifest: req.manifest, source }) ?? err;
    });
    return output.split('\n')[0].trim();
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
}

/** The install network and the gateway to the index (and its file hosts), left to the run's teardown. */
async function openWay(req: PipInstallRequest, index: URL) {
  const network = await createInstallNetwork(req);
  const gateway = startRegistryGateway(req, network, { registry: index, fileHosts: req.source.fileHosts });
  return { network, gateway };
}
