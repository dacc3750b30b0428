import { TimeoutError } from '../../common/errors';
import { withTimeout } from '../../common/poll';
import type { DockerClient } from '../docker-client';
import { ContainerExitedError } from './container-exited-error';
import type { WaitStrategy } from './wait-strategy';

/**
 * Ready when the container logs a line that `isReady` accepts: for images of ours whose start
 * script checks readiness itself and says so. Following the log sees the line as it is written,
 * where a probe would find it only at its next round (each one an exec the engine runs). For a
 * container started once, as startContainer's are: after a restart, the line of an earlier start
 * would still be in the log.
 */
export class LogLineWait implements WaitStrategy {
  constructor(
    private readonly subject: string,
    private readonly what: string,
    private readonly isReady: (line: string) => boolean,
  ) {}

  async waitUntilReady(docker: DockerClient, containerId: string, timeoutMs: number): Promise<void> {
    const stop = new AbortController();
    const seen = this.follow(docker, containerId, stop.signal);
    try {
      const ready = await withTimeout(seen, timeoutMs);
      if (ready === undefined)
        throw new TimeoutError(`${this.subject} did not ${this.what} after ${timeoutMs} ms`);
      if (!ready) {
        const state = await docker.inspectContainer(containerId);
        throw new ContainerExitedError(this.subject, state.exitCode, state.oomKilled);
      }
    } finally {
      stop.abort();
    }
  }

  /** True once the line is logged; false when the container stopped without it. */
  private async follow(docker: DockerClient, containerId: string, signal: AbortSignal): Promise<boolean> {
    let since: string | undefined;
    for (;;) {
      let found = false;
      const watcher = new AbortController();
      signal.addEventListener('abort', () => watcher.abort(), { once: true });
      await docker.followLogs(
        containerId,
        (line) => {
          since = line.time;
          if (!found && this.isReady(line.text)) {
            found = true;
            watcher.abort();
          }
        },
        { since, signal: watcher.signal },
      );
      if (found) return true;
      if (signal.aborted) return false;
      // Docker also ends a follow when it rotates the log: go on from the last line if it runs.
      if (!(await docker.inspectContainer(containerId)).running) return false;
    }
  }
}
