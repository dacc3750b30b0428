import { randomUUID } from 'node:crypto';
import { InfraError, UserError } from '../../common/errors';
import { sleep } from '../../common/poll';
import { plural } from '../../common/units';
import type { Progress, ProgressStep } from '../../common/progress';
import { formatResult } from '../../grading/reporters';
import { GradeResult, RESULT_VERSION } from '../../grading/result';
import { EXIT, type CliContext } from '../cli-context';
import { packFolder } from '../remote/pack-folder';
import { readRemoteConfig, serverUrl } from '../remote/remote-settings';
import { ServerClient, type RemoteSubmission } from '../remote/server-client';
import type { ServerSentEvent } from '../remote/sse-parser';
import { labIdOf } from '../workspace-state';
import { existingFolder } from '../lab-folder';
import { keepSubmissionRecords, recordOf } from '../remote/submission-records';
import { exitCodeOf, terminalReport, type ReportDetail } from './grade-folder';
import { submit } from './test';

export interface SubmitOptions extends ReportDetail {
  dir?: string;
  lab?: string;
  /** `--app-dir`, for local grades only: the server cannot be told it. */
  appDir?: string;
  json: boolean;
  /** --server or BACKLAB_SERVER; the config file's server otherwise; none: grade locally. */
  server?: string;
  /** --token or BACKLAB_TOKEN; the config file's token otherwise. */
  token?: string;
  /** How long to keep trying to reach the server while following a grade. */
  reconnectForMs?: number;
}

/** `backlab submit`: to the server when one is configured, else the local full grade. */
export async function submitLocallyOrRemotely(ctx: CliContext, opts: SubmitOptions): Promise<number> {
  const config = opts.server && opts.token ? {} : await readRemoteConfig();
  // An empty BACKLAB_SERVER or BACKLAB_TOKEN counts as unset.
  const server = opts.server || config.server;
  if (!server) return submit(ctx, opts);
  return submitRemote(ctx, { ...opts, server, token: opts.token || config.token });
}

/**
 * Packs the folder, uploads it with a progress bar, follows the grade live and prints the same
 * report (or, with --json, the same result document) as a local grade, with the same exit codes.
 */
export async function submitRemote(
  ctx: CliContext,
  opts: SubmitOptions & { server: string },
): Promise<number> {
  const base = serverUrl(opts.server);
  if (!opts.token) {
    throw new UserError(
      `no token for ${base}`,
      'Pass --token <token>, set BACKLAB_TOKEN, or put "token" in your backlab config file; your instructor gives you the token.',
    );
  }
  if (opts.appDir !== undefined) {
    throw new UserError(
      `--app-dir ${opts.appDir} works only for local grades: a backlab server takes no options with an upload`,
      "The server grades the lab's app.path, else the only subfolder with a startable app: upload a folder with one app, or leave --server out to grade here.",
    );
  }
  const folder = await existingFolder(ctx, opts.dir);
  const lab = await labIdOf(folder, opts.lab);
  const client = new ServerClient(base, opts.token);

  const packed = await packFolder(folder);
  for (const link of packed.skippedLinks)
    ctx.progress.warn(`left out ${link}: symbolic links are not uploaded`);
  const step = ctx.progress.step(
    `Uploading ${plural(packed.files, 'file')} (${formatBytes(packed.archive.length)}) to ${base}`,
  );
  let uploaded;
  try {
    uploaded = await client.upload(lab, packed.archive, randomUUID(), (sent, total) =>
      step.update(`${Math.floor((sent / total) * 100)}%`),
    );
  } catch (err) {
    step.fail();
    throw err;
  }
  step.succeed(uploaded.existing ? `already submitted as ${uploaded.id}` : `submission ${uploaded.id}`);
  // Kept before following, so that `backlab status` knows of it however the wait ends.
  const submittedAt = new Date().toISOString();
  await keepSubmissionRecords(folder, [
    recordOf(base, { id: uploaded.id, lab, status: 'queued', attempt: 1 }, submittedAt),
  ]);

  const final = await followUntilFinished(client, uploaded.id, ctx.progress, opts.reconnectForMs ?? 120_000);
  await keepSubmissionRecords(folder, [recordOf(base, final, submittedAt)]);
  ctx.progress.info(`Details: ${base}/dashboard/submissions/${final.id}`);
  if (final.status === 'error' || !final.result) {
    if (opts.json)
      ctx.out(
        JSON.stringify(
          { id: final.id, lab: final.lab, status: 'error', error: final.error ?? 'no result' },
          null,
          2,
        ),
      );
    else
      ctx.progress.warn(`The server could not grade submission ${final.id}: ${final.error ?? 'no result'}`);
    return EXIT.error;
  }
  const result = readResult(final.result);
  const report = terminalReport(ctx, { all: opts.all, verbose: opts.verbose, command: 'backlab submit' });
  ctx.out(formatResult(result, opts.json ? 'json' : 'terminal', report));
  return exitCodeOf(result);
}

