import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { closestMatch } from './closest-match';

/** "Did you mean tests/02-login.test.ts?" for a path in lab.yaml that names nothing. */

export type EntryKind = 'file' | 'folder';

export interface LabEntries {
  files: string[];
  folders: string[];
}

/** Beyond this many entries the walk stops: a suggestion is a courtesy, not worth a long wait. */
const MAX_ENTRIES = 5000;
const SKIPPED_FOLDERS = new Set(['node_modules']);

/** Every file and folder of the lab, as POSIX paths relative to it; dot folders and node_modules left out. */
export async function labEntries(labDir: string): Promise<LabEntries> {
  const entries: LabEntries = { files: [], folders: [] };
  const pending = [''];
  while (pending.length > 0 && entries.files.length + entries.folders.length < MAX_ENTRIES) {
    const relative = pending.shift() as string;
    const listed = await readdir(path.join(labDir, relative), { withFileTypes: true }).catch(() => []);
    for (const entry of listed) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isFile()) entries.files.push(child);
      else if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) {
        entries.folders.push(child);
        pending.push(child);
      }
    }
  }
  return entries;
}

/**
 * The existing path `target` most likely meant, in this order: a typo anywhere in it (one or two
 * letters, `.js` for `.ts`), the same name with another extension in the same folder
 * (`02-login.ts` for `02-login.test.ts`), the same name in another folder when only one has it.
 */
export function closestPath(target: string, candidates: readonly string[]): string | undefined {
  const wanted = path.posix.normalize(target.replace(/\\/g, '/'));
  const others = candidates.filter((candidate) => candidate !== wanted);
  const folder = path.posix.dirname(wanted);
  const sameStem = (c: string) => stem(wanted) !== '' && stem(c) === stem(wanted);
  return (
    closestMatch(wanted, others) ??
    onlyOne(others.filter((c) => path.posix.dirname(c) === folder && sameStem(c))) ??
    onlyOne(others.filter((c) => path.posix.basename(c) === path.posix.basename(wanted)))
  );
}

/** The name without any extension: `02-login` of `tests/02-login.test.ts`. */
function stem(file: string): string {
  return path.posix.basename(file).split('.')[0];
}

function onlyOne(found: string[]): string | undefined {
  return found.length === 1 ? found[0] : undefined;
}
