import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { accountOf, requireInstructor } from '../auth/authenticate';
import { ATTEMPT_STATES, type Account, type AttemptState, type Submission } from '../store/records';
import { keepArchive, newSubmissionId, UPLOADS_DIR } from '../uploads/archive-files';
import { receiveUpload } from '../uploads/receive-upload';
import { checkUpload } from '../uploads/check-upload';
import { HttpError } from './http-error';
import { enqueueRecorded, labHashOf, regradeSubmission } from './queue-attempt';
import { rateLimited, secondsUntilAllowed, secondsUntilFree } from './rate-limit';
import { streamSubmissionEvents } from './submission-events';
import { describeSubmission, summarise } from './submission-view';

const QUEUE_FULL_RETRY_SECONDS = 60;

/** /api/submissions: upload, read, list, regrade, follow. Mounted behind `authenticate`. */
export function submissionsRoutes(deps: AppDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.post('/', async (req, res) => {
    const account = accountOf(res);
    const lab = requireLab(deps, req.query.lab);
    const key = idempotencyKey(req);
    const retried = key ? await deps.store.findByIdempotencyKey(account.name, key) : undefined;
    if (retried) {
      // A retry is answered even when rate-limited or the queue is full; only the content must match.
      const received = await receiveUpload(
        req,
        join(deps.dataDir, UPLOADS_DIR),
        deps.uploadLimits.maxCompressedBytes,
      );
      await rm(received.path, { force: true });
      if (retried.lab !== lab || retried.contentHash !== received.sha256) throw keyConflict(retried);
      return accepted(res, retried, true);
    }
    // Checked before reading the body so a limited learner is not made to upload in vain; the
    // store checks again in the insert transaction, which is what holds under concurrent uploads.
    const wait = await secondsUntilAllowed(deps.store, account.name, deps.rateLimit, now());
    if (wait !== undefined) throw rateLimited(deps.rateLimit, wait);
    const counts = await deps.store.countByState();
    if (counts.queued >= deps.maxQueued) throw queueFull();

    const declared = req.get('content-length');
    const received = await receiveUpload(
      req,
      join(deps.dataDir, UPLOADS_DIR),
      deps.uploadLimits.maxCompressedBytes,
      declared ? Number(declared) : undefined,
    );
    let kept: string | undefined;
    try {
      const { format } = await checkUpload(received.path, deps.dataDir, deps.uploadLimits);
      const id = newSubmissionId();
      const archive = await keepArchive(deps.dataDir, received.path, id, format);
      kept = archive;
      const outcome = await recordOrDiscard(
        archive,
        () =>
          deps.store.createSubmission(
            {
              id,
              learner: account.name,
              lab,
              archive,
              archiveBytes: received.bytes,
              contentHash: received.sha256,
              ...labHashOf(deps, lab),
              ...(key ? { idempotencyKey: key } : {}),
            },
            { maxQueued: deps.maxQueued, rate: deps.rateLimit },
          ),
        deps.dataDir,
      );
      if (outcome.kind !== 'created') await rm(join(deps.dataDir, archive), { force: true });
      switch (outcome.kind) {
        case 'queue-full':
          throw queueFull();
        case 'rate-limited':
          throw rateLimited(deps.rateLimit, secondsUntilFree(outcome.recent, deps.rateLimit, now()));
        case 'key-conflict':
          throw keyConflict(outcome.submission);
        case 'existing':
          return accepted(res, outcome.submission, true);
        case 'created':
          await enqueueRecorded(deps, outcome.submission.attempt);
          deps.hub.publishState(id, 1, 'queued');
          deps.log.info('submission queued', {
            submission: id,
            learner: account.name,
            lab,
            bytes: received.bytes,
          });
          return accepted(res, outcome.submission, false);
      }
    } finally {
      if (!kept) await rm(received.path, { force: true });
    }
  });

  router.get('/', async (req, res) => {
    const account = accountOf(res);
    const state = optionalString(req.query.status);
    if (state !== undefined && !ATTEMPT_STATES.includes(state as AttemptState)) {
      throw new HttpError(
        400,
        'bad-request',
        `status must be one of ${ATTEMPT_STATES.join(', ')}, not "${state}"`,
      );
    }
    const learner = account.role === 'instructor' ? optionalString(req.query.learner) : account.name;
    const limit = Math.min(Math.max(Number(req.query.limit ?? 100) || 100, 1), 1000);
    const submissions = await deps.store.listSubmissions({
      lab: optionalString(req.query.lab),
      learner,
      state: state as AttemptState | undefined,
      limit,
    });
    res.json({ submissions: submissions.map(summarise) });
  });

  router.get('/:id', async (req, res) => {
    const account = accountOf(res);
    const submission = await visibleSubmission(deps, req.params.id, account);
    const attempts = await deps.store.attempts(submission.id);
    res.json(describeSubmission(submission, account, attempts, deps.hub.history(submission.id)));
  });

  router.get('/:id/events', async (req, res) => {
    const submission = await visibleSubmission(deps, req.params.id, accountOf(res));
    await streamSubmissionEvents(deps, submission.id, req, res);
  });

  router.get('/:id/log', requireInstructor, async (req, res) => {
    const submission = await visibleSubmission(deps, req.params.id, accountOf(res));
    const attempt = Number(req.query.attempt ?? submission.attempt.number);
    res
      .type('text/plain')
      .sendFile(
        join(deps.dataDir, 'runs', submission.id, String(attempt), 'app.log'),
        { dotfiles: 'deny' },
        (err) => {
          if (err && !res.headersSent)
            res
              .status(404)
              .json({ error: { code: 'not-found', message: `no app log for attempt ${attempt}` } });
        },
      );
  });

  router.post('/:id/regrade', requireInstructor, async (req, res) => {
    const account = accountOf(res);
    const outcome = await regradeSubmission(deps, String(req.params.id), account.name);
    switch (outcome.kind) {
      case 'not-found':
        throw notFound(String(req.params.id));
      case 'busy':
        throw new HttpError(
          409,
          'busy',
          `submission ${req.params.id} is ${outcome.attempt.state}; regrade it once attempt ${outcome.attempt.number} has finished`,
        );
      case 'queue-full':
        throw queueFull();
      case 'queued':
        res
          .status(202)
          .json({ id: outcome.attempt.submissionId, attempt: outcome.attempt.number, status: 'queued' });
    }
  });

  return router;
}

