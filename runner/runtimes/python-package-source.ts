import { errorMessage, InfraError } from '../common/errors';
import { withTimeout } from '../common/poll';
import type { DockerClient, Labels } from '../docker/docker-client';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { LEARNER_USER } from '../sandbox/sandbox-user';
import type { PackageSource } from './cached-install';
import { describedSource, packageFolder, packageIndexUrl } from './package-source-settings';

/** What reading pip's default index needs: a one-off container of the Python image, labelled as the run's. */
export interface SourceRequest {
  docker: DockerClient;
  runId: string;
  labels: Labels;
  image: string;
}

/**
 * Where pip may fetch the packages an app declares that the Python image does not have, from the
 * grading machine's pip settings in pip's own names: `PIP_INDEX_URL` (a PEP 503 index, such as a
 * school's mirror), `PIP_FIND_LINKS` (a folder of wheels, for machines with no index at all) and
 * `PIP_NO_INDEX` (never an index). With none of them, pip's own default index, as pip in the
 * image names it (PyPI serves its files from a host of its own). Undefined: nothing to fetch from.
 */
export async function pythonPackageSource(
  req: SourceRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PackageSource | undefined> {
  const folder = await packageFolder(env, FOLDER_SETTING);
  const noIndex = isTrue(env.PIP_NO_INDEX);
  let index: URL | undefined;
  let fileHosts: string[] = [];
  if (!noIndex) index = packageIndexUrl(env, INDEX_SETTING);
  if (!index && !folder && !noIndex) ({ index, fileHosts } = await pipDefaultIndex(req));
  return describedSource(index, fileHosts, folder);
}

const FOLDER_SETTING = {
  name: 'PIP_FIND_LINKS',
  what: 'a folder of wheels (.whl) and source archives',
};
const INDEX_SETTING = {
  name: 'PIP_INDEX_URL',
  what: 'an index such as https://host/simple/',
  folder: FOLDER_SETTING.name,
};

function isTrue(value: string | undefined): boolean {
  return !!value && !['0', 'false', 'no', 'off', ''].includes(value.trim().toLowerCase());
}

const defaults = new Map<string, Promise<{ index: URL; fileHosts: string[] }>>();

/** pip's default index and the host of its files, read once per image and process. */
function pipDefaultIndex(req: SourceRequest): Promise<{ index: URL; fileHosts: string[] }> {
  const { image } = req;
  let known = defaults.get(image);
  if (!known) {
    known = readPipDefault(req);
    defaults.set(image, known);
    known.catch(() => defaults.delete(image));
  }
  return known;
}

const READ_DEFAULT = [
  'from pip._internal.models.index import PyPI',
  'print(PyPI.simple_url)',
  'print(PyPI.file_storage_domain)',
].join('; ');

async function readPipDefault(req: SourceRequest): Promise<{ index: URL; fileHosts: string[] }> {
  const { docker, image } = req;
  const id = await docker.createContainer({
    name: resourceName(req.runId, 'pip-index'),
    image,
    labels: withRole(req.labels, 'pip-index'),
    user: LEARNER_USER,
    network: { name: 'none', aliases: [] },
    env: {},
    cmd: ['python3', '-I', '-c', READ_DEFAULT],
    mounts: [],
    limits: { memoryBytes: 128 * 1024 ** 2, pids: 16, cpus: 0.5 },
    hardened: true,
    logMaxBytes: 64 * 1024,
  });
  try {
    await docker.startContainer(id);
    const exitCode = await withTimeout(docker.waitContainer(id), 20_000);
    const [index, fileHost] = (await docker.logs(id, 10)).trim().split('\n');
    if (exitCode !== 0 || !index) throw new Error(`exit code ${exitCode ?? 'none (timed out)'}`);
    return { index: new URL(index), fileHosts: fileHost ? [fileHost.trim().toLowerCase()] : [] };
  } catch (err) {
    throw new InfraError(`reading pip's default index in ${image} failed: ${errorMessage(err)}`);
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
}
