import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { UserError } from '../../common/errors';
import { archiveDirectory } from '../../docker/archive';

export interface PackedFolder {
  /** The .tar.gz to upload. */
  archive: Buffer;
  files: number;
  /** Bytes of the files before compression. */
  bytes: number;
  /** Links are never packed: the server refuses them. */
  skippedLinks: string[];
}

/**
 * The learner's folder as a .tar.gz, packed the way a local grade copies it: .gitignore honoured,
 * node_modules, .git and .backlab left out. The .env goes along, as in a local grade: the app reads
 * its settings from it (see NEVER_IGNORED in docker/archive.ts).
 */
export async function packFolder(folder: string): Promise<PackedFolder> {
  const { tar, files, bytes, skippedLinks } = await archiveDirectory(folder, { uid: 0, gid: 0 });
  if (files === 0)
    throw new UserError(
      `${folder} has no files to submit`,
      'Run this in your project folder, or pass --dir <folder>.',
    );
  return { archive: await promisify(gzip)(tar), files, bytes, skippedLinks };
}
