import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../common/errors';
import type { Progress } from '../../common/progress';
import type { LabRegistry } from '../lab-registry';
import type { JobQueue, Lease } from '../queue/job-queue';
import type { ServerLog } from '../server-log';
import type { AttemptJob, SubmissionStore } from '../store/submission-store';
import { workFolder } from '../uploads/archive-files';
import { unpackArchive } from '../uploads/unpack-archive';
import type { UploadLimits } from '../uploads/upload-limits';
import type { GradeOutcome, Grader } from './grader';
import type { ProgressHub } from './progress-hub';
import type { RunTeardown } from './run-teardown';

export interface WorkerDeps {
  store: SubmissionStore;
  queue: JobQueue;
  grader: Grader;
  labs: LabRegistry;
  hub: ProgressHub;
  log: ServerLog;
  /** The server's data folder: archives are read from it, work/ and runs/ are written in it. */
  dataDir: string;
  uploadLimits: UploadLimits;
  leaseMs: number;
  maxInfraFailures: number;
  /** Wait before retrying after the n-th infrastructure failure. */
  retryDelayMs: (failures: number) => number;
}

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
    const { store, queue, hub, log } = this.deps;
    const lease = await queue.claim(this.id);
    if (!lease) return false;
    this.current = { lease, since: new Date() };
    try {
      const job = await store.startAttempt(lease.attemptId, lease.token);
      if (!job) {
        // The attempt finished before its job was removed (a crash in between): nothing to do.
        await queue.finish(lease);
        return true;
      }
      this.current.job = job;
      hub.beginAttempt(job.submissionId, job.attemptNumber, 'running');
      log.info('grading', {
        submission: job.submissionId,
        attempt: job.attemptNumber,
        lab: job.lab,
        worker: this.id,
        delivery: lease.deliveries,
      });
      const outcome = await this.withRenewedLease(lease, () =>
        this.grade(job, lease, hub.progressFor(job.submissionId)),
      );
      if (this.current.released) return true;
      if (outcome === 'lease-lost') {
        log.warn('lease lost while grading; the result is dropped', {
          submission: job.submissionId,
          worker: this.id,
        });
        return true;
      }
      await this.record(job, lease, outcome);
      return true;
    } finally {
      this.current = undefined;
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

  private async record(job: AttemptJob, lease: Lease, outcome: GradeOutcome): Promise<void> {
    const { store, queue, hub, log } = this.deps;
    if (outcome.kind === 'graded') {
      const recorded = await store.completeAttempt(job.attemptId, lease.token, outcome.result);
      await queue.finish(lease);
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
      await queue.retry(lease, this.deps.retryDelayMs(failures));
      hub.publishState(job.submissionId, job.attemptNumber, 'queued');
    } else {
      await queue.finish(lease);
      if (after === 'error') hub.publishState(job.submissionId, job.attemptNumber, 'error');
    }
  }

  private async grade(job: AttemptJob, lease: Lease, progress: Progress): Promise<GradeOutcome> {
    const { labs, grader, dataDir, uploadLimits } = this.deps;
    const lab = labs.get(job.lab);
    if (!lab) return { kind: 'infrastructure', cause: `lab ${job.lab} is not on this server any more` };
    const workDir = workFolder(dataDir, job.attemptId, lease.token);
    try {
      const unpacked = join(workDir, 'submission');
      await mkdir(unpacked, { recursive: true });
      await unpackArchive(join(dataDir, job.archive), { limits: uploadLimits, into: unpacked });
      const submissionDir = await projectRoot(unpacked);
      const runDir = join(dataDir, 'runs', job.submissionId, String(job.attemptNumber));
      await rm(runDir, { recursive: true, force: true });
      return await grader.grade(
        { submissionId: job.submissionId, attemptNumber: job.attemptNumber, lab, submissionDir, runDir },
        progress,
      );
    } catch (err) {
      return { kind: 'infrastructure', cause: errorMessage(err) };
    } finally {
      await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async withRenewedLease<T>(lease: Lease, work: () => Promise<T>): Promise<T | 'lease-lost'> {
    let lost = false;
    const timer = setInterval(
      () => {
        this.deps.queue.renew(lease).then(
          (held) => (lost ||= !held),
          (err: unknown) => this.deps.log.error('lease renewal failed', { error: errorMessage(err) }),
        );
      },
      Math.max(100, Math.floor(this.deps.leaseMs / 3)),
    );
    try {
      const value = await work();
      return lost ? 'lease-lost' : value;
    } finally {
      clearInterval(timer);
    }
  }
}

/**
 * Archives made by zipping the project folder itself hold one top folder ("my-login/…"); the
 * project is then that folder.
 */
async function projectRoot(unpacked: string): Promise<string> {
  const entries = await readdir(unpacked, { withFileTypes: true });
  if (entries.length === 1 && entries[0].isDirectory()) return join(unpacked, entries[0].name);
  return unpacked;
}
