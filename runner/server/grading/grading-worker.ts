import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { errorMessage } from '../../common/errors';
import { sleep } from '../../common/poll';
import type { Progress } from '../../common/progress';
import type { LabRegistry } from '../lab-registry';
import type { JobQueue, Lease } from '../queue/job-queue';
import type { ServerLog } from '../server-log';
import { StoreUnavailableError } from '../store/store-unavailable';
import type { AttemptJob, SubmissionStore } from '../store/submission-store';
import { workFolder } from '../uploads/archive-files';
import { unpackArchive } from '../uploads/unpack-archive';
import type { UploadLimits } from '../uploads/upload-limits';
import type { GradeOutcome, Grader } from './grader';
import { checkArchiveHash, labVersionMismatch, projectRoot } from './job-inputs';
import type { ProgressHub } from './progress-hub';
import type { RunTeardown } from './run-teardown';

export interface WorkerDeps {
  store: SubmissionStore;
  queue: JobQueue;
  grader: Grader;
  labs: LabRegistry;
  hub: ProgressHub;
  log: ServerLog;
  /** The server's data folder (shared storage in the scale-out mode): archives are read from it, runs/ written in it. */
  dataDir: string;
  /** Where uploads are unpacked for grading: private to this process. */
  workRoot: string;
  uploadLimits: UploadLimits;
  leaseMs: number;
  maxInfraFailures: number;
  /** Wait before retrying after the n-th infrastructure failure. */
  retryDelayMs: (failures: number) => number;
}

/** How long a finished grade waits for the store before it is given up (and graded again later). */
const RECORD_PATIENCE_MS = 5 * 60_000;
const STORE_RETRY_MS = 2000;
/** The share of the lease after which a grade without a confirmed renewal stops. */
const LEASE_SAFETY = 0.8;
const WORKER_STOPPED = 'the grading worker stopped while grading (it was restarted or crashed)';

/** One worker: claims a job, grades it while renewing its lease, records exactly one outcome. */
export class GradingWorker {
  private current?: { lease: Lease; job?: AttemptJob; since: Date; released?: boolean };

  constructor(
    readonly id: string,
    private readonly deps: WorkerDeps,
    /** Where the runs of a grade that failed as infrastructure go to be removed. */
    private readonly teardown: RunTeardown,
  ) {}

  /** What the worker is grading now, for /api/health. */
  get busyWith(): { submissionId?: string; since: string } | undefined {
    return (
      this.current && {
        submissionId: this.current.job?.submissionId,
        since: this.current.since.toISOString(),
      }
    );
  }

  /** Claims and grades one job; false when there was none. */
  async runOne(): Promise<boolean> {
    const lease = await this.deps.queue.claim(this.id);
    if (!lease) return false;
    this.current = { lease, since: new Date() };
    try {
      const job = await this.begin(lease).catch(async (err: unknown) => {
        // The store could not be reached: the job goes back soon, and nothing was counted.
        await this.deps.queue.retry(lease, STORE_RETRY_MS).catch(() => undefined);
        throw err;
      });
      if (job) await this.gradeAndRecord(job, lease);
      return true;
    } finally {
      this.current = undefined;
    }
  }

  /** The attempt of `lease` marked running under it; undefined when there is nothing to grade. */
  private async begin(lease: Lease): Promise<AttemptJob | undefined> {
    const { store, queue, hub, log } = this.deps;
    const started = await store.startAttempt(lease.attemptId, lease.token, {
      maxFailures: this.deps.maxInfraFailures,
      cause: WORKER_STOPPED,
    });
    if (started.kind !== 'started') {
      // Finished before its job was removed (a crash in between), or the takeover of a stopped
      // worker's attempt was its last allowed failure.
      await queue.finish(lease);
      if (started.kind === 'failed')
        log.warn('attempt given up', { attempt: lease.attemptId, cause: WORKER_STOPPED });
      return undefined;
    }
    const { job } = started;
    if (started.takenOver)
      log.warn('took over an attempt whose worker stopped', { attempt: job.attemptId, worker: this.id });
    this.current!.job = job;
    hub.beginAttempt(job.submissionId, job.attemptNumber, 'running');
    log.info('grading', {
      submission: job.submissionId,
      attempt: job.attemptNumber,
      lab: job.lab,
      worker: this.id,
      delivery: lease.deliveries,
    });
    return job;
  }

  private async gradeAndRecord(job: AttemptJob, lease: Lease): Promise<void> {
    const { hub, log } = this.deps;
    // The lease is renewed while recording too: the store may be away for a while.
    const done = await this.withRenewedLease(lease, async (lost, signal) => {
      const outcome = await this.grade(job, lease, hub.progressFor(job.submissionId), signal);
      if (this.current?.released || lost()) return;
      await this.recordPersistently(job, lease, outcome);
    });
    if (done === 'lease-lost')
      log.warn('lease lost while grading; the result is dropped', {
        submission: job.submissionId,
        worker: this.id,
      });
  }

  /**
   * Records the outcome, trying again while the store is unreachable (PostgreSQL restarting) so a
   * finished grade is not thrown away; past the limit the lease lapses and the job comes back.
   */
  private async recordPersistently(job: AttemptJob, lease: Lease, outcome: GradeOutcome): Promise<void> {
    const started = Date.now();
    for (;;) {
      try {
        return await this.record(job, lease, outcome);
      } catch (err) {
        if (!(err instanceof StoreUnavailableError) || Date.now() - started > RECORD_PATIENCE_MS) throw err;
        this.deps.log.warn('store unreachable; the result will be recorded when it is back', {
          submission: job.submissionId,
          error: err.message,
        });
        await sleep(STORE_RETRY_MS);
      }
    }
  }

