import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../common/errors';
import type { CliContext } from './cli-context';

/**
 * The folder a command works on (`-d/--dir`, else the current folder), which must exist: a
 * mistyped path is said to be one, rather than taken for a folder that `start` never made.
 */
export async function existingFolder(ctx: CliContext, dir: string | undefined): Promise<string> {
  const folder = resolve(ctx.cwd, dir ?? '.');
  const found = await stat(folder).catch(() => undefined);
  if (!found) {
    throw new UserError(
      `folder not found: ${folder}`,
      'Check the path given to -d/--dir (relative to the current folder), or make the lab folder with `backlab start <lab> <folder>`.',
    );
  }
  if (!found.isDirectory()) {
    throw new UserError(`not a folder: ${folder}`, 'Give -d/--dir the lab folder, not a file in it.');
  }
  return folder;
}