/** The server's result document; one of another version says so rather than fail field by field. */
function readResult(document: unknown): GradeResult {
  const version = (document as { version?: unknown }).version;
  if (version !== RESULT_VERSION) {
    throw new UserError(
      `The server sent a grade result of version ${String(version)}; this backlab reads version ${RESULT_VERSION}.`,
      'Use the same backlab version as the server: update whichever is older.',
    );
  }
  return GradeResult.parse(document);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** Shows the grade's steps as they happen (event stream, polling when it drops) until it has finished. */
async function followUntilFinished(
  client: ServerClient,
  id: string,
  progress: Progress,
  reconnectForMs: number,
): Promise<RemoteSubmission> {
  const shown = new RemoteProgress(progress);
  let unreachableSince: number | undefined;
  for (;;) {
    try {
      const current = await client.submission(id);
      unreachableSince = undefined;
      if (current.status === 'graded' || current.status === 'error') return current;
      shown.stateIs(current.status);
      await client.follow(id, (event) => shown.show(event));
      const after = await client.submission(id);
      if (after.status === 'graded' || after.status === 'error') return after;
    } catch (err) {
      if (!(err instanceof InfraError)) throw err;
      unreachableSince ??= Date.now();
      if (Date.now() - unreachableSince > reconnectForMs) {
        throw new InfraError(
          `lost contact with ${client.baseUrl} while submission ${id} was being graded (${err.message})`,
          `The grade goes on there; see ${client.baseUrl}/dashboard/submissions/${id}.`,
        );
      }
    }
    await sleep(2000);
  }
}

/** The server's progress events, shown through the CLI's own progress display. */
class RemoteProgress {
  private steps = new Map<number, ProgressStep>();
  private lastState?: string;

  constructor(private readonly progress: Progress) {}

  stateIs(state: string): void {
    if (state === this.lastState) return;
    this.lastState = state;
    if (state === 'queued') this.progress.info('Queued on the server, waiting for a grader…');
  }

  show(event: ServerSentEvent): void {
    const data = JSON.parse(event.data) as {
      state?: string;
      step?: number;
      title?: string;
      status?: string;
      detail?: string;
      message?: string;
    };
    if (event.event === 'state' && data.state) {
      if (data.state === 'queued' && this.lastState === 'running')
        this.progress.warn('The server could not finish this grade and will try again.');
      if (data.state === 'running' && this.lastState !== 'running') this.steps.clear();
      this.stateIs(data.state);
    } else if (event.event === 'step' && data.step !== undefined) {
      let step = this.steps.get(data.step);
      if (!step) {
        step = this.progress.step(data.title ?? `Step ${data.step}`);
        this.steps.set(data.step, step);
      }
      if (data.status === 'succeeded') step.succeed(data.detail);
      else if (data.status === 'failed') step.fail(data.detail);
      else if (data.detail) step.update(data.detail);
    } else if (event.event === 'info' && data.message) this.progress.info(data.message);
    else if (event.event === 'warn' && data.message) this.progress.warn(data.message);
  }
}
