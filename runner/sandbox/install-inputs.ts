import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { archiveFiles, type ArchiveEntry } from '../docker/archive';
import type { PackageInfo } from './package-json';
import { LEARNER } from './sandbox-user';

/** Files npm reads to install a project, beside package.json. */
const MANIFEST_FILES = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', '.npmrc'];
/** The project's own lifecycle scripts that `npm install` / `npm ci` run. */
const OWN_INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

export interface InstallInputs {
  /** What the install container gets: the manifest files, or the whole project (see below). */
  tar: Buffer;
  /** The dependency cache key: equal keys mean byte-identical inputs to the install. */
  key: string;
  wholeProject: boolean;
}

export interface InputsRequest {
  /** The submission's files as a tar (everything that is copied into the sandbox). */
  projectTar: Buffer;
  appDir: string;
  appPath: string;
  pkg: PackageInfo;
  command: string;
  /** Image id of the node image: a new image (Node version, headers) means new native builds. */
  imageId: string;
}

/**
 * What a dependency install may see, and the cache key over exactly that. An install normally
 * gets only package.json, the lockfile and .npmrc, so nothing else of the learner's code can
 * shape the node_modules that a later learner with the same manifest reuses. A project whose own
 * install scripts, workspaces or `file:` dependencies need its other files gets the whole
 * project, and then the key covers every byte of it.
 */
export async function installInputs(req: InputsRequest): Promise<InstallInputs> {
  const hash = createHash('sha256');
  const add = (part: string | Buffer) => hash.update(`${Buffer.byteLength(part)}:`).update(part);
  add(req.imageId);
  add(req.command);
  add(req.appPath);
  const wholeProject = needsWholeProject(req.pkg);
  if (wholeProject) {
    add(req.projectTar);
    return { tar: req.projectTar, key: hash.digest('hex').slice(0, 24), wholeProject };
  }
  const entries: ArchiveEntry[] = [];
  for (const name of MANIFEST_FILES) {
    const content = await readFile(join(req.appDir, name)).catch(() => undefined);
    add(name);
    add(content ?? '\0absent');
    if (content) entries.push({ name: posix.join(req.appPath, name), content });
  }
  return { tar: await archiveFiles(entries, LEARNER), key: hash.digest('hex').slice(0, 24), wholeProject };
}

function needsWholeProject(pkg: PackageInfo): boolean {
  const json = pkg.json as PackageInfo['json'] & { workspaces?: unknown };
  if (OWN_INSTALL_SCRIPTS.some((name) => json.scripts?.[name])) return true;
  if (json.workspaces) return true;
  const specs = Object.values({ ...json.dependencies, ...json.devDependencies });
  return specs.some((spec) => /^(file|link|workspace):/.test(String(spec)));
}
