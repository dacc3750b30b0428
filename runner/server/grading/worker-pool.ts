import { errorMessage } from '../../common/errors';
import type { JobQueue } from '../queue/job-queue';
import type { ServerLog } from '../server-log';
import type { Grader, GraderReadiness } from './grader';
import { GradingWorker, type WorkerDeps } from './grading-worker';
import { RunTeardown } from './run-teardown';

export interface WorkerPoolOptions {
  workers: number;
  /** Prefix of worker ids, unique per server process. */
  instanceId: string;
  /** How often idle workers look for jobs (they are also woken when one is enqueued). */
  pollMs?: number;
  /** Waits between tries to remove the runs of failed grades; the default spans about 5 minutes. */
  teardownDelaysMs?: number[];
}

export interface WorkerPoolStatus {
  workers: number;
  busy: Array<{ worker: string; submissionId?: string; since: string }>;
}

/**
 * Runs N workers in this process (give it a grader wrapped by withCachedReadiness). Workers claim
 * nothing while the grader is not ready (Docker down, images missing): submissions wait instead of
 * failing. A job whose worker died comes back through the queue's own claim once its lease ran out.
 */
export class WorkerPool {
  private readonly workers: GradingWorker[];
  private readonly queue: JobQueue;
  private readonly grader: Grader;
  private readonly log: ServerLog;
  private running = false;
  private loops: Promise<void>[] = [];
  private wakers = new Set<() => void>();
  private unsubscribe?: () => void;
  private lastReady?: boolean;
  private recovered = false;
  private readonly teardown: RunTeardown;

  constructor(
    deps: WorkerDeps,
    private readonly opts: WorkerPoolOptions,
  ) {
    this.queue = deps.queue;
    this.grader = deps.grader;
    this.log = deps.log;
    this.teardown = new RunTeardown((runId) => this.grader.removeRun(runId), this.log, opts.teardownDelaysMs);
    this.workers = Array.from(
      { length: opts.workers },
      (_, i) => new GradingWorker(`${opts.instanceId}/${i + 1}`, deps, this.teardown),
    );
  }

  /** Starts the workers (the queue is rebuilt from the store by the server: see QueueResync). */
  start(): void {
    this.running = true;
    this.unsubscribe = this.queue.onAvailable(() => this.wakeAll());
    this.loops = this.workers.map((worker) => this.loop(worker));
  }

  /** Stops claiming; jobs being graded go back to the queue without counting as failures. */
  async stop(): Promise<void> {
    this.running = false;
    this.teardown.stop();
    this.unsubscribe?.();
    this.wakeAll();
    await Promise.all(
      this.workers.map((w) =>
        w
          .release()
          .catch((err: unknown) => this.log.error('could not release a job', { error: errorMessage(err) })),
      ),
    );
  }

  /** Waits for the worker loops to end (after stop, once their current grade returns). */
  async drained(): Promise<void> {
    await Promise.all(this.loops);
  }

  async status(): Promise<WorkerPoolStatus> {
    return {
      workers: this.workers.length,
      busy: this.workers.flatMap((w) => (w.busyWith ? [{ worker: w.id, ...w.busyWith }] : [])),
    };
  }

  /**
   * The grader's readiness; logs when it changes, cleans up leftovers once Docker is first there,
   * and hurries the removal of failed grades' runs whenever it is back.
   */
  async currentReadiness(): Promise<GraderReadiness> {
    const value = await this.grader.readiness().catch((err: unknown): GraderReadiness => ({
      ready: false,
      reason: errorMessage(err),
      docker: { reachable: false, error: errorMessage(err) },
      images: [],
    }));
    const wasReady = this.lastReady;
    this.lastReady = value.ready;
    if (value.ready !== wasReady) {
      if (value.ready) {
        this.log.info('grading is possible');
        this.teardown.retryNow();
      } else this.log.warn('grading is paused; submissions wait', { reason: value.reason });
    }
    if (value.ready && !this.recovered) {
      this.recovered = true;
      const report = await this.grader
        .recover()
        .catch((err: unknown) => `could not remove leftovers: ${errorMessage(err)}`);
      if (report) this.log.info(report);
    }
    return value;
  }

  private async loop(worker: GradingWorker): Promise<void> {
    const pollMs = this.opts.pollMs ?? 1000;
    while (this.running) {
      try {
        const ready = (await this.currentReadiness()).ready;
        if (ready && this.running && (await worker.runOne())) continue;
      } catch (err) {
        this.log.error('worker failed', { worker: worker.id, error: errorMessage(err) });
      }
      await this.idle(pollMs);
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}
