import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from '../../common/errors';

/** Where `backlab grade -o` writes: one file, or a folder with a report per graded folder. */
export interface ReportTarget {
  kind: 'file' | 'folder';
  path: string;
}

/**
 * Checks `-o` before anything is graded, so that a grade of many minutes never ends in a path that
 * cannot be written. It names a folder when grading several, when it is one, or when it ends in
 * `/`; a folder that does not exist yet is made when its parent does. Anything else must be a
 * file in a folder that exists.
 */
export async function reportTarget(cwd: string, output: string, several: boolean): Promise<ReportTarget> {
  const path = resolve(cwd, output);
  const found = await stat(path).catch(() => undefined);
  const folder = several || /[\\/]$/.test(output) || found?.isDirectory() === true;
  if (!folder) {
    await requireWritableFolder(dirname(path), output);
    return { kind: 'file', path };
  }
  if (found && !found.isDirectory()) {
    throw new UserError(
      `-o ${output} is a file, and grading several folders writes one report each into a folder`,
      'Give -o a folder: one that exists, or a new one in a folder that exists.',
    );
  }
  if (!found) {
    await requireWritableFolder(dirname(path), output);
    await mkdir(path);
  }
  await requireWritableFolder(path, output);
  return { kind: 'folder', path };
}

async function requireWritableFolder(folder: string, output: string): Promise<void> {
  const found = await stat(folder).catch(() => undefined);
  if (!found?.isDirectory()) {
    throw new UserError(
      `folder not found: ${folder} (for -o ${output})`,
      'Create that folder first, or give -o a path in a folder that exists.',
    );
  }
  await access(folder, constants.W_OK).catch(() => {
    throw new UserError(
      `cannot write into ${folder} (for -o ${output})`,
      'Give -o a folder you can write to.',
    );
  });
}
