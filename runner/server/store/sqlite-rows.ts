import type { GradeResult } from '../../grading/result';
import type { Account, Attempt, AttemptState, Role, Submission } from './records';

/** Rows of the SQLite tables as better-sqlite3 returns them, and their records. */
export interface AttemptRow {
  id: number;
  submission_id: string;
  number: number;
  reason: 'submit' | 'regrade';
  requested_by: string;
  state: AttemptState;
  failures: string;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  result: string | null;
  error_cause: string | null;
}

export interface SubmissionRow {
  id: string;
  learner: string;
  lab: string;
  archive: string;
  archive_bytes: number;
  content_hash: string;
  idempotency_key: string | null;
  created_at: string;
  current_attempt: number;
}

export interface AccountRow {
  id: number;
  name: string;
  role: Role;
  created_at: string;
}

export function toAccount(row: AccountRow): Account {
  return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at };
}

export function toAttempt(row: AttemptRow): Attempt {
  return {
    id: row.id,
    submissionId: row.submission_id,
    number: row.number,
    reason: row.reason,
    requestedBy: row.requested_by,
    state: row.state,
    failures: JSON.parse(row.failures) as string[],
    queuedAt: row.queued_at,
    ...(row.started_at ? { startedAt: row.started_at } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.result ? { result: JSON.parse(row.result) as GradeResult } : {}),
    ...(row.error_cause ? { errorCause: row.error_cause } : {}),
  };
}

/** A submission row's own fields; its attempt is read by the caller, whole or as a list's outcome. */
export function submissionFields(row: SubmissionRow): Omit<Submission, 'attempt'> {
  return {
    id: row.id,
    learner: row.learner,
    lab: row.lab,
    archive: row.archive,
    archiveBytes: row.archive_bytes,
    contentHash: row.content_hash,
    createdAt: row.created_at,
  };
}