  /** Hands the current job back without counting a failure (the server is shutting down). */
  async release(): Promise<void> {
    const current = this.current;
    if (!current || current.released) return;
    current.released = true;
    await this.deps.store.returnToQueue(current.lease.attemptId, current.lease.token);
    await this.deps.queue.retry(current.lease, 0);
  }

  /**
   * Tells the queue what became of a job whose outcome the store already has. When the queue
   * cannot be reached, its lease lapses and the job comes back, to be closed by the store's answer.
   */
  private async tellQueue(job: AttemptJob, call: () => Promise<boolean>): Promise<void> {
    await call().catch((err: unknown) =>
      this.deps.log.warn('the queue could not be told; the job comes back once its lease lapses', {
        submission: job.submissionId,
        error: errorMessage(err),
      }),
    );
  }

  private async record(job: AttemptJob, lease: Lease, outcome: GradeOutcome): Promise<void> {
    const { store, queue, hub, log } = this.deps;
    if (outcome.kind === 'graded') {
      const recorded = await store.completeAttempt(job.attemptId, lease.token, outcome.result);
      await this.tellQueue(job, () => queue.finish(lease));
      if (recorded) {
        hub.publishState(job.submissionId, job.attemptNumber, 'graded');
        log.info('graded', {
          submission: job.submissionId,
          attempt: job.attemptNumber,
          status: outcome.result.status,
          score: outcome.result.score,
        });
      }
      return;
    }
    if (outcome.runIds?.length) this.teardown.schedule(outcome.runIds);
    const after = await store.recordInfraFailure(
      job.attemptId,
      outcome.cause,
      this.deps.maxInfraFailures,
      lease.token,
    );
    log.warn('infrastructure failure', {
      submission: job.submissionId,
      attempt: job.attemptNumber,
      cause: outcome.cause,
      then: after,
    });
    if (after === 'requeued') {
      const failures =
        (await store.attempts(job.submissionId)).find((a) => a.id === job.attemptId)?.failures.length ?? 1;
      await this.tellQueue(job, () => queue.retry(lease, this.deps.retryDelayMs(failures)));
      hub.publishState(job.submissionId, job.attemptNumber, 'queued');
    } else {
      await this.tellQueue(job, () => queue.finish(lease));
      if (after === 'error') hub.publishState(job.submissionId, job.attemptNumber, 'error');
    }
  }

  private async grade(
    job: AttemptJob,
    lease: Lease,
    progress: Progress,
    signal: AbortSignal,
  ): Promise<GradeOutcome> {
    const { labs, grader, dataDir, workRoot, uploadLimits } = this.deps;
    const lab = labs.get(job.lab);
    if (!lab) return { kind: 'infrastructure', cause: `lab ${job.lab} is not on this worker` };
    const mismatch = labVersionMismatch(job, labs.hashOf(job.lab));
    if (mismatch) return { kind: 'infrastructure', cause: mismatch };
    const workDir = workFolder(workRoot, job.attemptId, lease.token);
    try {
      const archive = join(dataDir, job.archive);
      await checkArchiveHash(archive, job.contentHash);
      const unpacked = join(workDir, 'submission');
      await mkdir(unpacked, { recursive: true });
      await unpackArchive(archive, { limits: uploadLimits, into: unpacked });
      const submissionDir = await projectRoot(unpacked);
      const runDir = join(dataDir, 'runs', job.submissionId, String(job.attemptNumber));
      await rm(runDir, { recursive: true, force: true });
      return await grader.grade(
        { submissionId: job.submissionId, attemptNumber: job.attemptNumber, lab, submissionDir, runDir },
        progress,
        signal,
      );
    } catch (err) {
      return { kind: 'infrastructure', cause: errorMessage(err) };
    } finally {
      await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /**
   * Runs `work` while renewing the lease every third of its time. When no renewal has been
   * confirmed for most of the lease (Redis away, this process starved) or one is refused, another
   * worker may take the job soon or already has: the signal aborts so the grade stops before that,
   * and two workers never grade one attempt at once.
   */
  private async withRenewedLease<T>(
    lease: Lease,
    work: (lost: () => boolean, signal: AbortSignal) => Promise<T>,
  ): Promise<T | 'lease-lost'> {
    const { queue, log, leaseMs } = this.deps;
    const controller = new AbortController();
    const lose = (why: string) => {
      if (controller.signal.aborted) return;
      log.warn('stopping the grade: the claim on its job is lost', {
        attempt: lease.attemptId,
        why,
        worker: this.id,
      });
      controller.abort();
    };
    let deadline: NodeJS.Timeout | undefined;
    // Counted from before the renewal was sent: the lock surely lasts a lease from then.
    const confirmed = (sentAt: number) => {
      clearTimeout(deadline);
      const left = sentAt + leaseMs * LEASE_SAFETY - performance.now();
      deadline = setTimeout(() => lose('no renewal confirmed in time'), Math.max(0, left));
    };
    confirmed(performance.now());
    const timer = setInterval(
      () => {
        const sentAt = performance.now();
        queue.renew(lease).then(
          (held) => (held ? !controller.signal.aborted && confirmed(sentAt) : lose('renewal refused')),
          (err: unknown) => log.error('lease renewal failed', { error: errorMessage(err) }),
        );
      },
      Math.max(100, Math.floor(leaseMs / 3)),
    );
    try {
      const value = await work(() => controller.signal.aborted, controller.signal);
      return controller.signal.aborted ? 'lease-lost' : value;
    } finally {
      clearInterval(timer);
      clearTimeout(deadline);
    }
  }
}
