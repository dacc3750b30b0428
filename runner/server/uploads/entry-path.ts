import { UploadRejected } from './upload-rejected';

/** Folders an upload may contain but that are never kept: installed or version-control data. */
export const IGNORED_FOLDERS = ['node_modules', '.git'];

/** Linux limits, in bytes: one name (NAME_MAX), and a whole path with its final NUL (PATH_MAX). */
export const NAME_MAX_BYTES = 255;
export const PATH_MAX_BYTES = 4096;

/**
 * The path segments of an archive entry, checked: relative, no "..", no backslashes or NUL, not
 * deeper than `maxDepth`, no name longer than the file system allows, and no longer than
 * `maxPathBytes` in all. Archive names are never used as given: the caller joins the segments
 * under a folder it created.
 */
export function entrySegments(rawName: string, maxDepth: number, maxPathBytes: number): string[] {
  const reject = (why: string) => new UploadRejected(422, `entry "${rawName}" ${why}`, rawName);
  if (rawName.includes('\0')) throw reject('has a NUL character in its name');
  if (rawName.includes('\\'))
    throw reject(
      'has a backslash in its name; pack the project with forward slashes (tar, or a zip tool that writes them)',
    );
  if (rawName.startsWith('/') || /^[A-Za-z]:/.test(rawName))
    throw reject('is an absolute path; archive the project folder with relative paths');
  const segments = rawName.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw reject('goes up with ".."; only paths inside the project are allowed');
  if (segments.length === 0) throw reject('has an empty name');
  if (segments.length > maxDepth)
    throw reject(`is ${segments.length} folders deep; the limit is ${maxDepth}`);
  checkLengths(rawName, segments, maxPathBytes);
  return segments;
}

/**
 * Names the file system would refuse (ENAMETOOLONG) are refused here, so they answer 422 at upload
 * instead of failing every grade as if the machine were broken.
 */
function checkLengths(rawName: string, segments: string[], maxPathBytes: number): void {
  const shown = rawName.length > 80 ? `${rawName.slice(0, 40)}…${rawName.slice(-20)}` : rawName;
  const reject = (why: string) => new UploadRejected(422, `entry "${shown}" ${why}`, rawName);
  const long = segments.find((s) => Buffer.byteLength(s) > NAME_MAX_BYTES);
  if (long)
    throw reject(
      `has a name of ${Buffer.byteLength(long)} bytes ("${long.slice(0, 20)}…"); file and folder names may be at most ${NAME_MAX_BYTES} bytes, so rename it`,
    );
  const bytes = Buffer.byteLength(segments.join('/'));
  if (bytes > maxPathBytes)
    throw reject(
      `has a path of ${bytes} bytes; the server can unpack paths of at most ${maxPathBytes} bytes (the system limit is ${PATH_MAX_BYTES} with the folder it unpacks into), so shorten its folder names`,
    );
}

/**
 * The entry for the archive's own top folder, as `tar czf project.tar.gz .` writes it ("./"):
 * nothing to create, since the project folder is the folder unpacked into.
 */
export function isArchiveRoot(rawName: string): boolean {
  return rawName.startsWith('.') && rawName.split('/').every((s) => s === '' || s === '.');
}

/** Whether the entry lies in node_modules or .git at any level. */
export function isIgnored(segments: string[]): boolean {
  return segments.some((s) => IGNORED_FOLDERS.includes(s));
}
