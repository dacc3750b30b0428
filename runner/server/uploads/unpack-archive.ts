import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArchiveEntry, ArchiveFormat } from './archive-entry';
import { detectArchiveFormat } from './archive-format';
import { entrySegments, isArchiveRoot, isIgnored, PATH_MAX_BYTES } from './entry-path';
import { visitTarGz } from './tar-entries';
import { maxBytesRead, type UploadLimits } from './upload-limits';
import { UploadRejected } from './upload-rejected';
import { visitZip } from './zip-entries';

export interface UnpackReport {
  format: ArchiveFormat;
  files: number;
  folders: number;
  /** Bytes of the files kept. */
  bytes: number;
  /** Entries skipped because they lie in node_modules or .git. */
  ignored: number;
}

export interface UnpackOptions {
  limits: UploadLimits;
  /** An empty folder this process created; without it the archive is only checked. */
  into?: string;
  /** Longest entry path accepted, in bytes; by default what fits under PATH_MAX below `into`. */
  maxPathBytes?: number;
}

/**
 * Checks an uploaded archive entry by entry against the limits and, with `into`, writes it there.
 * Only regular files and folders pass; anything else rejects the whole upload, naming the entry.
 * Paths are rebuilt from checked segments under `into`, files are created exclusively and without
 * following links, so nothing the archive says can make a write land outside `into`.
 */
export async function unpackArchive(file: string, opts: UnpackOptions): Promise<UnpackReport> {
  const format = await detectArchiveFormat(file);
  const report: UnpackReport = { format, files: 0, folders: 0, bytes: 0, ignored: 0 };
  const { limits, into } = opts;
  const maxPathBytes = opts.maxPathBytes ?? roomBelow(into);
  // Paths seen so far, so duplicates and file/folder clashes are found even when only checking.
  const seen = new Map<string, 'file' | 'folder'>();

  const ensureFolder = async (segments: string[], entryName: string) => {
    for (let depth = 1; depth <= segments.length; depth++) {
      const relative = segments.slice(0, depth).join('/');
      const known = seen.get(relative);
      if (known === 'folder') continue;
      if (known === 'file') {
        throw new UploadRejected(
          422,
          `entry "${entryName}" needs a folder "${relative}" where the archive already has a file`,
          entryName,
        );
      }
      if (into) await mkdir(join(into, ...segments.slice(0, depth)));
      seen.set(relative, 'folder');
    }
  };

  const visit = async (entry: ArchiveEntry) => {
    if (entry.kind === 'directory' && isArchiveRoot(entry.name)) return;
    const segments = entrySegments(entry.name, limits.maxPathDepth, maxPathBytes);
    if (entry.kind === 'unsupported') {
      throw new UploadRejected(
        422,
        `entry "${entry.name}" is a ${entry.description}; only regular files and folders are allowed`,
        entry.name,
      );
    }
    if (isIgnored(segments)) {
      report.ignored++;
      return;
    }
    if (report.files + report.folders >= limits.maxEntries) {
      throw new UploadRejected(
        413,
        `the archive has more than ${limits.maxEntries} files and folders (node_modules and .git not counted); entry "${entry.name}" is over the limit`,
        entry.name,
      );
    }
    if (entry.kind === 'directory') {
      await ensureFolder(segments, entry.name);
      report.folders++;
      return;
    }
    await ensureFolder(segments.slice(0, -1), entry.name);
    const path = segments.join('/');
    if (seen.has(path)) {
      const what =
        seen.get(path) === 'file'
          ? 'appears twice in the archive'
          : 'is a file where the archive already has a folder';
      throw new UploadRejected(422, `entry "${entry.name}" ${what}`, entry.name);
    }
    seen.set(path, 'file');
    report.files++;
    const content = await entry.open!();
    const counter = sizeLimit(report, limits.maxUnpackedBytes, entry.name);
    await pipeline(
      content,
      counter,
      into ? await createExclusive(join(into, ...segments), entry) : discard(),
    );
  };

  if (format === 'tar.gz') await visitTarGz(file, maxBytesRead(limits), visit);
  else await visitZip(file, maxBytesRead(limits), visit);
  return report;
}

/** The bytes left for an entry's path below `folder` ("/" and the final NUL counted). */
export function roomBelow(folder: string | undefined): number {
  return PATH_MAX_BYTES - 1 - (folder === undefined ? 0 : Buffer.byteLength(folder) + 1);
}

function sizeLimit(report: UnpackReport, maxBytes: number, entryName: string): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      report.bytes += chunk.length;
      if (report.bytes > maxBytes) {
        done(
          new UploadRejected(
            413,
            `the files unpack to more than ${maxBytes} bytes (node_modules and .git not counted); entry "${entryName}" is over the limit`,
            entryName,
          ),
        );
      } else done(null, chunk);
    },
  });
}

/** O_EXCL: never overwrite what is there. O_NOFOLLOW: never write through a link. */
async function createExclusive(path: string, entry: ArchiveEntry): Promise<Writable> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await open(path, flags, entry.executable ? 0o755 : 0o644);
  return handle.createWriteStream();
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
