import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../common/errors';
import { closestMatch } from './closest-match';
import type { Lab } from './lab';
import { formatProblem, type LabProblem } from './lab-problem';
import { loadLab } from './load-lab';
import { MANIFEST_FILE } from './read-manifest';
import { plural } from '../common/units';

/** The labs of a labs/ folder: listing them (broken ones included) and finding one by id or path. */

export interface BrokenLab {
  /** The folder name, which should be the lab id. */
  id: string;
  /** Absolute path of the lab folder. */
  dir: string;
  errors: LabProblem[];
}

export interface LabCatalog {
  /** Labs that loaded, sorted by id. */
  labs: Lab[];
  /** Lab folders that did not load, sorted by folder name. */
  broken: BrokenLab[];
}

export { defaultLabsDir } from './labs-dir';

/** Every folder of `labsDir` is a lab; one that does not load is listed in `broken`, not thrown. */
export async function listLabs(labsDir: string): Promise<LabCatalog> {
  const folders = await labFolders(labsDir);
  const catalog: LabCatalog = { labs: [], broken: [] };
  for (const folder of folders) {
    const dir = path.join(labsDir, folder);
    const result = await loadLab(dir);
    if (result.ok) catalog.labs.push(result.lab);
    else catalog.broken.push({ id: folder, dir: path.resolve(dir), errors: result.errors });
  }
  return catalog;
}

/**
 * The lab named by `idOrPath`: a lab id in `labsDir`, or a path to a lab folder (relative to `cwd`).
 * Throws a UserError naming the known labs when there is no such lab, or listing the problems of a
 * lab that does not load.
 */
export async function findLab(labsDir: string, idOrPath: string, cwd: string = process.cwd()): Promise<Lab> {
  const dir = await locateLab(labsDir, idOrPath, cwd);
  const result = await loadLab(dir);
  if (result.ok) return result.lab;
  throw new UserError(
    `lab \`${idOrPath}\` has ${plural(result.errors.length, 'problem')}:\n${result.errors.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`,
    `Fix them, then run \`backlab validate ${idOrPath}\`.`,
  );
}

async function locateLab(labsDir: string, idOrPath: string, cwd: string): Promise<string> {
  if (looksLikePath(idOrPath)) return path.resolve(cwd, idOrPath);
  const inCatalog = path.join(labsDir, idOrPath);
  if (existsSync(inCatalog)) return inCatalog;
  // A bare name may also be a lab folder being written in the current directory.
  const inCwd = path.resolve(cwd, idOrPath);
  if (existsSync(path.join(inCwd, MANIFEST_FILE))) return inCwd;

  const known = await labFolders(labsDir);
  const suggestion = closestMatch(idOrPath, known);
  const knownText = known.length > 0 ? `known labs: ${known.join(', ')}` : `there are no labs in ${labsDir}`;
  const didYouMean = suggestion ? `did you mean \`${suggestion}\`? ${capitalise(knownText)}` : knownText;
  throw new UserError(`no lab \`${idOrPath}\`; ${didYouMean}.`, 'Run `backlab list`.');
}

function looksLikePath(idOrPath: string): boolean {
  return (
    idOrPath.includes('/') || idOrPath.includes('\\') || idOrPath.startsWith('.') || path.isAbsolute(idOrPath)
  );
}

/** Sub-folders of `labsDir`, sorted; hidden folders and node_modules are not labs. */
async function labFolders(labsDir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(labsDir, { withFileTypes: true });
  } catch {
    throw new UserError(`labs folder ${labsDir} not found`, 'Check the path given for the labs folder.');
  }
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => entry.name)
    .sort();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
