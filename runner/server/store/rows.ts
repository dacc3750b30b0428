import type { GradeResult } from '../../grading/result';
import type { Account, Attempt, AttemptState, Role, Submission } from './records';
import type { AttemptJob } from './submission-store';

/**
 * Rows of the store's tables, the same in SQLite and PostgreSQL (both keep the lists and the
 * result document as JSON text, times as ISO strings), and the records they map to: one mapping
 * for both implementations, so they cannot drift apart.
 */
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
  /** Absent (undefined) in a database older than the column; null for attempts queued before it. */
  lab_hash?: string | null;
}

/** What a worker's writes check an attempt against. */
export interface AttemptLockRow {
  state: AttemptState;
  fence: string | null;
  failures: string;
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
    ...(row.lab_hash ? { labHash: row.lab_hash } : {}),
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

/** The columns of a graded attempt that lists read instead of its result document. */
export function outcomeColumns(result: GradeResult): {
  result: string;
  status: GradeResult['status'];
  score: number;
  maxScore: number;
  errorCause: string | null;
} {
  return {
    result: JSON.stringify(result),
    status: result.status,
    score: result.score,
    maxScore: result.maxScore,
    errorCause: result.error?.cause ?? null,
  };
}

/** The job of an attempt, read from `attempts a JOIN submissions s`. */
export const JOB_COLUMNS =
  'a.id AS attempt_id, a.number AS attempt_number, s.id AS submission_id, s.learner, s.lab, s.archive, s.content_hash, a.lab_hash';

export interface JobRow {
  attempt_id: number;
  attempt_number: number;
  submission_id: string;
  learner: string;
  lab: string;
  archive: string;
  content_hash: string;
  lab_hash: string | null;
}

export function toJob(row: JobRow): AttemptJob {
  return {
    attemptId: row.attempt_id,
    attemptNumber: row.attempt_number,
    submissionId: row.submission_id,
    learner: row.learner,
    lab: row.lab,
    archive: row.archive,
    contentHash: row.content_hash,
    ...(row.lab_hash ? { labHash: row.lab_hash } : {}),
  };
}
