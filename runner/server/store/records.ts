import type { ErrorCause, GradeResult } from '../../grading/result';

/** The records the submission server keeps, independent of how they are stored. */

export type Role = 'instructor' | 'learner';

export interface Account {
  id: number;
  /** The learner (or instructor) name shown everywhere; unique. */
  name: string;
  role: Role;
  createdAt: string;
}

/**
 * queued → running → graded | error. `graded`: the grader produced a result (pass, fail, or a
 * learner-facing error such as an app that does not start). `error`: backlab itself could not grade
 * it (infrastructure), after retries; no score is given.
 */
export type AttemptState = 'queued' | 'running' | 'graded' | 'error';
export const ATTEMPT_STATES: AttemptState[] = ['queued', 'running', 'graded', 'error'];
export const FINISHED_STATES: AttemptState[] = ['graded', 'error'];

/** One grading of a submission: the first on upload, one more per regrade. History is kept. */
export interface Attempt {
  id: number;
  submissionId: string;
  /** 1 for the upload, 2… for regrades. */
  number: number;
  reason: 'submit' | 'regrade';
  requestedBy: string;
  state: AttemptState;
  /** Infrastructure failures so far, with their causes, oldest first. */
  failures: string[];
  queuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** State graded: the full result (hidden tests' messages included). */
  result?: GradeResult;
  /** State error: why backlab could not grade it. */
  errorCause?: string;
  /** The lab's content hash it is graded against (absent for attempts of older servers). */
  labHash?: string;
}

export interface Submission {
  id: string;
  learner: string;
  lab: string;
  /** The stored upload, relative to the data folder. */
  archive: string;
  archiveBytes: number;
  contentHash: string;
  createdAt: string;
  /** The latest attempt: what the submission's status is. */
  attempt: Attempt;
}

/** What a list shows of a grade: its status and score, and whose failure a status error was. */
export interface ResultOutcome {
  status: GradeResult['status'];
  score: number;
  maxScore: number;
  errorCause?: ErrorCause;
}

export function outcomeOf(result: GradeResult | undefined): ResultOutcome | undefined {
  if (!result) return undefined;
  const { status, score, maxScore } = result;
  return { status, score, maxScore, ...(result.error?.cause ? { errorCause: result.error.cause } : {}) };
}

/** A submission as lists show it: its latest attempt's outcome, without the result document. */
export interface ListedSubmission extends Omit<Submission, 'attempt'> {
  attempt: Omit<Attempt, 'result'> & { outcome?: ResultOutcome };
}

/** A full submission as a list shows it. */
export function listed(submission: Submission): ListedSubmission {
  const { result, ...attempt } = submission.attempt;
  const outcome = outcomeOf(result);
  return { ...submission, attempt: { ...attempt, ...(outcome ? { outcome } : {}) } };
}

export interface NewSubmission {
  id: string;
  learner: string;
  lab: string;
  archive: string;
  archiveBytes: number;
  contentHash: string;
  idempotencyKey?: string;
  /** The lab's content hash the first attempt is to be graded against. */
  labHash?: string;
}

export interface SubmissionFilter {
  lab?: string;
  learner?: string;
  state?: AttemptState;
  limit?: number;
  /** Rows to skip, newest first: a page's start. */
  offset?: number;
}
