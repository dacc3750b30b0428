import { open } from 'node:fs/promises';
import type { ArchiveFormat } from './archive-entry';
import { UploadRejected } from './upload-rejected';

/** The format of an upload, read from its first bytes (the Content-Type is only a claim). */
export async function detectArchiveFormat(file: string): Promise<ArchiveFormat> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
    // "PK\3\4": a zip with entries; "PK\5\6": an empty zip.
    if (
      bytesRead === 4 &&
      head[0] === 0x50 &&
      head[1] === 0x4b &&
      ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))
    )
      return 'zip';
  } finally {
    await handle.close();
  }
  throw new UploadRejected(
    415,
    'the upload is neither a .tar.gz nor a .zip archive; pack the project folder with `tar czf project.tar.gz .` or as a zip',
  );
}
