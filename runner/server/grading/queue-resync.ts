import { errorMessage } from '../../common/errors';
import type { JobQueue } from '../queue/job-queue';
import type { ServerLog } from '../server-log';
import type { SubmissionStore } from '../store/submission-store';

/**
 * Puts every unfinished attempt of the store into the queue. The store is the record of truth and
 * `enqueue` leaves existing jobs alone, so this is safe at any time: it restores jobs a crash or a
 * Redis that lost its data dropped, and attempts accepted while the queue could not be reached.
 * One process does it (the embedded server, or the scale-out server that holds the leadership).
 */
export class QueueResync {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: SubmissionStore,
    private readonly queue: JobQueue,
    private readonly log: ServerLog,
  ) {}

  /** One pass; returns how many attempts it handed to the queue (most are usually already there). */
  async once(): Promise<number> {
    const attempts = await this.store.unfinishedAttempts();
    for (const attemptId of attempts) await this.queue.enqueue(attemptId);
    return attempts.length;
  }

  /** A pass now and then every `everyMs`; a failed pass (store or queue away) is logged and retried. */
  start(everyMs: number): void {
    this.stop();
    const pass = () =>
      this.once().catch((err: unknown) =>
        this.log.warn('could not re-sync the queue from the store', { error: errorMessage(err) }),
      );
    void pass();
    this.timer = setInterval(() => void pass(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
