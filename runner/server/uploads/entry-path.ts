import { UploadRejected } from './upload-rejected';

/** Folders an upload may contain but that are never kept: installed or version-control data. */
export const IGNORED_FOLDERS = ['node_modules', '.git'];

/**
 * The path segments of an archive entry, checked: relative, no "..", no backslashes or NUL, not
 * deeper than `maxDepth`. Archive names are never used as given: the caller joins the segments
 * under a folder it created.
 */
export function entrySegments(rawName: string, maxDepth: number): string[] {
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
  return segments;
}

/** Whether the entry lies in node_modules or .git at any level. */
export function isIgnored(segments: string[]): boolean {
  return segments.some((s) => IGNORED_FOLDERS.includes(s));
}
