import { chmod, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Lab } from '../lab';
import { learnerReferences, referencePaths, type LearnerReferences } from '../lab/learner-references';
import { STATE_DIR } from './workspace-state';

/**
 * Where `backlab start` puts the lab's brief, database files and visible suites in a learner's
 * folder, with the lab's own layout (so the brief's `db/schema.sql` is `.backlab/lab/db/schema.sql`).
 * Inside backlab's state folder: it is backlab's to replace, never collides with the learner's
 * code, and is never copied into a grade or uploaded (docker/archive.ts leaves `.backlab` out).
 */
export const LAB_COPY_DIR = `${STATE_DIR}/lab`;

/** Replaces the folder's copy of the lab's references with the lab's current files, read-only. */
export async function refreshLabCopy(lab: Lab, folder: string): Promise<LearnerReferences> {
  const refs = await learnerReferences(lab);
  const target = join(folder, LAB_COPY_DIR);
  // Built beside the old copy and swapped in, so an interrupted start leaves a whole copy or none.
  const fresh = `${target}.${process.pid}.tmp`;
  await rm(fresh, { recursive: true, force: true });
  for (const file of referencePaths(refs)) {
    const destination = join(fresh, ...file.split('/'));
    await mkdir(dirname(destination), { recursive: true });
    await copyFile(join(lab.dir, ...file.split('/')), destination);
    // Read-only says "this is the lab's, not yours"; folders stay writable so a refresh can replace them.
    await chmod(destination, 0o444);
  }
  await mkdir(fresh, { recursive: true });
  await rm(target, { recursive: true, force: true });
  await rename(fresh, target);
  return refs;
}
