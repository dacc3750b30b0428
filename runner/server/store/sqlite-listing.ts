import type Database from 'better-sqlite3';
import type { ErrorCause } from '../../grading/result';
import type { AttemptRow, SubmissionRow } from './sqlite-rows';
import { submissionFields, toAttempt } from './sqlite-rows';
import {
  ATTEMPT_STATES,
  type AttemptState,
  type ListedSubmission,
  type ResultOutcome,
  type SubmissionFilter,
} from './records';
import type { BestScore } from './submission-store';

/**
 * Lists of submissions (the API's list, the dashboard's pages, CSV), read from the columns the
 * outcome is kept in at the end of a grade: a result document can hold every test's message and
 * the app's log, and a list must not parse one per row. One query, no query per row.
 */
export function listSubmissions(db: Database.Database, filter: SubmissionFilter): ListedSubmission[] {
  const { where, params } = submissionFilterSql(filter);
  // Every column of the attempt but `result`, prefixed so they do not collide with the submission's.
  const sql = `SELECT s.*, a.id AS a_id, a.submission_id AS a_submission_id, a.number AS a_number, a.reason AS a_reason,
      a.requested_by AS a_requested_by, a.state AS a_state, a.failures AS a_failures, a.queued_at AS a_queued_at,
      a.started_at AS a_started_at, a.finished_at AS a_finished_at, a.error_cause AS a_error_cause,
      a.result_status AS a_result_status, a.score AS a_score, a.max_score AS a_max_score,
      a.result_error_cause AS a_result_error_cause
    ${where} ORDER BY s.created_at DESC, s.id LIMIT ? OFFSET ?`;
  const rows = db.prepare(sql).all(...params, filter.limit ?? 500, filter.offset ?? 0) as ListingRow[];
  return rows.map(toListed);
}

/** How many submissions the filter matches, whatever its limit and offset. */
export function countSubmissions(db: Database.Database, filter: SubmissionFilter): number {
  const { where, params } = submissionFilterSql(filter);
  return (db.prepare(`SELECT COUNT(*) AS n ${where}`).get(...params) as { n: number }).n;
}

/**
 * The WHERE clause of a listing and its parameters, shared by the list and its count so that a
 * page's "of N" counts the same rows it pages through. Joins each submission to its current
 * attempt as `a`.
 */
function submissionFilterSql(filter: SubmissionFilter): { where: string; params: string[] } {
  const conditions: Array<[string, string | undefined]> = [
    ['s.lab = ?', filter.lab],
    ['s.learner = ?', filter.learner],
    ['a.state = ?', filter.state],
  ];
  const used = conditions.filter((c): c is [string, string] => c[1] !== undefined && c[1] !== '');
  const joined = 'FROM submissions s JOIN attempts a ON a.id = s.current_attempt';
  return {
    where: used.length ? `${joined} WHERE ${used.map(([sql]) => sql).join(' AND ')}` : joined,
    params: used.map(([, value]) => value),
  };
}

interface ListingRow extends SubmissionRow {
  a_id: number;
  a_submission_id: string;
  a_number: number;
  a_reason: AttemptRow['reason'];
  a_requested_by: string;
  a_state: AttemptRow['state'];
  a_failures: string;
  a_queued_at: string;
  a_started_at: string | null;
  a_finished_at: string | null;
  a_error_cause: string | null;
  a_result_status: ResultOutcome['status'] | null;
  a_score: number | null;
  a_max_score: number | null;
  a_result_error_cause: ErrorCause | null;
}

function toListed(row: ListingRow): ListedSubmission {
  const attempt = toAttempt({
    id: row.a_id,
    submission_id: row.a_submission_id,
    number: row.a_number,
    reason: row.a_reason,
    requested_by: row.a_requested_by,
    state: row.a_state,
    failures: row.a_failures,
    queued_at: row.a_queued_at,
    started_at: row.a_started_at,
    finished_at: row.a_finished_at,
    result: null,
    error_cause: row.a_error_cause,
  });
  const outcome: ResultOutcome | undefined = row.a_result_status
    ? {
        status: row.a_result_status,
        score: row.a_score ?? 0,
        maxScore: row.a_max_score ?? 0,
        ...(row.a_result_error_cause ? { errorCause: row.a_result_error_cause } : {}),
      }
    : undefined;
  return { ...submissionFields(row), attempt: { ...attempt, ...(outcome ? { outcome } : {}) } };
}

/** Per learner and lab: the best score over every graded attempt. */
export function bestScores(db: Database.Database): BestScore[] {
  const rows = db
    .prepare(
      "SELECT s.learner, s.lab, MAX(a.score) AS best, MAX(a.max_score) AS max_score, COUNT(DISTINCT s.id) AS submissions FROM submissions s LEFT JOIN attempts a ON a.submission_id = s.id AND a.state = 'graded' GROUP BY s.learner, s.lab ORDER BY s.learner, s.lab",
    )
    .all() as Array<{
    learner: string;
    lab: string;
    best: number | null;
    max_score: number | null;
    submissions: number;
  }>;
  return rows.map((r) => ({
    learner: r.learner,
    lab: r.lab,
    best: r.best ?? undefined,
    maxScore: r.max_score ?? undefined,
    submissions: r.submissions,
  }));
}

/** Submissions by the state of their latest attempt. */
export function countByState(db: Database.Database): Record<AttemptState, number> {
  const counts = Object.fromEntries(ATTEMPT_STATES.map((s) => [s, 0])) as Record<AttemptState, number>;
  const rows = db
    .prepare(
      'SELECT a.state, COUNT(*) AS n FROM submissions s JOIN attempts a ON a.id = s.current_attempt GROUP BY a.state',
    )
    .all() as Array<{ state: AttemptState; n: number }>;
  for (const row of rows) counts[row.state] = row.n;
  return counts;
}
