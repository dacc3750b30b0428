import type { GradeResult } from '../../grading/result';
import { planFailure, planStart } from './attempt-rules';
import { PostgresAccounts } from './postgres-accounts';
import { bestScores, countByState, countSubmissions, listSubmissions } from './postgres-listing';
import { LOCKS, lockSql, PgDatabase, type PostgresOptions, type Sql } from './postgres-pool';
import {
  countQueued,
  duplicateOf,
  insertAttempt,
  recentTimes,
  SUBMISSION_WITH_ATTEMPT,
  submissionWhere,
  toSubmission,
  type SubmissionWithAttempt,
} from './postgres-queries';
import { migrate } from './postgres-schema';
import type {
  Attempt,
  AttemptState,
  ListedSubmission,
  NewSubmission,
  Submission,
  SubmissionFilter,
} from './records';
import {
  JOB_COLUMNS,
  outcomeColumns,
  toAttempt,
  toJob,
  type AttemptLockRow,
  type AttemptRow,
  type JobRow,
} from './rows';
import type {
  BestScore,
  CreateLimits,
  CreateOutcome,
  FailureOutcome,
  RegradeOutcome,
  StartOutcome,
  SubmissionStore,
  Takeover,
} from './submission-store';

/**
 * The store of the scale-out mode: PostgreSQL, shared by every API server and worker. Same
 * semantics as SqliteStore (the decisions are attempt-rules.ts's, the rows rows.ts's, the lists
 * listing-query.ts's). Every multi-row change is one transaction, every worker write checks the
 * fence in its WHERE or under a row lock, and a database that cannot be reached makes a call
 * throw StoreUnavailableError (postgres-pool.ts); the pool reconnects by itself when it is back.
 *
 * Admission (createSubmission, regrade) takes one transaction-scoped advisory lock before its
 * checks, rather than running SERIALIZABLE and retrying: the queue bound counts queued attempts of
 * every learner, so any two concurrent admissions conflict, and SERIALIZABLE would abort all but
 * one and rerun them (more work, and a retry loop that can still give up under load). The lock
 * simply queues them for the few milliseconds the checks and inserts take; each statement after it
 * (READ COMMITTED) sees everything the previous holder committed. Workers' writes do not take it:
 * starting an attempt only lowers the count, and a requeue is never refused by the bound.
 */
export class PostgresStore extends PostgresAccounts implements SubmissionStore {
  /** Connects, brings the schema up to date, and returns the store. */
  static async open(url: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
    const db = new PgDatabase(url, opts);
    try {
      await migrate(db, opts.now);
    } catch (err) {
      await db.close();
      throw err;
    }
    return new PostgresStore(db, opts.now);
  }

