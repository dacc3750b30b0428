import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';

export interface ContextFile {
  /** Relative to the Dockerfile folder, with forward slashes. */
  path: string;
  content: Buffer;
}

export interface KeyInputs {
  files: ContextFile[];
  /** Image id of the base the image is built on: a new base means a rebuild. */
  baseImageId: string;
  /** Anything else the image bakes in, such as the Node.js version copied from the host. */
  extras?: string[];
}

/**
 * The content key of an image: sha256 over its Dockerfile folder (sorted paths and contents),
 * the base image id and the extras. Equal keys mean an identical build, so it can be skipped.
 */
export function computeContentKey(inputs: KeyInputs): string {
  const hash = createHash('sha256');
  // Length prefixes keep "ab"+"c" apart from "a"+"bc".
  const add = (part: string | Buffer) => hash.update(`${Buffer.byteLength(part)}:`).update(part);
  const files = [...inputs.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of files) {
    add(file.path);
    add(file.content);
  }
  add(inputs.baseImageId);
  for (const extra of inputs.extras ?? []) add(extra);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Every file under `folder`, recursively, as relative forward-slash paths in sorted order.
 * node_modules folders are installed, not authored: the lockfile beside them is what counts.
 */
export async function listFolderFiles(folder: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(folder, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name === 'node_modules') continue;
    const path = prefix ? posix.join(prefix, entry.name) : entry.name;
    if (entry.isDirectory()) files.push(...(await listFolderFiles(folder, path)));
    else files.push(path);
  }
  return files.sort();
}

export async function readContextFiles(folder: string): Promise<ContextFile[]> {
  const paths = await listFolderFiles(folder);
  return Promise.all(paths.map(async (path) => ({ path, content: await readFile(join(folder, path)) })));
}
