import type { DockerClient } from '../docker/docker-client';
import { LEARNER_USER } from './sandbox-user';

/** How often the folders are measured: a script writing fast may pass the limit by a second's worth. */
const INTERVAL_MS = 1000;
/** "max N": how many times the kernel refused a fork for the pids limit (cgroup v1, then v2). */
const PIDS_EVENTS = ['/sys/fs/cgroup/pids/pids.events', '/sys/fs/cgroup/pids.events'];

export interface DiskExcess {
  folder: string;
  bytes: number;
  /** The narrowest folder holding most of it, relative to `folder` ("node_modules/junk"). */
  biggest?: string;
  /** A folder the install made unreadable, which hides what it holds from the check. */
  unreadable?: string;
}

export interface InstallWatch {
  /** Set once a folder passed the limit; the container has then been stopped. */
  excess(): DiskExcess | undefined;
  /** The kernel refused a fork for the process limit: named even when no output says so. */
  forkRefused(): boolean;
  stop(): void;
}

/**
 * Watches a running install or build every second from inside its container, as the learner
 * account. Its writable volumes have no quota (overlay2 on ext4 has none), so `du` measures them
 * and the container is stopped once one holds more than `limitBytes`; the pids cgroup's event
 * count tells whether a fork was refused, which a fork loop's own output may not show.
 */
export function watchInstall(
  docker: DockerClient,
  id: string,
  folders: string[],
  limitBytes: number,
): InstallWatch {
  let found: DiskExcess | undefined;
  let refused = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = (cmd: string[]) => docker.exec(id, cmd, { user: LEARNER_USER }).catch(() => undefined);
  const tick = async () => {
    // One process each, no shell: they must start even when the process limit is full.
    const events = await run(['cat', ...PIDS_EVENTS]);
    // Depth 3 reaches the packages of node_modules (/app/node_modules/x, /app/api/node_modules/x).
    const sizes = await run(['du', '-k', '-d', '3', ...folders]);
    if (stopped) return;
    refused ||= /^max [1-9]/m.test(events?.stdout ?? '');
    found = sizes && overLimit(sizes.stdout, sizes.stderr, folders, limitBytes);
    if (found) await docker.stopContainer(id, 0).catch(() => undefined);
  };
  const schedule = () => {
    timer = setTimeout(() => {
      void tick().finally(() => {
        if (!stopped && !found) schedule();
      });
    }, INTERVAL_MS);
  };
  schedule();
  return {
    excess: () => found,
    forkRefused: () => refused,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Reads `du -k` output: the first folder over the limit, and where most of it is. */
export function overLimit(
  stdout: string,
  stderr: string,
  folders: string[],
  limitBytes: number,
): DiskExcess | undefined {
  // npm renames and removes folders while du walks them (ENOENT): only a permission error hides data.
  const hidden = /cannot read directory '([^']+)': Permission denied/.exec(stderr)?.[1];
  const sizes = stdout
    .split('\n')
    .map((line) => /^(\d+)\t(.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ bytes: Number(m[1]) * 1024, path: m[2] }));
  if (hidden) {
    const folder = folders.find((f) => hidden.startsWith(f)) ?? hidden;
    return { folder, bytes: 0, unreadable: hidden };
  }
  for (const folder of folders) {
    const total = sizes.find((s) => s.path === folder)?.bytes ?? 0;
    if (total <= limitBytes) continue;
    const inside = sizes.filter((s) => s.path.startsWith(`${folder}/`) && s.bytes * 2 >= total);
    const deepest = inside.sort((a, b) => depth(b.path) - depth(a.path) || b.bytes - a.bytes)[0];
    return { folder, bytes: total, ...(deepest ? { biggest: deepest.path.slice(folder.length + 1) } : {}) };
  }
  return undefined;
}

function depth(path: string): number {
  return path.split('/').length;
}
