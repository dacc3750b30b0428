import type { ErrorCause } from '../../grading/result';
import {
  ATTEMPT_STATES,
  type AttemptState,
  type ListedSubmission,
  type ResultOutcome,
  type SubmissionFilter,
} from './records';
import { submissionFields, toAttempt, type AttemptRow, type SubmissionRow } from './rows';
import type { BestScore } from './submission-store';

/**
 * The listing queries (the API's list, the dashboard's pages, CSV) and their rows, shared by both
 * implementations; only the parameter markers differ (`?` in SQLite, `$1` in PostgreSQL). A list
 * reads the columns the outcome is kept in at the end of a grade: a result document can hold
 * every test's message and the app's log, and a list must not parse one per row. One query, no
 * query per row.
 */

/** The marker of the n-th parameter (from 1). */
export type Placeholder = (n: number) => string;
export const sqliteParam: Placeholder = () => '?';
export const postgresParam: Placeholder = (n) => `$${n}`;

export interface Query {
  sql: string;
  params: Array<string | number>;
}

/** Every column of the attempt but `result`, prefixed so they do not collide with the submission's. */
const LISTED_ATTEMPT_COLUMNS = `a.id AS a_id, a.submission_id AS a_submission_id, a.number AS a_number,
  a.reason AS a_reason, a.requested_by AS a_requested_by, a.state AS a_state, a.failures AS a_failures,
  a.queued_at AS a_queued_at, a.started_at AS a_started_at, a.finished_at AS a_finished_at,
  a.error_cause AS a_error_cause, a.lab_hash AS a_lab_hash, a.result_status AS a_result_status,
  a.score AS a_score, a.max_score AS a_max_score, a.result_error_cause AS a_result_error_cause`;

export function listQuery(filter: SubmissionFilter, param: Placeholder): Query {
  const { where, params } = filterSql(filter, param);
  const n = params.length;
  return {
    sql: `SELECT s.*, ${LISTED_ATTEMPT_COLUMNS} ${where} ORDER BY s.created_at DESC, s.id LIMIT ${param(n + 1)} OFFSET ${param(n + 2)}`,
    params: [...params, filter.limit ?? 500, filter.offset ?? 0],
  };
}

/** How many submissions the filter matches, whatever its limit and offset. */
export function countQuery(filter: SubmissionFilter, param: Placeholder): Query {
  const { where, params } = filterSql(filter, param);
  return { sql: `SELECT COUNT(*) AS n ${where}`, params };
}

/**
 * The WHERE clause of a listing and its parameters, shared by the list and its count so that a
 * page's "of N" counts the same rows it pages through. Joins each submission to its current
 * attempt as `a`.
 */
function filterSql(filter: SubmissionFilter, param: Placeholder): { where: string; params: string[] } {
  const conditions: Array<[string, string | undefined]> = [
    ['s.lab', filter.lab],
    ['s.learner', filter.learner],
    ['a.state', filter.state],
  ];
  const used = conditions.filter((c): c is [string, string] => c[1] !== undefined && c[1] !== '');
  const joined = 'FROM submissions s JOIN attempts a ON a.id = s.current_attempt';
  const clauses = used.map(([column], i) => `${column} = ${param(i + 1)}`);
  return {
    where: used.length ? `${joined} WHERE ${clauses.join(' AND ')}` : joined,
    params: used.map(([, value]) => value),
  };
}

export interface ListingRow extends SubmissionRow {
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
  a_lab_hash: string | null;
  a_result_status: ResultOutcome['status'] | null;
  a_score: number | null;
  a_max_score: number | null;
  a_result_error_cause: ErrorCause | null;
}

export function toListed(row: ListingRow): ListedSubmission {
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
    lab_hash: row.a_lab_hash,
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
export const BEST_SCORES_SQL = `SELECT s.learner, s.lab, MAX(a.score) AS best, MAX(a.max_score) AS max_score,
  COUNT(DISTINCT s.id) AS submissions
  FROM submissions s LEFT JOIN attempts a ON a.submission_id = s.id AND a.state = 'graded'
  GROUP BY s.learner, s.lab ORDER BY s.learner, s.lab`;

export interface BestScoreRow {
  learner: string;
  lab: string;
  best: number | null;
  max_score: number | null;
  submissions: number;
}

export function toBestScore(row: BestScoreRow): BestScore {
  return {
    learner: row.learner,
    lab: row.lab,
    best: row.best ?? undefined,
    maxScore: row.max_score ?? undefined,
    submissions: row.submissions,
  };
}

/** Submissions by the state of their latest attempt. */
export const COUNT_BY_STATE_SQL =
  'SELECT a.state, COUNT(*) AS n FROM submissions s JOIN attempts a ON a.id = s.current_attempt GROUP BY a.state';

export function stateCounts(rows: Array<{ state: AttemptState; n: number }>): Record<AttemptState, number> {
  const counts = Object.fromEntries(ATTEMPT_STATES.map((s) => [s, 0])) as Record<AttemptState, number>;
  for (const row of rows) counts[row.state] = row.n;
  return counts;
}
