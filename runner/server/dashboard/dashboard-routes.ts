import { open } from 'node:fs/promises';
import { join } from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { accountOf } from '../auth/authenticate';
import { hashToken } from '../auth/tokens';
import { regradeSubmission } from '../api/queue-attempt';
import { resultFor } from '../api/submission-view';
import { ATTEMPT_STATES, type Account, type AttemptState, type Submission } from '../store/records';
import { submissionsCsv } from './csv';
import { checkCsrf, clearedSessionCookie, dashboardAuth, sessionCookie } from './dashboard-session';
import { html, type Html } from './html';
import { page } from './layout';
import { loginBody, submissionBody, submissionsBody, type SubmissionFilters } from './pages';
import { gridBody, labsBody, labStatsBody } from './stats-pages';
import { PAGE_SIZE, pageNumber } from './list-parts';
import { stagePassRates } from './stage-pass-rates';
import { DASHBOARD_CSS } from './style';

const APP_LOG_BYTES_SHOWN = 256 * 1024;

/**
 * The server-rendered dashboard: /login, /logout and /dashboard/*. No scripts at all; the CSP
 * forbids them, so even a mistake in escaping could not run code.
 */
export function dashboardRoutes(deps: AppDeps): Router {
  const router = Router();
  const forms = express.urlencoded({ extended: false, limit: '8kb' });
  router.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy':
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    next();
  });

  router.get('/', (_req, res) => res.redirect(303, '/dashboard'));
  router.get('/dashboard/style.css', (_req, res) => res.type('text/css').send(DASHBOARD_CSS));

  router.get('/login', (req, res) => {
    res
      .type('html')
      .send(page({ title: 'Sign in', body: loginBody(safeNext(req.query.next), req.query.failed === '1') }));
  });
  router.post('/login', forms, async (req, res) => {
    const body = req.body as { token?: string; next?: string };
    const token = (body.token ?? '').trim();
    const account = token ? await deps.store.accountByTokenHash(hashToken(token)) : undefined;
    const next = safeNext(body.next);
    if (!account) return res.redirect(303, `/login?failed=1&next=${encodeURIComponent(next)}`);
    res.set('Set-Cookie', sessionCookie(token, req.secure)).redirect(303, next);
  });

  const signedIn = dashboardAuth(deps.store);
  router.post('/logout', forms, signedIn, checkCsrf, (_req, res) => {
    res.set('Set-Cookie', clearedSessionCookie()).redirect(303, '/login');
  });

  router.get('/dashboard', signedIn, async (req, res) => {
    const account = accountOf(res);
    const filters = filtersOf(req, account);
    const filter = { ...filters, state: filters.status as AttemptState | undefined };
    const total = await deps.store.countSubmissions(filter);
    const number = pageNumber(req.query.page, total);
    const submissions = await deps.store.listSubmissions({
      ...filter,
      limit: PAGE_SIZE,
      offset: (number - 1) * PAGE_SIZE,
    });
    const listPage = { number, total };
    render(res, 'Submissions', submissionsBody(account, submissions, listPage, deps.labs.list(), filters));
  });

  router.get('/dashboard/export.csv', signedIn, instructorsOnly, async (req, res) => {
    const filters = filtersOf(req, accountOf(res));
    const submissions = await deps.store.listSubmissions({
      ...filters,
      state: filters.status as AttemptState | undefined,
      limit: 100_000,
    });
    res.type('text/csv').attachment('backlab-submissions.csv').send(submissionsCsv(submissions));
  });

  router.get('/dashboard/grid', signedIn, instructorsOnly, async (_req, res) => {
    const scores = await deps.store.bestScores();
    const labs = [...new Set([...deps.labs.ids(), ...scores.map((s) => s.lab)])].sort();
    render(res, 'Best scores', gridBody(scores, labs));
  });

  router.get('/dashboard/labs', signedIn, instructorsOnly, (_req, res) =>
    render(res, 'Labs', labsBody(deps.labs.list())),
  );

  router.get('/dashboard/labs/:lab', signedIn, instructorsOnly, async (req, res) => {
    const lab = deps.labs.get(String(req.params.lab));
    if (!lab) return notFound(res, `No lab ${req.params.lab} on this server.`);
    const graded = await deps.store.gradedSubmissions(lab.id);
    const percents = graded.flatMap(({ attempt: { result } }) =>
      result && result.maxScore ? [(result.score / result.maxScore) * 100] : [],
    );
    render(res, `${lab.title}: scores and stages`, labStatsBody(lab, stagePassRates(lab, graded), percents));
  });

  router.get('/dashboard/submissions/:id', signedIn, async (req, res) => {
    const account = accountOf(res);
    const submission = await deps.store.findSubmission(String(req.params.id));
    if (!submission || (account.role !== 'instructor' && submission.learner !== account.name))
      return notFound(res, `No submission ${req.params.id}.`);
    const attempts = await deps.store.attempts(submission.id);
    const result = submission.attempt.result && resultFor(submission.attempt.result, account);
    const appLog =
      account.role === 'instructor'
        ? ((await readAppLog(deps.dataDir, submission)) ?? result?.appLog)
        : result?.appLog;
    const unfinished = submission.attempt.state === 'queued' || submission.attempt.state === 'running';
    render(
      res,
      `Submission ${submission.id}`,
      submissionBody({
        account,
        csrf: String(res.locals.csrf),
        submission,
        attempts,
        result,
        appLog,
        progress: deps.hub.history(submission.id),
      }),
      unfinished ? 5 : undefined,
    );
  });

  router.post(
    '/dashboard/submissions/:id/regrade',
    forms,
    signedIn,
    instructorsOnly,
    checkCsrf,
    async (req, res) => {
      const id = String(req.params.id);
      const outcome = await regradeSubmission(deps, id, accountOf(res).name);
      if (outcome.kind === 'not-found') return notFound(res, `No submission ${id}.`);
      res.redirect(303, `/dashboard/submissions/${encodeURIComponent(id)}`);
    },
  );

  return router;
}

