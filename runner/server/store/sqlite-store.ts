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
  AttemptJob,
  BestScore,
  CreateLimits,
  CreateOutcome,
  FailureOutcome,
  RegradeOutcome,
  SubmissionStore,
} from './submission-store';
import { submissionFields, toAttempt, type AttemptRow, type SubmissionRow } from './sqlite-rows';

/**
 * The embedded store: SQLite through better-sqlite3, whose calls are synchronous and so atomic here.
 * Accounts and tokens are the base class's (sqlite-accounts.ts), lists sqlite-listing.ts's.
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
        this.insertAttempt(input.id, 1, 'submit', input.learner, at);
        return { kind: 'created', submission: this.toSubmission(this.submissionRow('id = ?', input.id)!) };
      })
      .immediate();
  }

  /** The submission an upload repeats: same Idempotency-Key, or same learner, lab and content. */
  private duplicateOf(input: NewSubmission): CreateOutcome | undefined {
    if (input.idempotencyKey) {
      const byKey = this.submissionRow(
        'learner = ? AND idempotency_key = ?',
        input.learner,
        input.idempotencyKey,
      );
      if (byKey) {
        const same = byKey.lab === input.lab && byKey.content_hash === input.contentHash;
        return same
          ? { kind: 'existing', submission: this.toSubmission(byKey), matchedBy: 'idempotency-key' }
          : { kind: 'key-conflict', submission: this.toSubmission(byKey) };
      }
    }
    const byContent = this.submissionRow(
      'learner = ? AND lab = ? AND content_hash = ? ORDER BY created_at DESC',
      input.learner,
      input.lab,
      input.contentHash,
    );
    // The same code again is the same submission, unless backlab failed to grade it last time.
    if (byContent && this.attemptRow(byContent.current_attempt).state !== 'error')
      return { kind: 'existing', submission: this.toSubmission(byContent), matchedBy: 'content' };
    return undefined;
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
    opts: { maxQueued: number },
  ): Promise<RegradeOutcome> {
    return this.db.transaction((): RegradeOutcome => {
      const submission = this.submissionRow('id = ?', submissionId);
      if (!submission) return { kind: 'not-found' };
      const current = toAttempt(this.attemptRow(submission.current_attempt));
      if (current.state === 'queued' || current.state === 'running')
        return { kind: 'busy', attempt: current };
      const queued = this.countState('queued');
      if (queued >= opts.maxQueued) return { kind: 'queue-full', queued };
      const id = this.insertAttempt(submissionId, current.number + 1, 'regrade', requestedBy, this.iso());
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

  async startAttempt(attemptId: number, fence: string): Promise<AttemptJob | undefined> {
    return this.db.transaction((): AttemptJob | undefined => {
      const changed = this.db
        .prepare(
          "UPDATE attempts SET state = 'running', fence = ?, started_at = ? WHERE id = ? AND state IN ('queued', 'running')",
        )
        .run(fence, this.iso(), attemptId).changes;
      if (!changed) return undefined;
      const row = this.db
        .prepare(
          'SELECT a.id AS attemptId, a.number AS attemptNumber, s.id AS submissionId, s.learner, s.lab, s.archive FROM attempts a JOIN submissions s ON s.id = a.submission_id WHERE a.id = ?',
        )
        .get(attemptId) as AttemptJob;
      return row;
    })();
  }

  async completeAttempt(attemptId: number, fence: string, result: GradeResult): Promise<boolean> {
    const changed = this.db
      .prepare(
        "UPDATE attempts SET state = 'graded', fence = NULL, finished_at = ?, result = ?, result_status = ?, score = ?, max_score = ?, result_error_cause = ? WHERE id = ? AND state = 'running' AND fence = ?",
      )
      .run(
        this.iso(),
        JSON.stringify(result),
        result.status,
        result.score,
        result.maxScore,
        result.error?.cause ?? null,
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
      const row = this.db.prepare('SELECT * FROM attempts WHERE id = ?').get(attemptId) as
        (AttemptRow & { fence: string | null }) | undefined;
      if (!row || (row.state !== 'queued' && row.state !== 'running')) return 'not-running';
      if (fence !== undefined && row.fence !== fence) return 'not-running';
      const failures = [...(JSON.parse(row.failures) as string[]), cause];
      if (failures.length >= maxFailures) {
        const errorCause = `backlab could not grade this submission after ${failures.length} tries; last cause: ${cause}`;
        this.db
          .prepare(
            "UPDATE attempts SET state = 'error', fence = NULL, failures = ?, error_cause = ?, finished_at = ? WHERE id = ?",
          )
          .run(JSON.stringify(failures), errorCause, this.iso(), attemptId);
        return 'error';
      }
      this.db
        .prepare("UPDATE attempts SET state = 'queued', fence = NULL, failures = ? WHERE id = ?")
        .run(JSON.stringify(failures), attemptId);
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
  ): number {
    const { lastInsertRowid } = this.db
      .prepare(
        "INSERT INTO attempts (submission_id, number, reason, requested_by, state, queued_at) VALUES (?, ?, ?, ?, 'queued', ?)",
      )
      .run(submissionId, number, reason, requestedBy, at);
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
