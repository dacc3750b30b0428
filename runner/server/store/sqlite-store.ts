import { SqliteAccounts } from './sqlite-accounts';
import { bestScores, countByState, countSubmissions, listSubmissions } from './sqlite-listing';
import type { GradeResult } from '../../grading/result';
import {
  type Attempt,
  type AttemptState,
  type NewSubmission,
  type ListedSubmission,
  type Submission,
  type SubmissionFilter,
} from './records';
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
import { duplicateOutcome, planFailure, planStart } from './attempt-rules';
import {
  JOB_COLUMNS,
  outcomeColumns,
  submissionFields,
  toAttempt,
  toJob,
  type AttemptLockRow,
  type AttemptRow,
  type JobRow,
  type SubmissionRow,
} from './rows';

/**
 * The embedded store: SQLite through better-sqlite3, whose calls are synchronous and so atomic here.
 * Accounts and tokens are the base class's (sqlite-accounts.ts), lists sqlite-listing.ts's; what
 * the transactions decide is attempt-rules.ts's, shared with the PostgreSQL store.
 */
export class SqliteStore extends SqliteAccounts implements SubmissionStore {
  async createSubmission(input: NewSubmission, limits: CreateLimits): Promise<CreateOutcome> {
    // IMMEDIATE: the write lock is taken before the checks read, so no other writer slips in between.
    return this.db
      .transaction((): CreateOutcome => {
        const duplicate = this.duplicateOf(input);
        if (duplicate) return duplicate;
        if (limits.rate) {
          const since = new Date(this.now().getTime() - limits.rate.windowMs).toISOString();
          const recent = this.recentTimes(input.learner, since);
          if (recent.length >= limits.rate.max) return { kind: 'rate-limited', recent };
        }
        const queued = this.countState('queued');
        if (queued >= limits.maxQueued) return { kind: 'queue-full', queued };
        const at = this.iso();
        this.db
          .prepare(
            'INSERT INTO submissions (id, learner, lab, archive, archive_bytes, content_hash, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            input.id,
            input.learner,
            input.lab,
            input.archive,
            input.archiveBytes,
            input.contentHash,
            input.idempotencyKey ?? null,
            at,
          );
        this.insertAttempt(input.id, 1, 'submit', input.learner, at, input.labHash);
        return { kind: 'created', submission: this.toSubmission(this.submissionRow('id = ?', input.id)!) };
      })
      .immediate();
  }

  /** The submission an upload repeats: same Idempotency-Key, or same learner, lab and content. */
  private duplicateOf(input: NewSubmission): CreateOutcome | undefined {
    const byKey = input.idempotencyKey
      ? this.submissionRow('learner = ? AND idempotency_key = ?', input.learner, input.idempotencyKey)
      : undefined;
    const byContent = byKey
      ? undefined
      : this.submissionRow(
          'learner = ? AND lab = ? AND content_hash = ? ORDER BY created_at DESC',
          input.learner,
          input.lab,
          input.contentHash,
        );
    return duplicateOutcome(
      input,
      byKey && this.toSubmission(byKey),
      byContent && this.toSubmission(byContent),
    );
  }

  async findSubmission(id: string): Promise<Submission | undefined> {
    const row = this.submissionRow('id = ?', id);
    return row && this.toSubmission(row);
  }

  async findByIdempotencyKey(learner: string, key: string): Promise<Submission | undefined> {
    const row = this.submissionRow('learner = ? AND idempotency_key = ?', learner, key);
    return row && this.toSubmission(row);
  }

  async listSubmissions(filter: SubmissionFilter): Promise<ListedSubmission[]> {
    return listSubmissions(this.db, filter);
  }

  async countSubmissions(filter: SubmissionFilter): Promise<number> {
    return countSubmissions(this.db, filter);
  }

  async gradedSubmissions(lab: string): Promise<Submission[]> {
    const rows = this.db
      .prepare(
        "SELECT s.* FROM submissions s JOIN attempts a ON a.id = s.current_attempt WHERE s.lab = ? AND a.state = 'graded' ORDER BY s.created_at DESC, s.id",
      )
      .all(lab) as SubmissionRow[];
    return rows.map((row) => this.toSubmission(row));
  }

  async attempts(submissionId: string): Promise<Attempt[]> {
    const rows = this.db
      .prepare('SELECT * FROM attempts WHERE submission_id = ? ORDER BY number')
      .all(submissionId) as AttemptRow[];
    return rows.map(toAttempt);
  }

  async regrade(
    submissionId: string,
    requestedBy: string,
    opts: { maxQueued: number; labHash?: string },
  ): Promise<RegradeOutcome> {
    return this.db.transaction((): RegradeOutcome => {
      const submission = this.submissionRow('id = ?', submissionId);
      if (!submission) return { kind: 'not-found' };
      const current = toAttempt(this.attemptRow(submission.current_attempt));
      if (current.state === 'queued' || current.state === 'running')
        return { kind: 'busy', attempt: current };
      const queued = this.countState('queued');
      if (queued >= opts.maxQueued) return { kind: 'queue-full', queued };
      const number = current.number + 1;
      const id = this.insertAttempt(submissionId, number, 'regrade', requestedBy, this.iso(), opts.labHash);
      return { kind: 'queued', attempt: toAttempt(this.attemptRow(id)) };
    })();
  }

  async recentSubmissionTimes(learner: string, since: string): Promise<string[]> {
    return this.recentTimes(learner, since);
  }

