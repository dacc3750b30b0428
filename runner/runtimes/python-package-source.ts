import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { errorMessage, InfraError } from '../common/errors';
import { withTimeout } from '../common/poll';
import type { DockerClient, Labels } from '../docker/docker-client';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { LEARNER_USER } from '../sandbox/sandbox-user';

/** Where pip may fetch the packages an app declares that the Python image does not have. */
export interface PythonPackageSource {
  /** A package index (PEP 503 "simple" API), reached through the registry gateway. */
  index?: URL;
  /** Hosts the index serves its files from besides its own (PyPI's files live on a host of their own). */
  fileHosts: string[];
  /** A folder of wheels and source archives on this machine (pip's --find-links), mounted read-only. */
  folder?: string;
  /** What the source is, for messages: "the package index https://…" or "the folder /srv/wheels". */
  description: string;
}

/**
 * The grading machine's pip settings, in pip's own names: `PIP_INDEX_URL` (an index, such as a
 * school's mirror), `PIP_FIND_LINKS` (a folder of wheels, for machines with no index at all) and
 * `PIP_NO_INDEX` (never an index). With none of them, pip's own default index, as pip in the
 * image names it. Undefined: nothing to fetch from.
 */
export interface SourceRequest {
  docker: DockerClient;
  runId: string;
  labels: Labels;
  image: string;
}

export async function pythonPackageSource(
  req: SourceRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonPackageSource | undefined> {
  const folder = env.PIP_FIND_LINKS?.trim() || undefined;
  if (folder) await checkFolder(folder);
  const noIndex = isTrue(env.PIP_NO_INDEX);
  const configured = env.PIP_INDEX_URL?.trim();
  let index: URL | undefined;
  let fileHosts: string[] = [];
  if (configured && !noIndex) index = indexUrl(configured);
  else if (!folder && !noIndex) ({ index, fileHosts } = await pipDefaultIndex(req));
  if (!index && !folder) return undefined;
  const description = [index && `the package index ${index.href}`, folder && `the folder ${folder}`]
    .filter(Boolean)
    .join(' and ');
  return { index, fileHosts, folder, description };
}

function isTrue(value: string | undefined): boolean {
  return !!value && !['0', 'false', 'no', 'off', ''].includes(value.trim().toLowerCase());
}

function indexUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InfraError(
      `PIP_INDEX_URL is not a URL: ${value}`,
      'Set it to an index such as https://host/simple/.',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InfraError(
      `PIP_INDEX_URL must be an http(s) URL, not ${url.protocol}//`,
      'For a folder of wheels on this machine, set PIP_FIND_LINKS to its path instead.',
    );
  }
  return url;
}

async function checkFolder(folder: string): Promise<void> {
  const hint = 'Set PIP_FIND_LINKS to the absolute path of a folder of wheels (.whl) and source archives.';
  if (!isAbsolute(folder)) throw new InfraError(`PIP_FIND_LINKS is not an absolute path: ${folder}`, hint);
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new InfraError(`PIP_FIND_LINKS is not a folder: ${folder}`, hint);
  // The sandbox's learner account reads it: neither owner nor group of the host's files.
  if ((info.mode & 0o005) !== 0o005) {
    throw new InfraError(
      `PIP_FIND_LINKS (${folder}) cannot be read by the sandbox's learner account`,
      `Let every user read and enter it: \`chmod o+rx ${folder}\`, and o+r on its files.`,
    );
  }
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