  async createSubmission(input: NewSubmission, limits: CreateLimits): Promise<CreateOutcome> {
    return this.db.transaction(async (tx): Promise<CreateOutcome> => {
      await tx.run(lockSql(LOCKS.admission));
      const duplicate = await duplicateOf(tx, input);
      if (duplicate) return duplicate;
      if (limits.rate) {
        const since = new Date(this.now().getTime() - limits.rate.windowMs).toISOString();
        const recent = await recentTimes(tx, input.learner, since);
        if (recent.length >= limits.rate.max) return { kind: 'rate-limited', recent };
      }
      const queued = await countQueued(tx);
      if (queued >= limits.maxQueued) return { kind: 'queue-full', queued };
      const at = this.iso();
      await tx.run(
        'INSERT INTO submissions (id, learner, lab, archive, archive_bytes, content_hash, idempotency_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [
          input.id,
          input.learner,
          input.lab,
          input.archive,
          input.archiveBytes,
          input.contentHash,
          input.idempotencyKey ?? null,
          at,
        ],
      );
      await insertAttempt(
        tx,
        { submissionId: input.id, number: 1, reason: 'submit', by: input.learner, at },
        input.labHash,
      );
      return { kind: 'created', submission: (await submissionWhere(tx, 's.id = $1', [input.id]))! };
    });
  }

  async findSubmission(id: string): Promise<Submission | undefined> {
    return submissionWhere(this.db, 's.id = $1', [id]);
  }

  async findByIdempotencyKey(learner: string, key: string): Promise<Submission | undefined> {
    return submissionWhere(this.db, 's.learner = $1 AND s.idempotency_key = $2', [learner, key]);
  }

  async listSubmissions(filter: SubmissionFilter): Promise<ListedSubmission[]> {
    return listSubmissions(this.db, filter);
  }

  async countSubmissions(filter: SubmissionFilter): Promise<number> {
    return countSubmissions(this.db, filter);
  }

  async gradedSubmissions(lab: string): Promise<Submission[]> {
    const rows = await this.db.rows<SubmissionWithAttempt>(
      `${SUBMISSION_WITH_ATTEMPT} WHERE s.lab = $1 AND a.state = 'graded' ORDER BY s.created_at DESC, s.id`,
      [lab],
    );
    return rows.map(toSubmission);
  }

  async attempts(submissionId: string): Promise<Attempt[]> {
    const rows = await this.db.rows<AttemptRow>(
      'SELECT * FROM attempts WHERE submission_id = $1 ORDER BY number',
      [submissionId],
    );
    return rows.map(toAttempt);
  }

  async regrade(
    submissionId: string,
    requestedBy: string,
    opts: { maxQueued: number; labHash?: string },
  ): Promise<RegradeOutcome> {
    return this.db.transaction(async (tx): Promise<RegradeOutcome> => {
      await tx.run(lockSql(LOCKS.admission));
      const submission = await submissionWhere(tx, 's.id = $1', [submissionId]);
      if (!submission) return { kind: 'not-found' };
      const current = submission.attempt;
      if (current.state === 'queued' || current.state === 'running')
        return { kind: 'busy', attempt: current };
      const queued = await countQueued(tx);
      if (queued >= opts.maxQueued) return { kind: 'queue-full', queued };
      const attempt = await insertAttempt(
        tx,
        { submissionId, number: current.number + 1, reason: 'regrade', by: requestedBy, at: this.iso() },
        opts.labHash,
      );
      return { kind: 'queued', attempt };
    });
  }

  async recentSubmissionTimes(learner: string, since: string): Promise<string[]> {
    return recentTimes(this.db, learner, since);
  }

  async bestScores(): Promise<BestScore[]> {
    return bestScores(this.db);
  }

  async countByState(): Promise<Record<AttemptState, number>> {
    return countByState(this.db);
  }

  async unfinishedAttempts(): Promise<number[]> {
    const rows = await this.db.rows<{ id: number }>(
      "SELECT id FROM attempts WHERE state IN ('queued', 'running') ORDER BY id",
    );
    return rows.map((r) => r.id);
  }

  async startAttempt(attemptId: number, fence: string, takeover: Takeover): Promise<StartOutcome> {
    return this.db.transaction(async (tx): Promise<StartOutcome> => {
      // FOR UPDATE: a second delivery of the same job waits here, then sees what the first wrote.
      const row = await tx.row<AttemptLockRow & JobRow>(
        `SELECT a.state, a.fence, a.failures, ${JOB_COLUMNS} FROM attempts a JOIN submissions s ON s.id = a.submission_id WHERE a.id = $1 FOR UPDATE OF a`,
        [attemptId],
      );
      const plan = planStart(row, fence, takeover);
      if (plan.kind === 'finished') return plan;
      if (plan.kind === 'fail') {
        await this.setError(tx, attemptId, plan);
        return { kind: 'failed' };
      }
      if (plan.kind === 'run') {
        await tx.run(
          "UPDATE attempts SET state = 'running', fence = $1, failures = $2, started_at = $3 WHERE id = $4",
          [fence, plan.failures, this.iso(), attemptId],
        );
      }
      return { kind: 'started', job: toJob(row!), takenOver: plan.kind === 'run' && plan.takenOver };
    });
  }

  async completeAttempt(attemptId: number, fence: string, result: GradeResult): Promise<boolean> {
    const outcome = outcomeColumns(result);
    const changed = await this.db.run(
      "UPDATE attempts SET state = 'graded', fence = NULL, finished_at = $1, result = $2, result_status = $3, score = $4, max_score = $5, result_error_cause = $6 WHERE id = $7 AND state = 'running' AND fence = $8",
      [
        this.iso(),
        outcome.result,
        outcome.status,
        outcome.score,
        outcome.maxScore,
        outcome.errorCause,
        attemptId,
        fence,
      ],
    );
    return changed === 1;
  }

  async recordInfraFailure(
    attemptId: number,
    cause: string,
    maxFailures: number,
    fence?: string,
  ): Promise<FailureOutcome> {
    return this.db.transaction(async (tx): Promise<FailureOutcome> => {
      const row = await tx.row<AttemptLockRow>(
        'SELECT state, fence, failures FROM attempts WHERE id = $1 FOR UPDATE',
        [attemptId],
      );
      const plan = planFailure(row, cause, maxFailures, fence);
      if (plan.kind === 'not-running') return 'not-running';
      if (plan.kind === 'error') {
        await this.setError(tx, attemptId, plan);
        return 'error';
      }
      await tx.run("UPDATE attempts SET state = 'queued', fence = NULL, failures = $1 WHERE id = $2", [
        plan.failures,
        attemptId,
      ]);
      return 'requeued';
    });
  }

  async returnToQueue(attemptId: number, fence: string): Promise<void> {
    await this.db.run(
      "UPDATE attempts SET state = 'queued', fence = NULL WHERE id = $1 AND state = 'running' AND fence = $2",
      [attemptId, fence],
    );
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private async setError(tx: Sql, attemptId: number, plan: { failures: string; errorCause: string }) {
    await tx.run(
      "UPDATE attempts SET state = 'error', fence = NULL, failures = $1, error_cause = $2, finished_at = $3 WHERE id = $4",
      [plan.failures, plan.errorCause, this.iso(), attemptId],
    );
  }
}
