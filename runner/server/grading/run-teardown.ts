import { errorMessage } from '../../common/errors';
import { withTimeout } from '../../common/poll';
import type { ServerLog } from '../server-log';

/** Waits before each retry: about 5 minutes in all, after which the next server start sweeps. */
export const TEARDOWN_RETRY_DELAYS_MS = [1, 2, 4, 8, 15, 30, 60, 60, 60, 60].map((s) => s * 1000);
/** A Docker that hangs instead of refusing must not keep a run waiting forever. */
const TRY_TIMEOUT_MS = 30_000;

/** Removes one run's Docker objects; returns a line for the log when there was something, throws when it could not. */
export type RemoveRun = (runId: string) => Promise<string | undefined>;

interface Pending {
  tries: number;
  timer?: NodeJS.Timeout;
}

/**
 * Removes the Docker objects of runs whose grade failed as infrastructure. When Docker went away
 * mid-grade the run's own teardown failed, and the start-up sweep only removes runs of processes
 * that died, so without this they would stay until the server restarts. Retries with backoff,
 * sooner when Docker is seen answering again, and gives up after the last delay.
 */
export class RunTeardown {
  private readonly pending = new Map<string, Pending>();
  private stopped = false;

  constructor(
    private readonly remove: RemoveRun,
    private readonly log: ServerLog,
    private readonly delaysMs: number[] = TEARDOWN_RETRY_DELAYS_MS,
  ) {}

  schedule(runIds: string[]): void {
    for (const runId of runIds) {
      if (this.stopped || this.pending.has(runId)) continue;
      this.pending.set(runId, { tries: 0 });
      void this.attempt(runId);
    }
  }

  /** Docker answers again: the runs waiting for their next try get it now. */
  retryNow(): void {
    for (const [runId, entry] of this.pending) {
      if (!entry.timer) continue; // a try is under way
      clearTimeout(entry.timer);
      entry.timer = undefined;
      void this.attempt(runId);
    }
  }

  /** Runs not removed yet. */
  waiting(): string[] {
    return [...this.pending.keys()];
  }

  /** The server is stopping: no more tries (the next start sweeps what this process left). */
  stop(): void {
    this.stopped = true;
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private async attempt(runId: string): Promise<void> {
    const entry = this.pending.get(runId);
    if (!entry) return;
    entry.tries++;
    let failure = `Docker did not answer within ${TRY_TIMEOUT_MS / 1000} s`;
    try {
      const answered = await withTimeout(
        this.remove(runId).then((report) => ({ report })),
        TRY_TIMEOUT_MS,
      );
      if (answered) {
        this.pending.delete(runId);
        if (answered.report) this.log.info(answered.report, { run: runId, tries: entry.tries });
        return;
      }
    } catch (err) {
      failure = errorMessage(err);
    }
    this.retryLater(runId, entry, failure);
  }

  private retryLater(runId: string, entry: Pending, failure: string): void {
    if (this.stopped || this.pending.get(runId) !== entry) return;
    const delay = this.delaysMs[entry.tries - 1];
    if (delay === undefined) {
      this.pending.delete(runId);
      this.log.error('gave up removing the containers of a run; the next server start removes them', {
        run: runId,
        tries: entry.tries,
        error: failure,
      });
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void this.attempt(runId);
    }, delay);
    // Pending removals alone must not keep the process alive.
    entry.timer.unref();
  }
}
