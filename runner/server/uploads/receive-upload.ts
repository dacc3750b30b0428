import { createHash, randomBytes } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { UploadRejected } from './upload-rejected';

export interface ReceivedUpload {
  /** A temporary file in the uploads folder, flushed to disk. */
  path: string;
  bytes: number;
  /** sha256 of the bytes, hex. */
  sha256: string;
}

/**
 * Streams a request body into a new file under `folder`, hashing it on the way, and fsyncs it.
 * More than `maxBytes` (declared or sent) rejects with 413 and leaves no file behind.
 */
export async function receiveUpload(
  body: Readable,
  folder: string,
  maxBytes: number,
  declaredLength?: number,
): Promise<ReceivedUpload> {
  if (declaredLength !== undefined && declaredLength > maxBytes) throw tooLarge(maxBytes);
  const path = join(folder, `${randomBytes(8).toString('hex')}.part`);
  const handle = await open(path, 'wx', 0o600);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      bytes += buffer.length;
      if (bytes > maxBytes) throw tooLarge(maxBytes);
      hash.update(buffer);
      await handle.write(buffer);
    }
    if (bytes === 0)
      throw new UploadRejected(
        400,
        'the request has no body; send the .tar.gz or .zip of the project as the request body',
      );
    await handle.sync();
    await handle.close();
    return { path, bytes, sha256: hash.digest('hex') };
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw err;
  }
}

function tooLarge(maxBytes: number): UploadRejected {
  return new UploadRejected(
    413,
    `the upload is larger than ${maxBytes} bytes; leave out build output and data files (node_modules and .git are never needed)`,
  );
}
