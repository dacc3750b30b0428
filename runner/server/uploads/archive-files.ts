import { randomBytes } from 'node:crypto';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveFormat } from './archive-entry';
import { roomBelow } from './unpack-archive';

/** The folders of the data directory that hold uploads, and the copies workers grade. */
export const ARCHIVES_DIR = 'archives';
export const UPLOADS_DIR = 'uploads';
export const WORK_DIR = 'work';

/**
 * The folder of one grade of an attempt under `workRoot` (the data folder's work/, or a worker's
 * own folder in the scale-out mode); its `submission` folder holds the unpacked upload.
 */
export function workFolder(workRoot: string, attemptId: number, leaseToken: string): string {
  return join(workRoot, `${attemptId}-${leaseToken.slice(0, 8)}`);
}

/**
 * The longest entry path every future grade can unpack: the room below the deepest work folder
 * (largest attempt id), so an upload accepted now never fails later as too long.
 */
export function uploadPathRoom(dataDir: string): number {
  return roomBelow(
    join(workFolder(join(dataDir, WORK_DIR), Number.MAX_SAFE_INTEGER, 'lease-id'), 'submission'),
  );
}

export function newSubmissionId(): string {
  return `s-${randomBytes(6).toString('hex')}`;
}

/** Owner only, like the data folder: they hold learners' code. */
export async function prepareUploadFolders(dataDir: string): Promise<void> {
  await mkdir(join(dataDir, ARCHIVES_DIR), { recursive: true, mode: 0o700 });
  await mkdir(join(dataDir, UPLOADS_DIR), { recursive: true, mode: 0o700 });
}

/**
 * Moves a received, flushed upload to its final name and flushes the folder entry too, so after a
 * crash the archive is either fully there or not at all. Returns its path relative to `dataDir`.
 */
export async function keepArchive(
  dataDir: string,
  received: string,
  id: string,
  format: ArchiveFormat,
): Promise<string> {
  const relative = join(ARCHIVES_DIR, `${id}.${format}`);
  await rename(received, join(dataDir, relative));
  const folder = await open(join(dataDir, ARCHIVES_DIR), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  return relative;
}
