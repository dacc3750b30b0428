import type { Attempt, NewSubmission, Submission } from './records';
import { duplicateOutcome } from './attempt-rules';
import type { Sql } from './postgres-pool';
import { submissionFields, toAttempt, type AttemptRow, type SubmissionRow } from './rows';
import type { CreateOutcome } from './submission-store';

/** PostgresStore's reads and inserts of submissions and attempts, in a transaction or not. */

/** A submission with its current attempt in one round trip: the attempt's row as JSON. */
export const SUBMISSION_WITH_ATTEMPT =
  'SELECT s.*, row_to_json(a) AS a FROM submissions s JOIN attempts a ON a.id = s.current_attempt';

export type SubmissionWithAttempt = SubmissionRow & { a: AttemptRow };

export function toSubmission(row: SubmissionWithAttempt): Submission {
  return { ...submissionFields(row), attempt: toAttempt(row.a) };
}

export async function submissionWhere(
  db: Sql,
  where: string,
  params: unknown[],
): Promise<Submission | undefined> {
  const row = await db.row<SubmissionWithAttempt>(
    `${SUBMISSION_WITH_ATTEMPT} WHERE ${where} LIMIT 1`,
    params,
  );
  return row && toSubmission(row);
}

/** The submission an upload repeats: same Idempotency-Key, or same learner, lab and content. */
export async function duplicateOf(tx: Sql, input: NewSubmission): Promise<CreateOutcome | undefined> {
  const byKey = input.idempotencyKey
    ? await submissionWhere(tx, 's.learner = $1 AND s.idempotency_key = $2', [
        input.learner,
        input.idempotencyKey,
      ])
    : undefined;
  const byContent = byKey
    ? undefined
    : await submissionWhere(
        tx,
        's.learner = $1 AND s.lab = $2 AND s.content_hash = $3 ORDER BY s.created_at DESC',
        [input.learner, input.lab, input.contentHash],
      );
  return duplicateOutcome(input, byKey, byContent);
}

export interface NewAttempt {
  submissionId: string;
  number: number;
  reason: Attempt['reason'];
  by: string;
  at: string;
}

/** Inserts a queued attempt and makes it the submission's current one. */
export async function insertAttempt(
  tx: Sql,
  attempt: NewAttempt,
  labHash: string | undefined,
): Promise<Attempt> {
  const row = await tx.row<AttemptRow>(
    "INSERT INTO attempts (submission_id, number, reason, requested_by, state, queued_at, lab_hash) VALUES ($1, $2, $3, $4, 'queued', $5, $6) RETURNING *",
    [attempt.submissionId, attempt.number, attempt.reason, attempt.by, attempt.at, labHash ?? null],
  );
  await tx.run('UPDATE submissions SET current_attempt = $1 WHERE id = $2', [row!.id, attempt.submissionId]);
  return toAttempt(row!);
}

export async function recentTimes(db: Sql, learner: string, since: string): Promise<string[]> {
  const rows = await db.rows<{ created_at: string }>(
    'SELECT created_at FROM submissions WHERE learner = $1 AND created_at >= $2 ORDER BY created_at',
    [learner, since],
  );
  return rows.map((r) => r.created_at);
}

export async function countQueued(db: Sql): Promise<number> {
  return (await db.row<{ n: number }>("SELECT COUNT(*) AS n FROM attempts WHERE state = 'queued'"))!.n;
}
