import type { Request, Response } from 'express';
import type { AppDeps } from '../app-deps';
import type { ProgressEvent } from '../grading/progress-hub';
import { FINISHED_STATES } from '../store/records';

const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for one submission: its state, then every step of the grade as it happens,
 * then `end` once the attempt has finished. A follower that joins late gets the steps so far first.
 */
export async function streamSubmissionEvents(
  deps: AppDeps,
  submissionId: string,
  req: Request,
  res: Response,
): Promise<void> {
  res
    .status(200)
    .set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let closed = false;
  const pending: ProgressEvent[] = [];
  let replaying = true;

  const finish = async () => {
    if (closed) return;
    closed = true;
    stop();
    const submission = await deps.store.findSubmission(submissionId);
    send('end', { id: submissionId, status: submission?.attempt.state });
    res.end();
  };
  const deliver = (event: ProgressEvent) => {
    if (closed) return;
    send(event.type, event);
    if (event.type === 'state' && FINISHED_STATES.includes(event.state)) void finish();
  };
  // Subscribe before reading the state, so nothing that happens in between is missed.
  const unsubscribe = deps.hub.subscribe(submissionId, (event) =>
    replaying ? pending.push(event) : deliver(event),
  );
  // Each heartbeat also asks the store: live progress from other machines is best effort (an
  // event lost in a Redis outage), and the end of a grade must not be missed for good.
  const heartbeat = setInterval(() => {
    res.write(': keep-alive\n\n');
    void deps.store.findSubmission(submissionId).then(
      (current) => {
        if (current && FINISHED_STATES.includes(current.attempt.state)) void finish();
      },
      () => undefined,
    );
  }, deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  const stop = () => {
    unsubscribe();
    clearInterval(heartbeat);
  };
  req.on('close', () => {
    closed = true;
    stop();
  });

  res.write('retry: 2000\n\n');
  const submission = await deps.store.findSubmission(submissionId);
  const attempt = submission!.attempt;
  send('state', {
    type: 'state',
    state: attempt.state,
    attempt: attempt.number,
    at: new Date().toISOString(),
  });
  if (FINISHED_STATES.includes(attempt.state)) return finish();
  const history = deps.hub.history(submissionId);
  for (const event of history) if (event.type !== 'state') send(event.type, event);
  replaying = false;
  // Events published while reading are both in the history and pending (the same objects).
  const sent = new Set(history);
  for (const event of pending.splice(0)) if (!sent.has(event)) deliver(event);
}
