import { errorMessage } from '../../common/errors';
import type { AppDeps } from '../app-deps';
import type { Attempt } from '../store/records';
import type { RegradeOutcome } from '../store/submission-store';

/**
 * Hands a new attempt, already recorded as queued, to the queue. The store is the record of truth:
 * when the queue cannot be reached (Redis restarting), the attempt stays recorded and the leader's
 * periodic re-sync from the store enqueues it, so the upload is still accepted rather than lost.
 */
export async function enqueueRecorded(
  deps: AppDeps,
  attempt: Pick<Attempt, 'id' | 'submissionId'>,
): Promise<void> {
  try {
    await deps.queue.enqueue(attempt.id);
  } catch (err) {
    deps.log.warn('queue unreachable; the attempt is recorded and will be queued by the re-sync', {
      submission: attempt.submissionId,
      attempt: attempt.id,
      error: errorMessage(err),
    });
  }
}

/** `{ labHash }` of the lab as this server has it, for the attempt to be graded against. */
export function labHashOf(deps: Pick<AppDeps, 'labs'>, lab: string): { labHash?: string } {
  const labHash = deps.labs.hashOf(lab);
  return labHash ? { labHash } : {};
}

/** A regrade by `by`: a new attempt against the lab as it is now, queued and announced. */
export async function regradeSubmission(deps: AppDeps, id: string, by: string): Promise<RegradeOutcome> {
  const submission = await deps.store.findSubmission(id);
  if (!submission) return { kind: 'not-found' };
  const outcome = await deps.store.regrade(id, by, {
    maxQueued: deps.maxQueued,
    ...labHashOf(deps, submission.lab),
  });
  if (outcome.kind !== 'queued') return outcome;
  await enqueueRecorded(deps, outcome.attempt);
  deps.hub.beginAttempt(id, outcome.attempt.number, 'queued');
  deps.log.info('regrade queued', { submission: id, attempt: outcome.attempt.number, by });
  return outcome;
}
