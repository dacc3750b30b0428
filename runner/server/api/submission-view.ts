import { withholdHiddenMessages } from '../../grading/reporters';
import type { GradeResult } from '../../grading/result';
import type { ProgressEvent } from '../grading/progress-hub';
import type { Account, Attempt, ListedSubmission, ResultOutcome, Submission } from '../store/records';
import { listed, outcomeOf } from '../store/records';

/** The JSON documents of the submissions API, shaped for who is asking. */

export interface SubmissionSummary {
  id: string;
  lab: string;
  learner: string;
  createdAt: string;
  status: Attempt['state'];
  attempt: number;
  finishedAt?: string;
  /** Present once graded: the result's own status (pass, fail, error) and score. */
  resultStatus?: GradeResult['status'];
  score?: number;
  maxScore?: number;
  /** Present when status is error: why backlab could not grade it. */
  error?: string;
}

export interface SubmissionDocument extends SubmissionSummary {
  queuedAt: string;
  startedAt?: string;
  /** The grade result; for learners hidden tests carry name and pass/fail only. */
  result?: GradeResult;
  attempts: AttemptSummary[];
  /** While queued or running: the steps of the grade so far. */
  progress?: ProgressEvent[];
}

export interface AttemptSummary {
  number: number;
  reason: Attempt['reason'];
  requestedBy: string;
  status: Attempt['state'];
  queuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  resultStatus?: GradeResult['status'];
  score?: number;
  maxScore?: number;
  error?: string;
  /** Infrastructure failures that were retried. */
  failures: string[];
}

/** A list's entry; a full submission is `listed` first. */
export function summarise(submission: ListedSubmission): SubmissionSummary {
  const { attempt } = submission;
  return {
    id: submission.id,
    lab: submission.lab,
    learner: submission.learner,
    createdAt: submission.createdAt,
    status: attempt.state,
    attempt: attempt.number,
    ...(attempt.finishedAt ? { finishedAt: attempt.finishedAt } : {}),
    ...scoreOf(attempt.outcome, attempt.errorCause),
  };
}

export function describeSubmission(
  submission: Submission,
  viewer: Account,
  attempts: Attempt[],
  progress: ProgressEvent[],
): SubmissionDocument {
  const { attempt } = submission;
  const unfinished = attempt.state === 'queued' || attempt.state === 'running';
  return {
    ...summarise(listed(submission)),
    queuedAt: attempt.queuedAt,
    ...(attempt.startedAt ? { startedAt: attempt.startedAt } : {}),
    ...(attempt.result ? { result: resultFor(attempt.result, viewer) } : {}),
    attempts: attempts.map(summariseAttempt),
    ...(unfinished ? { progress } : {}),
  };
}

/**
 * What a viewer may see of a result. Learners get hidden tests by name and pass/fail only, and the
 * app log only when no test ran: once hidden tests have sent requests, the app's own log could
 * echo them.
 */
export function resultFor(result: GradeResult, viewer: Account): GradeResult {
  if (viewer.role === 'instructor') return result;
  const shown = withholdHiddenMessages(result);
  const testsRan = result.stages.some((stage) => stage.tests.length > 0);
  return testsRan ? { ...shown, appLog: '' } : shown;
}

function summariseAttempt(attempt: Attempt): AttemptSummary {
  return {
    number: attempt.number,
    reason: attempt.reason,
    requestedBy: attempt.requestedBy,
    status: attempt.state,
    queuedAt: attempt.queuedAt,
    ...(attempt.startedAt ? { startedAt: attempt.startedAt } : {}),
    ...(attempt.finishedAt ? { finishedAt: attempt.finishedAt } : {}),
    ...scoreOf(outcomeOf(attempt.result), attempt.errorCause),
    failures: attempt.failures,
  };
}

function scoreOf(
  outcome: ResultOutcome | undefined,
  errorCause: string | undefined,
): Pick<SubmissionSummary, 'resultStatus' | 'score' | 'maxScore' | 'error'> {
  if (outcome) return { resultStatus: outcome.status, score: outcome.score, maxScore: outcome.maxScore };
  if (errorCause) return { error: errorCause };
  return {};
}
