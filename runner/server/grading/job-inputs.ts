import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttemptJob } from '../store/submission-store';

/** What a worker checks and finds in a job before grading it. */

/**
 * Archives made by zipping the project folder itself hold one top folder ("my-login/…"); the
 * project is then that folder.
 */
export async function projectRoot(unpacked: string): Promise<string> {
  const entries = await readdir(unpacked, { withFileTypes: true });
  if (entries.length === 1 && entries[0].isDirectory()) return join(unpacked, entries[0].name);
  return unpacked;
}

/** Why this worker must not grade `job`: it has another version of the lab than the attempt was queued for. */
export function labVersionMismatch(job: AttemptJob, have: string | undefined): string | undefined {
  if (!job.labHash || job.labHash === have) return undefined;
  return `this worker has another version of lab ${job.lab} (${short(have)}) than the attempt was queued for (${short(job.labHash)}); give every worker the server's labs folder`;
}

function short(hash: string | undefined): string {
  return hash ? hash.replace(/^sha256:/, '').slice(0, 12) : 'none';
}

/** The archive as the API received it: shared storage that changed or broke under it is not graded. */
export async function checkArchiveHash(path: string, expected: string): Promise<void> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  if (actual !== expected)
    throw new Error(
      `the stored upload ${path} does not match its recorded hash (sha256 ${actual.slice(0, 12)}…)`,
    );
}
