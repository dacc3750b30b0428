import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { ArchiveEntry, EntryVisitor } from './archive-entry';
import { UploadRejected } from './upload-rejected';

const S_IFMT = 0o170000;
const UNIX_TYPES: Record<number, string> = {
  0o100000: 'regular file',
  0o040000: 'folder',
  0o120000: 'symbolic link',
  0o020000: 'character device',
  0o060000: 'block device',
  0o010000: 'named pipe',
  0o140000: 'socket',
};

/**
 * Visits the entries of a zip in central-directory order. Sizes are checked against the declared
 * ones by yauzl; `maxBytesRead` caps the total decompressed.
 */
export async function visitZip(file: string, maxBytesRead: number, visit: EntryVisitor): Promise<void> {
  const zip = await openZip(file);
  let read = 0;
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) return;
      if (entry.isEncrypted())
        throw new UploadRejected(
          422,
          `entry "${entry.fileName}" is encrypted; upload a zip without a password`,
          entry.fileName,
        );
      const described = describe(entry);
      if (described.kind !== 'file') {
        await visit(described);
        continue;
      }
      let opened: Readable | undefined;
      const open = async () => {
        read += entry.uncompressedSize;
        if (read > maxBytesRead)
          throw new UploadRejected(413, `the archive unpacks to more than ${maxBytesRead} bytes`);
        return (opened = await openEntry(zip, entry));
      };
      await visit({ ...described, open });
      if (opened) await drain(opened);
    }
  } catch (err) {
    throw asRejection(err);
  } finally {
    zip.close();
  }
}

function drain(stream: Readable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (stream.readableEnded) return resolve();
    stream.once('end', resolve);
    stream.once('error', reject);
    stream.resume();
  });
}

function describe(entry: Entry): ArchiveEntry {
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  const mode = madeOnUnix ? entry.externalFileAttributes >>> 16 : 0;
  const type = mode & S_IFMT;
  const isDirectory = entry.fileName.endsWith('/') || type === 0o040000;
  if (isDirectory)
    return { name: entry.fileName, kind: 'directory', description: 'folder', executable: false };
  if (type === 0 || type === 0o100000) {
    return {
      name: entry.fileName,
      kind: 'file',
      description: 'regular file',
      executable: (mode & 0o111) !== 0,
    };
  }
  return {
    name: entry.fileName,
    kind: 'unsupported',
    description: UNIX_TYPES[type] ?? `file of type ${type.toString(8)}`,
    executable: false,
  };
}

function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      file,
      {
        lazyEntries: true,
        autoClose: false,
        decodeStrings: true,
        validateEntrySizes: true,
        strictFileNames: true,
      },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    );
  });
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(undefined));
    const onError = (err: Error) => (cleanup(), reject(err));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))),
  );
}

function asRejection(err: unknown): UploadRejected {
  if (err instanceof UploadRejected) return err;
  const message = err instanceof Error ? err.message : String(err);
  // yauzl names the entry in its messages ("invalid relative path: ../x").
  return new UploadRejected(
    422,
    `the zip could not be read safely (${message}); pack the project folder again`,
  );
}
