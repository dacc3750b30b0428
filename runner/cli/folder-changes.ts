import { relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Ignore } from 'ignore';
import { submissionRules } from '../docker/archive';

/** Editors save in bursts (write, rename, chmod): changes this close together are one. */
const SETTLE_MS = 300;

export interface FolderChanges {
  /** Resolves with the paths (relative to the folder) changed since the last call, once some are. */
  next(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Watches a learner's folder for changes to what a grade would copy: the paths the sandbox
 * ignores (node_modules, .backlab, what .gitignore lists) change nothing, so they are not watched
 * at all, which also keeps the watcher off node_modules' thousands of files. A change to
 * .gitignore applies from the next change on.
 */
export async function watchFolder(folder: string): Promise<FolderChanges> {
  let rules = await submissionRules(folder);
  const pending = new Set<string>();
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let settled = false;

  const ignored = (path: string, stats?: { isDirectory(): boolean }) => {
    const rel = relative(folder, path).split(sep).join('/');
    if (!rel || rel.startsWith('..')) return false;
    // Before chokidar has stat'ed a path it cannot say whether it is a folder: either form counts.
    if (stats?.isDirectory()) return rules.ignores(`${rel}/`);
    return rules.ignores(rel) || (!stats && rules.ignores(`${rel}/`));
  };
  const watcher: FSWatcher = watch(folder, { ignored, ignoreInitial: true, followSymlinks: false });
  const changed = (path: string) => {
    const rel = relative(folder, path).split(sep).join('/');
    pending.add(rel);
    settled = false;
    clearTimeout(timer);
    timer = setTimeout(() => {
      settled = true;
      wake?.();
    }, SETTLE_MS);
    if (rel === '.gitignore') {
      void submissionRules(folder).then((fresh: Ignore) => (rules = fresh));
    }
  };
  watcher.on('all', (_event, path) => changed(path));
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', () => resolve());
    watcher.once('error', reject);
  });

  return {
    async next() {
      // Changes that came while the caller was busy (a grade running) are handed over at once.
      while (!settled || pending.size === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      settled = false;
      const paths = [...pending].sort();
      pending.clear();
      return paths;
    },
    close: () => {
      clearTimeout(timer);
      return watcher.close();
    },
  };
}
