import { sleep } from '../common/poll';
import type { DockerClient, LogLine } from '../docker/docker-client';

/** Quiet this long after new output, a follow is re-attached: Docker's may have stalled at a rotation. */
export const STALL_MS = 1000;
/** Between attaches that delivered nothing new while the app runs: no busy loop. */
const IDLE_RETRY_MS = 500;

export const ROTATION_GAP_NOTE =
  "… (Docker rotated the app's log before backlab had read all of it: some output is missing here)";

export interface AppLogFollower {
  /** Settles once the container is gone, or after it stopped and its last lines were read. */
  done: Promise<void>;
  stop(): void;
}

/**
 * Follows an app container's log to its last line. Docker's json-file driver rotates a log the app
 * fills faster than it is read, and its follow then ends or stalls; so the log is attached again
 * from the time of the last line written, while the container runs and once after it stopped.
 * Lines rotated away before they were read cannot be had back: the log says where they were.
 */
export function followAppLog(
  docker: DockerClient,
  containerId: string,
  write: (text: string) => void,
): AppLogFollower {
  const stopping = new AbortController();
  const done = (async () => {
    let last: string | undefined;
    let stoppedOnce = false;
    while (!stopping.signal.aborted) {
      const attach = await attachOnce(docker, containerId, last, write, stopping.signal);
      last = attach.last;
      if (stopping.signal.aborted) return;
      const state = await docker.inspectContainer(containerId).catch(() => undefined);
      if (!state) return;
      if (!state.running) {
        if (stoppedOnce) return;
        stoppedOnce = true;
      } else if (!attach.delivered) await sleep(IDLE_RETRY_MS);
    }
  })();
  return { done, stop: () => stopping.abort() };
}

/** One follow from `since` (inclusive, so its first line proves nothing was lost in between). */
async function attachOnce(
  docker: DockerClient,
  containerId: string,
  since: string | undefined,
  write: (text: string) => void,
  stopping: AbortSignal,
): Promise<{ last: string | undefined; delivered: boolean }> {
  const stalled = new AbortController();
  const stop = () => stalled.abort();
  stopping.addEventListener('abort', stop);
  let timer: NodeJS.Timeout | undefined;
  let last = since;
  let first = true;
  let delivered = false;
  const onLine = (line: LogLine) => {
    if (first && since !== undefined && line.time > since) write(ROTATION_GAP_NOTE);
    first = false;
    if (last !== undefined && line.time <= last) return;
    write(line.text);
    last = line.time;
    delivered = true;
    clearTimeout(timer);
    timer = setTimeout(stop, STALL_MS);
  };
  try {
    await docker.followLogs(containerId, onLine, { ...(since ? { since } : {}), signal: stalled.signal });
  } catch {
    // The container may be gone already; the caller's inspect tells.
  } finally {
    clearTimeout(timer);
    stopping.removeEventListener('abort', stop);
  }
  return { last, delivered };
}
