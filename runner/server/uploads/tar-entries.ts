import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract, type Header } from 'tar-stream';
import type { ArchiveEntry, EntryVisitor } from './archive-entry';
import { UploadRejected } from './upload-rejected';

const DESCRIPTIONS: Record<string, string> = {
  file: 'regular file',
  directory: 'folder',
  symlink: 'symbolic link',
  link: 'hard link',
  'character-device': 'character device',
  'block-device': 'block device',
  fifo: 'named pipe',
  'contiguous-file': 'contiguous file',
};

/**
 * Visits the entries of a .tar.gz in order. `maxBytesRead` caps the decompressed stream (headers
 * and skipped entries included), which stops gzip bombs early.
 */
export async function visitTarGz(file: string, maxBytesRead: number, visit: EntryVisitor): Promise<void> {
  const tar = extract();
  let read = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      read += chunk.length;
      if (read > maxBytesRead)
        done(
          new UploadRejected(
            413,
            `the archive unpacks to more than ${maxBytesRead} bytes (node_modules and .git included)`,
          ),
        );
      else done(null, chunk);
    },
  });
  const piping = pipeline(createReadStream(file), createGunzip(), cap, tar);
  // Rejections of `piping` are observed below; this keeps an early one from going unhandled.
  piping.catch(() => undefined);
  try {
    for await (const entryStream of tar) {
      let opened: Readable | undefined;
      // tar-stream's entries are streamx streams; node's stream tools get a node Readable.
      const open = async () => (opened = Readable.from(entryStream));
      await visit(toEntry(entryStream.header, open));
      if (!opened) entryStream.resume();
    }
    await piping;
  } catch (err) {
    tar.destroy();
    const pipeErr = await piping.then(
      () => undefined,
      (e: unknown) => e,
    );
    throw asRejection(err instanceof UploadRejected ? err : (pipeErr ?? err));
  }
}

function toEntry(header: Header, open: () => Promise<Readable>): ArchiveEntry {
  const type = header.type ?? 'file';
  const kind = type === 'file' ? 'file' : type === 'directory' ? 'directory' : 'unsupported';
  return {
    name: header.name,
    kind,
    description: DESCRIPTIONS[type] ?? type,
    executable: ((header.mode ?? 0) & 0o111) !== 0,
    ...(kind === 'file' ? { open } : {}),
  };
}

function asRejection(err: unknown): UploadRejected {
  if (err instanceof UploadRejected) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new UploadRejected(
    422,
    `the .tar.gz could not be read (${message}); pack it again with \`tar czf project.tar.gz .\``,
  );
}
