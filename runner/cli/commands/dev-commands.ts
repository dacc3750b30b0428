import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../common/errors';
import { findDevServices, resetDevServices, stopDevEnvironment } from '../../services/dev-environment';
import { findLab } from '../../lab';
import { EXIT, type CliContext } from '../cli-context';
import { existingFolder } from '../lab-folder';
import { labRefOf, readHistory, readState, requireState, stateDir, writeState } from '../workspace-state';
import { plural } from '../../common/units';
import { serviceLogFile } from '../../grading/service-logs';

/** Commands on the development environment of a learner's folder: logs, hint, reset, stop. */

export interface FolderOptions {
  dir?: string;
  json: boolean;
}

/**
 * `backlab logs [app|service]`: a service's log from the development environment, or the app log
 * of the latest grade. `--grade`, or a service the development environment does not run, shows
 * the service's log as the latest grade kept it.
 */
export async function logs(
  ctx: CliContext,
  opts: FolderOptions & { target?: string; lines: number; grade?: boolean },
): Promise<number> {
  const folder = await existingFolder(ctx, opts.dir);
  const target = opts.target ?? 'app';
  if (target === 'app' || opts.grade) {
    ctx.out(await gradeLog(folder, target));
    return EXIT.ok;
  }
  // A folder graded with `--lab` and never started has no state, but may have a grade's logs.
  const devRunId = (await readState(folder))?.devRunId;
  const docker = devRunId ? await ctx.docker() : undefined;
  const services = docker && devRunId ? await findDevServices(docker, devRunId) : [];
  // By role (mysql, nginx) or by name (app-1, app-2: one instance of several).
  const service = services.find((s) => s.name === target) ?? services.find((s) => s.role === target);
  if (docker && service) {
    ctx.out(await docker.logs(service.containerId, opts.lines));
    return EXIT.ok;
  }
  const kept = await gradeLog(folder, target).catch(() => undefined);
  if (kept === undefined) {
    const running = services.filter((s) => !s.role.includes('admin')).map((s) => s.name);
    throw new UserError(
      `no ${target} log: the development environment ${devRunId ? `runs ${running.join(', ') || 'no service'}` : 'is not running'}, and the latest grade kept none`,
      'Try `backlab logs app`, or one of the services `backlab status` lists.',
    );
  }
  ctx.progress.info(
    `${target}'s log from the latest grade (the development environment does not run ${target})`,
  );
  ctx.out(kept);
  return EXIT.ok;
}

/** The app's log, or a service's, as the folder's latest grade kept it. */
async function gradeLog(folder: string, target: string): Promise<string> {
  // The latest grade's logs are there also when the folder was graded with `--lab`, without `start`.
  const last = (await readHistory(folder)).at(-1);
  if (!last) throw new UserError(`no graded run yet, so no ${target} log`, 'Run `backlab test` first.');
  const runDir = join(stateDir(folder), 'runs', String(last.run));
  if (target === 'app')
    return readFile(join(runDir, 'app.log'), 'utf8').catch(() => '(the app printed nothing)');
  return readFile(serviceLogFile(runDir, target), 'utf8').catch(() => {
    throw new UserError(
      `the latest grade (run ${last.run}) kept no ${target} log`,
      `Its lab runs no ${target}, or it stopped before ${target} started: see \`backlab logs app\`.`,
    );
  });
}

/**
 * `backlab hint [stage]`: the hints of a stage of the folder's lab, or of `--lab` (in any folder);
 * by default of the first stage the latest grade against that lab did not pass.
 */
export async function hint(
  ctx: CliContext,
  opts: FolderOptions & { lab?: string; stage?: string },
): Promise<number> {
  const folder = await existingFolder(ctx, opts.dir);
  const lab = await findLab(ctx.labsDir, await labRefOf(folder, opts.lab), ctx.cwd);
  const stageId = opts.stage ?? (await firstStageNotPassed(folder, lab.id)) ?? lab.stages[0].id;
  const stage = lab.stages.find((s) => s.id === stageId);
  if (!stage)
    throw new UserError(
      `no stage ${stageId} in ${lab.id}`,
      `Stages: ${lab.stages.map((s) => s.id).join(', ')}.`,
    );
  if (opts.json) {
    ctx.out(JSON.stringify({ stage: stage.id, title: stage.title, hints: stage.hints }, null, 2));
    return EXIT.ok;
  }
  ctx.out(
    [
      `Hints for "${stage.title}" (${stage.id}):`,
      ...(stage.hints.length ? stage.hints.map((h) => `  • ${h}`) : ['  (this stage has no hints)']),
    ].join('\n'),
  );
  return EXIT.ok;
}

/** The first stage not passed in the folder's latest grade against `labId`, if there is one. */
async function firstStageNotPassed(folder: string, labId: string): Promise<string | undefined> {
  const last = (await readHistory(folder)).at(-1);
  if (!last) return undefined;
  const text = await readFile(join(stateDir(folder), 'runs', String(last.run), 'result.json'), 'utf8').catch(
    () => '{}',
  );
  const result = JSON.parse(text) as { lab?: string; stages?: Array<{ id: string; status: string }> };
  if (result.lab !== labId) return undefined;
  return result.stages?.find((s) => s.status !== 'pass')?.id;
}

/** `backlab reset`: the development databases back to the lab's initial state. */
export async function reset(ctx: CliContext, opts: FolderOptions): Promise<number> {
  const folder = await existingFolder(ctx, opts.dir);
  const state = await requireState(folder);
  if (!state.devRunId)
    throw new UserError('the services are not running', 'Run `backlab start` to start them.');
  const done = await resetDevServices(await ctx.docker(), state.devRunId);
  ctx.out(
    opts.json
      ? JSON.stringify({ reset: done })
      : done.length
        ? `✔ Reset ${done.join(', ')} to the lab's initial state`
        : 'Nothing to reset: this lab has no database.',
  );
  return EXIT.ok;
}

/** `backlab stop`: removes the development environment; the code and history stay. */
export async function stop(ctx: CliContext, opts: FolderOptions): Promise<number> {
  const folder = await existingFolder(ctx, opts.dir);
  const state = await requireState(folder);
  if (!state.devRunId) {
    ctx.out(
      opts.json ? JSON.stringify({ stopped: false }) : 'Nothing to stop: the services are not running.',
    );
    return EXIT.ok;
  }
  const removed = await stopDevEnvironment(await ctx.docker(), state.devRunId);
  await writeState(folder, { ...state, devRunId: undefined, services: [] });
  ctx.out(
    opts.json
      ? JSON.stringify({ stopped: true, ...removed })
      : `✔ Stopped ${state.lab}: removed ${plural(removed.containers, 'container')}. Your code and grades stay in ${folder}.`,
  );
  return removed.failures.length ? EXIT.error : EXIT.ok;
}
