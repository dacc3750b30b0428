/** What an uploaded project may be; each has a default and a `backlab serve` flag. */
export interface UploadLimits {
  /** Size of the .tar.gz or .zip as sent. */
  maxCompressedBytes: number;
  /** Files and folders kept after ignoring node_modules and .git. */
  maxEntries: number;
  /** Total size of the files kept, unpacked. */
  maxUnpackedBytes: number;
  /** Folder levels of a path: "a/b/c.js" is 3. */
  maxPathDepth: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxCompressedBytes: 10 * 1024 ** 2,
  maxEntries: 2000,
  maxUnpackedBytes: 50 * 1024 ** 2,
  maxPathDepth: 20,
};

/**
 * Ignored entries (node_modules, .git) are read through but not kept; this caps everything read
 * (tar headers of 512 bytes included), so a small archive of zeros cannot keep the server
 * decompressing for minutes.
 */
export function maxBytesRead(limits: UploadLimits): number {
  return limits.maxUnpackedBytes * 4 + limits.maxEntries * 2048;
}
