/** The limits of the install stage's containers (install and build), and naming them when hit. */

/** npm and native builds (node-gyp, make, g++) need more than a small app; a fork loop stops here. */
export const INSTALL_PIDS = 512;
/** The least memory an install gets, whatever the lab's own app limit. */
export const INSTALL_MIN_MEMORY_BYTES = 1024 ** 3;
export const INSTALL_TMP_BYTES = 256 * 1024 ** 2;
/** Home holds npm's own cache (~/.npm): a large install's tarballs fit, a script's junk does not. */
export const INSTALL_HOME_BYTES = 512 * 1024 ** 2;
/**
 * The most each folder an install writes on the host's disk may hold: the project with its
 * node_modules, and the dependency cache volume it is published to. The node_modules of a large
 * back-end project with native builds stays well under 1 GiB; 2 GiB is a script writing without end.
 */
export const INSTALL_DISK_BYTES = 2 * 1024 ** 3;

export interface InstallLimits {
  memoryBytes?: number;
  pids?: number;
  tmpBytes?: number;
  homeBytes?: number;
  diskBytes?: number;
}

export function installLimits(
  labMemoryBytes: number,
  diskBytes = INSTALL_DISK_BYTES,
): Required<InstallLimits> {
  return {
    memoryBytes: Math.max(labMemoryBytes, INSTALL_MIN_MEMORY_BYTES),
    pids: INSTALL_PIDS,
    tmpBytes: INSTALL_TMP_BYTES,
    homeBytes: INSTALL_HOME_BYTES,
    diskBytes,
  };
}

/** "2 GiB", "256 MiB", "1.5 GiB". */
export function formatBytes(bytes: number): string {
  const [unit, size] =
    bytes >= 1024 ** 3 ? ['GiB', 1024 ** 3] : bytes >= 1024 ** 2 ? ['MiB', 1024 ** 2] : ['KiB', 1024];
  const value = bytes / (size as number);
  return `${Number.isInteger(value) || value >= 100 ? Math.round(value) : value.toFixed(1)} ${unit}`;
}

const FORK_FAILED =
  /Cannot fork|fork: (retry|Resource temporarily unavailable)|Resource temporarily unavailable|\bspawn\b.*\bEAGAIN\b|\bEAGAIN\b.*\bspawn\b|uv_thread_create/i;
const HEAP_EXHAUSTED = /JavaScript heap out of memory|Allocation failed - process out of memory/;
const NO_SPACE = /\bENOSPC\b|No space left on device/;

/** What Docker and the kernel said about the container, beside its output. */
export interface LimitVerdicts {
  /** Docker's verdict: the kernel's OOM killer stopped a process of the container. */
  oomKilled?: boolean;
  /** The pids cgroup refused a fork (install-watch.ts). */
  forkRefused?: boolean;
}

/**
 * Which limit of the install stage the failure shows was hit, stated with its value. Exit code 137
 * (SIGKILL) without Docker's OOM verdict is almost always the same.
 */
export function limitHit(
  lines: string[],
  exitCode: number,
  limits: InstallLimits,
  verdicts: LimitVerdicts = {},
): string | undefined {
  const text = lines.join('\n');
  const memory = limits.memoryBytes
    ? `the install's memory limit is ${Math.round(limits.memoryBytes / 1024 ** 2)} MB`
    : undefined;
  const withLimit = (what: string) => (memory ? `${what}; ${memory}` : what);
  if (verdicts.oomKilled) return `it ran out of memory (${withLimit('killed by the out-of-memory killer')})`;
  if (verdicts.forkRefused || FORK_FAILED.test(text)) return processLimit(limits);
  if (exitCode === 137) return `it ran out of memory (${withLimit('exit code 137')})`;
  if (HEAP_EXHAUSTED.test(text))
    return `it ran out of memory (${withLimit('JavaScript heap out of memory')})`;
  if (NO_SPACE.test(text)) return diskFull(lines, limits);
  return undefined;
}

export function processLimit(limits: InstallLimits): string {
  return `it reached the install's limit of ${limits.pids ?? 'its'} processes (a process could not start another)`;
}

/** ENOSPC: in /tmp or home (small in-memory folders) when npm's path says so, else on the disk. */
function diskFull(lines: string[], limits: InstallLimits): string {
  const where = lines.filter((l) => NO_SPACE.test(l) || /^npm (error|ERR!) path /.test(l)).join('\n');
  const size = (bytes?: number) => (bytes ? ` of ${formatBytes(bytes)}` : '');
  if (/(^|[\s'"])\/tmp\//.test(where))
    return `it ran out of disk space: /tmp has a limit${size(limits.tmpBytes)}`;
  if (/\/home\/learner\//.test(where)) {
    return `it ran out of disk space: the home folder (npm's cache) has a limit${size(limits.homeBytes)}`;
  }
  const all = [
    limits.tmpBytes && `${formatBytes(limits.tmpBytes)} in /tmp`,
    limits.homeBytes && `${formatBytes(limits.homeBytes)} in its home folder`,
    limits.diskBytes && `${formatBytes(limits.diskBytes)} for the project and its node_modules`,
  ].filter(Boolean);
  return `it ran out of disk space in the sandbox${all.length ? ` (the install may use ${all.join(', ')})` : ''}`;
}
