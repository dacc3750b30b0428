import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { pack } from 'tar-stream';

/** Larger files are not copied into a sandbox: nothing a lab grades needs them. */
export const MAX_FILE_BYTES = 256 * 1024 ** 2;

/** A folder holds a file too large to copy; the message names it and what to do. */
export class FileTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly bytes: number,
  ) {
    super(
      `${path} is ${(bytes / 1024 ** 2).toFixed(0)} MB; files over ${MAX_FILE_BYTES / 1024 ** 2} MB are not copied for grading`,
    );
  }
}

/** Owner given to every entry, so files land in a container owned by the user who runs there. */
export interface Ownership {
  uid: number;
  gid: number;
}

export interface ArchiveEntry {
  /** Path inside the archive, with forward slashes. */
  name: string;
  content: Buffer | string;
  mode?: number;
}

/** Never copied out of a learner's folder: installed, version control, or backlab's own state. */
export const ALWAYS_EXCLUDED = ['node_modules', '.git', '.backlab'];

/**
 * Copied even when .gitignore lists them: what installing and starting the app read. A lockfile or
 * `.env` that is ignored by git is still what `npm ci` and `node --env-file=.env` use locally, so
 * the sandbox must see the same files or the same code grades differently here and there.
 */
export const NEVER_IGNORED = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', '.npmrc', '.env'];

/** A tar of in-memory files, for putArchive (init scripts, configs). */
export async function archiveFiles(
  entries: ArchiveEntry[],
  owner: Ownership = { uid: 0, gid: 0 },
): Promise<Buffer> {
  return packTar(entries, [], owner);
}

async function packTar(entries: ArchiveEntry[], emptyFolders: string[], owner: Ownership): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve);
    tar.on('error', reject);
  });
  // Parent folders get entries of their own: Docker would otherwise create them owned by root.
  const folders = new Set<string>();
  const parents = [...entries.map((e) => posix.dirname(e.name)), ...emptyFolders.map(posix.normalize)];
  for (const parent of parents) {
    for (let dir = parent; dir !== '.' && dir !== '/' && !folders.has(dir); dir = posix.dirname(dir)) {
      folders.add(dir);
    }
  }
  for (const dir of [...folders].sort()) {
    tar.entry({ name: dir, type: 'directory', mode: 0o755, uid: owner.uid, gid: owner.gid });
  }
  for (const entry of entries) {
    tar.entry({ name: entry.name, mode: entry.mode ?? 0o644, uid: owner.uid, gid: owner.gid }, entry.content);
  }
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

export interface DirectoryArchive {
  tar: Buffer;
  /** The same files, with empty folders (mount points) added. */
  withFolders(folders: string[]): Promise<Buffer>;
  files: number;
  bytes: number;
  /** Symbolic links are not copied: they could point anywhere on the host. */
  skippedLinks: string[];
}

/**
 * Which paths of a folder (relative, "/" after a folder's name) are not part of the submission:
 * its .gitignore, but for NEVER_IGNORED, and ALWAYS_EXCLUDED. The sandbox and `test --watch` agree.
 */
export async function submissionRules(dir: string): Promise<Ignore> {
  const rules = ignore().add(ALWAYS_EXCLUDED);
  const gitignore = await readFile(join(dir, '.gitignore'), 'utf8').catch(() => '');
  rules.add(gitignore);
  rules.add(NEVER_IGNORED.map((name) => `!${name}`));
  rules.add(ALWAYS_EXCLUDED);
  return rules;
}

/**
 * A tar of a folder's regular files, honouring its .gitignore (but for NEVER_IGNORED) and skipping
 * ALWAYS_EXCLUDED.
 * Reads only inside `dir`: links are listed, not followed.
 */
export async function archiveDirectory(dir: string, owner: Ownership): Promise<DirectoryArchive> {
  const rules = await submissionRules(dir);

  const entries: ArchiveEntry[] = [];
  const skippedLinks: string[] = [];
  let bytes = 0;
  const walk = async (relative: string): Promise<void> => {
    const names = await readdir(join(dir, relative));
    for (const name of names.sort()) {
      const rel = relative ? posix.join(relative, name) : name;
      const stat = await lstat(join(dir, rel));
      if (stat.isDirectory()) {
        if (!rules.ignores(`${rel}/`)) await walk(rel);
      } else if (stat.isSymbolicLink()) {
        if (!rules.ignores(rel)) skippedLinks.push(rel);
      } else if (stat.isFile() && !rules.ignores(rel)) {
        if (stat.size > MAX_FILE_BYTES) throw new FileTooLargeError(rel, stat.size);
        const content = await readFile(join(dir, rel));
        bytes += content.length;
        entries.push({ name: rel, content, mode: stat.mode & 0o111 ? 0o755 : 0o644 });
      }
    }
  };
  await walk('');
  return {
    tar: await archiveFiles(entries, owner),
    withFolders: (folders) => packTar(entries, folders, owner),
    files: entries.length,
    bytes,
    skippedLinks,
  };
}