/** The submission if `viewer` may see it: instructors see all, learners their own; else 404. */
export async function visibleSubmission(deps: AppDeps, id: unknown, viewer: Account): Promise<Submission> {
  const submission = typeof id === 'string' ? await deps.store.findSubmission(id) : undefined;
  if (!submission || (viewer.role !== 'instructor' && submission.learner !== viewer.name))
    throw notFound(String(id));
  return submission;
}

function accepted(res: Response, submission: Submission, existing: boolean): void {
  res
    .status(202)
    .location(`/api/submissions/${submission.id}`)
    .json({ id: submission.id, status: submission.attempt.state, existing });
}

function requireLab(deps: AppDeps, value: unknown): string {
  const lab = optionalString(value);
  if (!lab)
    throw new HttpError(400, 'bad-request', 'say which lab this is for: POST /api/submissions?lab=<lab id>');
  if (!deps.labs.get(lab))
    throw new HttpError(
      422,
      'unknown-lab',
      `no lab "${lab}" on this server; labs: ${deps.labs.ids().join(', ') || 'none'}`,
    );
  return lab;
}

function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key))
    throw new HttpError(400, 'bad-request', 'Idempotency-Key must be 1 to 200 visible ASCII characters');
  return key;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function queueFull(): HttpError {
  return new HttpError(
    503,
    'queue-full',
    `the grading queue is full; try again in ${QUEUE_FULL_RETRY_SECONDS} s`,
    { retryAfter: QUEUE_FULL_RETRY_SECONDS },
    { 'Retry-After': String(QUEUE_FULL_RETRY_SECONDS), Connection: 'close' },
  );
}

function keyConflict(existing: Submission): HttpError {
  return new HttpError(
    409,
    'idempotency-key-reused',
    `this Idempotency-Key was used for submission ${existing.id} with other content; use a new key for a new upload`,
    { id: existing.id },
  );
}

function notFound(id: string): HttpError {
  return new HttpError(404, 'not-found', `no submission ${id}`);
}

/** The store's answer; when the store fails (unreachable), the archive kept for it goes too. */
async function recordOrDiscard<T>(archive: string, record: () => Promise<T>, dataDir: string): Promise<T> {
  try {
    return await record();
  } catch (err) {
    await rm(join(dataDir, archive), { force: true });
    throw err;
  }
}
