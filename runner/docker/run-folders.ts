import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentOwner, type Owner } from './labels';

/**
 * The host folders of a run (app.log, test reports, a submission's copy) are made in the system's
 * temporary folder like this, so that what a killed process left there is found and removed with
 * its containers:
 *
 *   backlab-grade-Ab12Cd/owner.json   the process that made it: { "pid": 4242, "host": "ci-7" }
 *   backlab-grade-Ab12Cd/files/       the caller's files
 */
export type RunFolderKind = 'grade' | 'validate' | 'overlay' | 'worker';

/** mkdtemp's names for our kinds: anything else in the temporary folder is never ours. */
const NAME = /^backlab-(grade|validate|overlay|worker)-[A-Za-z0-9]{6}$/;
const OWNER_FILE = 'owner.json';
const FILES = 'files';

export interface RunFolder {
  /** Where the caller's files go. */
  dir: string;
  dispose(): Promise<void>;
}

export async function makeRunFolder(kind: RunFolderKind, root = tmpdir()): Promise<RunFolder> {
  const top = await mkdtemp(join(root, `backlab-${kind}-`));
  const dispose = () => rm(top, { recursive: true, force: true });
  try {
    const owner: Owner = currentOwner();
    await writeFile(join(top, OWNER_FILE), `${JSON.stringify(owner)}\n`);
    await mkdir(join(top, FILES));
  } catch (error) {
    await dispose();
    throw error;
  }
  return { dir: join(top, FILES), dispose };
}

export interface RunFolderSweep {
  removed: number;
  failures: string[];
}

/**
 * Removes the run folders in `root` whose recorded owner `isGone` says is dead. A folder is only
 * considered when its name is one of ours, it is a real directory of this user, and it holds a
 * well-formed owner.json; a folder being made (no owner.json yet) is thus left alone too.
 */
export async function removeDeadRunFolders(
  root: string,
  isGone: (owner: Owner) => boolean,
): Promise<RunFolderSweep> {
  const sweep: RunFolderSweep = { removed: 0, failures: [] };
  const names = await readdir(root).catch(() => []);
  for (const name of names.filter((n) => NAME.test(n))) {
    const top = join(root, name);
    const owner = await recordedOwner(top);
    if (!owner || !isGone(owner)) continue;
    try {
      await rm(top, { recursive: true, force: true });
      sweep.removed++;
    } catch (error) {
      sweep.failures.push(`${top}: ${(error as Error).message}`);
    }
  }
  return sweep;
}

async function recordedOwner(top: string): Promise<Owner | undefined> {
  const [folder, file] = await Promise.all([
    lstat(top).catch(() => undefined),
    lstat(join(top, OWNER_FILE)).catch(() => undefined),
  ]);
  const uid = process.getuid?.();
  if (!folder?.isDirectory() || (uid !== undefined && folder.uid !== uid)) return undefined;
  if (!file?.isFile() || file.size > 1024) return undefined;
  try {
    const owner = JSON.parse(await readFile(join(top, OWNER_FILE), 'utf8')) as Partial<Owner>;
    const valid = Number.isInteger(owner.pid) && owner.pid! > 0 && typeof owner.host === 'string';
    return valid ? { pid: owner.pid!, host: owner.host! } : undefined;
  } catch {
    return undefined;
  }
}
