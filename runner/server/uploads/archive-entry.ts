import type { Readable } from 'node:stream';

/** One entry of an uploaded archive, the same for tar.gz and zip. */
export interface ArchiveEntry {
  /** The name as written in the archive (not yet checked). */
  name: string;
  kind: 'file' | 'directory' | 'unsupported';
  /** What the entry is, for messages: "regular file", "symbolic link", "character device"… */
  description: string;
  executable: boolean;
  /** Files only: the content, opened on demand; an entry left unopened or unread is skipped. */
  open?: () => Promise<Readable>;
}

/** Called once per entry, in archive order; a throw stops reading and rejects the upload. */
export type EntryVisitor = (entry: ArchiveEntry) => Promise<void>;

export type ArchiveFormat = 'tar.gz' | 'zip';
