import type { NewSubmission, Submission } from './records';
import type { AttemptLockRow } from './rows';
import type { CreateOutcome, Takeover } from './submission-store';

/**
 * The decisions of the store's transactions, apart from their SQL: both implementations read the
 * rows, ask these, and write what they say, so SQLite and PostgreSQL cannot differ in what a
 * duplicate is, what a takeover counts or how an error reads.
 */

/** The cause an attempt in state error shows, after its last allowed infrastructure failure. */
export function infraErrorCause(tries: number, lastCause: string): string {
  return `backlab could not grade this submission after ${tries} tries; last cause: ${lastCause}`;
}

/**
 * The submission an upload repeats, given the learner's submission with the same Idempotency-Key
 * and their latest with the same lab and content (either may be absent).
 */
export function duplicateOutcome(
  input: NewSubmission,
  byKey: Submission | undefined,
  byContent: Submission | undefined,
): CreateOutcome | undefined {
  if (byKey) {
    const same = byKey.lab === input.lab && byKey.contentHash === input.contentHash;
    return same
      ? { kind: 'existing', submission: byKey, matchedBy: 'idempotency-key' }
      : { kind: 'key-conflict', submission: byKey };
  }
  // The same code again is the same submission, unless backlab failed to grade it last time.
  if (byContent && byContent.attempt.state !== 'error')
    return { kind: 'existing', submission: byContent, matchedBy: 'content' };
  return undefined;
}

/** The failures list after one more, and the error cause when that was the last one allowed. */
function withFailure(
  row: AttemptLockRow,
  cause: string,
  maxFailures: number,
): { failures: string; errorCause?: string } {
  const failures = [...(JSON.parse(row.failures) as string[]), cause];
  return {
    failures: JSON.stringify(failures),
    ...(failures.length >= maxFailures ? { errorCause: infraErrorCause(failures.length, cause) } : {}),
  };
}

/**
 * What `startAttempt` writes. `hold`: this fence already holds it (a repeated call), nothing to
 * write. `run`: running under the fence now, with `failures` (one more when taken over).
 * `fail`: the takeover was the last failure allowed.
 */
export type StartPlan =
  | { kind: 'finished' }
  | { kind: 'hold' }
  | { kind: 'run'; takenOver: boolean; failures: string }
  | { kind: 'fail'; failures: string; errorCause: string };

export function planStart(row: AttemptLockRow | undefined, fence: string, takeover: Takeover): StartPlan {
  if (!row || (row.state !== 'queued' && row.state !== 'running')) return { kind: 'finished' };
  if (row.state === 'queued') return { kind: 'run', takenOver: false, failures: row.failures };
  if (row.fence === fence) return { kind: 'hold' };
  // Still running under another fence: its worker stopped without a word, and the queue handed
  // the job out again once that worker's lease ran out. That counts as a failure of the attempt.
  const next = withFailure(row, takeover.cause, takeover.maxFailures);
  return next.errorCause
    ? { kind: 'fail', failures: next.failures, errorCause: next.errorCause }
    : { kind: 'run', takenOver: true, failures: next.failures };
}

/** What `recordInfraFailure` writes: back to queued with one more failure, or error at the limit. */
export type FailurePlan =
  | { kind: 'not-running' }
  | { kind: 'requeue'; failures: string }
  | { kind: 'error'; failures: string; errorCause: string };

export function planFailure(
  row: AttemptLockRow | undefined,
  cause: string,
  maxFailures: number,
  fence: string | undefined,
): FailurePlan {
  if (!row || (row.state !== 'queued' && row.state !== 'running')) return { kind: 'not-running' };
  if (fence !== undefined && row.fence !== fence) return { kind: 'not-running' };
  const next = withFailure(row, cause, maxFailures);
  return next.errorCause
    ? { kind: 'error', failures: next.failures, errorCause: next.errorCause }
    : { kind: 'requeue', failures: next.failures };
}