  async bestScores(): Promise<BestScore[]> {
    return bestScores(this.db);
  }

  async countByState(): Promise<Record<AttemptState, number>> {
    return countByState(this.db);
  }

  async unfinishedAttempts(): Promise<number[]> {
    const rows = this.db
      .prepare("SELECT id FROM attempts WHERE state IN ('queued', 'running') ORDER BY id")
      .all() as Array<{ id: number }>;
    return rows.map((r) => r.id);
  }

  async startAttempt(attemptId: number, fence: string, takeover: Takeover): Promise<StartOutcome> {
    return this.db.transaction((): StartOutcome => {
      const plan = planStart(this.lockRow(attemptId), fence, takeover);
      if (plan.kind === 'finished') return plan;
      if (plan.kind === 'fail') {
        this.db
          .prepare(
            "UPDATE attempts SET state = 'error', fence = NULL, failures = ?, error_cause = ?, finished_at = ? WHERE id = ?",
          )
          .run(plan.failures, plan.errorCause, this.iso(), attemptId);
        return { kind: 'failed' };
      }
      if (plan.kind === 'run') {
        this.db
          .prepare(
            "UPDATE attempts SET state = 'running', fence = ?, failures = ?, started_at = ? WHERE id = ?",
          )
          .run(fence, plan.failures, this.iso(), attemptId);
      }
      const job = this.db
        .prepare(
          `SELECT ${JOB_COLUMNS} FROM attempts a JOIN submissions s ON s.id = a.submission_id WHERE a.id = ?`,
        )
        .get(attemptId) as JobRow;
      return { kind: 'started', job: toJob(job), takenOver: plan.kind === 'run' && plan.takenOver };
    })();
  }

  async completeAttempt(attemptId: number, fence: string, result: GradeResult): Promise<boolean> {
    const outcome = outcomeColumns(result);
    const changed = this.db
      .prepare(
        "UPDATE attempts SET state = 'graded', fence = NULL, finished_at = ?, result = ?, result_status = ?, score = ?, max_score = ?, result_error_cause = ? WHERE id = ? AND state = 'running' AND fence = ?",
      )
      .run(
        this.iso(),
        outcome.result,
        outcome.status,
        outcome.score,
        outcome.maxScore,
        outcome.errorCause,
        attemptId,
        fence,
      ).changes;
    return changed === 1;
  }

  async recordInfraFailure(
    attemptId: number,
    cause: string,
    maxFailures: number,
    fence?: string,
  ): Promise<FailureOutcome> {
    return this.db.transaction((): FailureOutcome => {
      const plan = planFailure(this.lockRow(attemptId), cause, maxFailures, fence);
      if (plan.kind === 'not-running') return 'not-running';
      if (plan.kind === 'error') {
        this.db
          .prepare(
            "UPDATE attempts SET state = 'error', fence = NULL, failures = ?, error_cause = ?, finished_at = ? WHERE id = ?",
          )
          .run(plan.failures, plan.errorCause, this.iso(), attemptId);
        return 'error';
      }
      this.db
        .prepare("UPDATE attempts SET state = 'queued', fence = NULL, failures = ? WHERE id = ?")
        .run(plan.failures, attemptId);
      return 'requeued';
    })();
  }

  async returnToQueue(attemptId: number, fence: string): Promise<void> {
    this.db
      .prepare(
        "UPDATE attempts SET state = 'queued', fence = NULL WHERE id = ? AND state = 'running' AND fence = ?",
      )
      .run(attemptId, fence);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private insertAttempt(
    submissionId: string,
    number: number,
    reason: Attempt['reason'],
    requestedBy: string,
    at: string,
    labHash: string | undefined,
  ): number {
    const { lastInsertRowid } = this.db
      .prepare(
        "INSERT INTO attempts (submission_id, number, reason, requested_by, state, queued_at, lab_hash) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
      )
      .run(submissionId, number, reason, requestedBy, at, labHash ?? null);
    this.db
      .prepare('UPDATE submissions SET current_attempt = ? WHERE id = ?')
      .run(lastInsertRowid, submissionId);
    return Number(lastInsertRowid);
  }

  private recentTimes(learner: string, since: string): string[] {
    const rows = this.db
      .prepare('SELECT created_at FROM submissions WHERE learner = ? AND created_at >= ? ORDER BY created_at')
      .all(learner, since) as Array<{ created_at: string }>;
    return rows.map((r) => r.created_at);
  }

  private countState(state: AttemptState): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM attempts WHERE state = ?').get(state) as { n: number })
      .n;
  }

  private lockRow(attemptId: number): AttemptLockRow | undefined {
    return this.db.prepare('SELECT state, fence, failures FROM attempts WHERE id = ?').get(attemptId) as
      AttemptLockRow | undefined;
  }

  private submissionRow(where: string, ...params: unknown[]): SubmissionRow | undefined {
    return this.db.prepare(`SELECT * FROM submissions WHERE ${where} LIMIT 1`).get(...params) as
      SubmissionRow | undefined;
  }

  private attemptRow(id: number): AttemptRow {
    return this.db.prepare('SELECT * FROM attempts WHERE id = ?').get(id) as AttemptRow;
  }

  private toSubmission(row: SubmissionRow): Submission {
    return { ...submissionFields(row), attempt: toAttempt(this.attemptRow(row.current_attempt)) };
  }
}