function render(res: Response, title: string, body: Html, refreshSeconds?: number): void {
  res
    .type('html')
    .send(page({ title, account: accountOf(res), csrf: String(res.locals.csrf), body, refreshSeconds }));
}

function notFound(res: Response, message: string): void {
  res
    .status(404)
    .type('html')
    .send(
      page({
        title: 'Not found',
        account: res.locals.account as Account | undefined,
        csrf: String(res.locals.csrf ?? ''),
        body: html`<p>${message}</p>`,
      }),
    );
}

function instructorsOnly(_req: Request, res: Response, next: () => void): void {
  if (accountOf(res).role !== 'instructor') {
    res
      .status(403)
      .type('html')
      .send(
        page({
          title: 'Instructors only',
          account: accountOf(res),
          csrf: String(res.locals.csrf),
          body: html`<p>This page is for instructors.</p>`,
        }),
      );
    return;
  }
  next();
}

function filtersOf(req: Request, account: Account): SubmissionFilters {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const status = text(req.query.status);
  return {
    lab: text(req.query.lab),
    // Learners only ever see their own.
    learner: account.role === 'instructor' ? text(req.query.learner) : account.name,
    status: status && ATTEMPT_STATES.includes(status as AttemptState) ? status : undefined,
  };
}

/** Only same-site paths, so the login form cannot be used to send someone elsewhere. */
function safeNext(value: unknown): string {
  return typeof value === 'string' &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.includes('\\')
    ? value
    : '/dashboard';
}

/** The end of the full app log of the latest attempt, when the run folder still has it. */
async function readAppLog(dataDir: string, submission: Submission): Promise<string | undefined> {
  const path = join(dataDir, 'runs', submission.id, String(submission.attempt.number), 'app.log');
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - APP_LOG_BYTES_SHOWN);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    return (start > 0 ? `… (first ${start} bytes left out)\n` : '') + buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
