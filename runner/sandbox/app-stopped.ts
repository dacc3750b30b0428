import { sleep } from '../common/poll';
import type { ContainerState, DockerClient } from '../docker/docker-client';
import { AppNotReadyError } from './app-not-ready-error';
import { connectionHint, type ServiceWhereabouts } from './connection-hint';
import { nodeCrashExcerpt } from './log-excerpt';
import { missingModuleHint, type AppPackage } from './missing-module';
import { pythonModuleHint } from '../runtimes/python-module-hint';

/** What explaining a stopped app needs to know about it. */
export interface StopContext {
  memoryBytes: number;
  /** The command that ran: the one a learner can run to see the same crash. */
  startCommand: string;
  services: ServiceWhereabouts[];
  app?: AppPackage;
}

const LOG_LINES = 200;

/** The app's log, waiting up to `ms` for it to stop growing (a crash trace arrives last). */
export async function collectLog(docker: DockerClient, id: string, ms: number): Promise<string> {
  const until = Date.now() + ms;
  let log = await docker.logs(id, LOG_LINES).catch(() => '');
  while (Date.now() < until) {
    await sleep(500);
    const next = await docker.logs(id, LOG_LINES).catch(() => log);
    if (next === log) break;
    log = next;
  }
  return log;
}

/**
 * The lines that show why the app stopped. A crash trace goes to stderr, but Docker logs it as it
 * comes, before stdout that was still in the pipe: after a flood of output, the trace sits above
 * the last lines of the log. So for a failed exit the last stderr lines are shown, when there are any.
 */
async function crashLog(docker: DockerClient, id: string, exitCode: number): Promise<string> {
  const errors = exitCode === 0 ? '' : await docker.logs(id, LOG_LINES, 'stderr').catch(() => '');
  return errors.trim() ? errors : docker.logs(id, LOG_LINES).catch(() => '');
}

/**
 * Why the app's container is no longer running, from its exit code, OOM state and log: what
 * happened, the lines that show it, and the most specific next step that can be told.
 */
export async function appStoppedError(
  docker: DockerClient,
  id: string,
  state: Pick<ContainerState, 'exitCode' | 'oomKilled'>,
  ctx: StopContext,
): Promise<AppNotReadyError> {
  const log = await crashLog(docker, id, state.exitCode);
  if (state.oomKilled) {
    return new AppNotReadyError(
      'out-of-memory',
      `your app was stopped: it used more than its memory limit of ${Math.round(ctx.memoryBytes / 1024 ** 2)} MB`,
      'Look for data loaded all at once or a loop that keeps allocating.',
      log,
    );
  }
  const hint =
    (ctx.app && missingModuleHint(log, ctx.app)) ??
    pythonModuleHint(log) ??
    connectionHint(log, ctx.services) ??
    `Run \`${ctx.startCommand}\` in your folder and fix the error above.`;
  const how =
    state.exitCode === 0
      ? 'exited (with code 0, as if it had finished)'
      : `exited with code ${state.exitCode}`;
  return new AppNotReadyError(
    'exited',
    `your app (${ctx.startCommand}) ${how} before it was ready:\n${nodeCrashExcerpt(log) || '(it printed nothing)'}`,
    hint,
    log,
  );
}
