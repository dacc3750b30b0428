import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../../common/errors';
import { findDevServices, resetDevServices, stopDevEnvironment } from '../../services/dev-environment';
import { findLab } from '../../lab';
import { EXIT, type CliContext } from '../cli-context';
import { readHistory, requireState, stateDir, writeState } from '../workspace-state';
import { plural } from '../../common/units';

/** Commands on the development environment of a learner's folder: status, logs, hint, reset, stop. */

export interface FolderOptions {
  dir?: string;
  json: boolean;
}

/** `backlab status`: the lab, its running services and the latest grades. */
export async function status(ctx: CliContext, opts: FolderOptions): Promise<number> {
  const folder = resolve(ctx.cwd, opts.dir ?? '.');
  const state = await requireState(folder);
  const services = state.devRunId ? await findDevServices(await ctx.docker(), state.devRunId) : [];
  const history = await readHistory(folder);
  if (opts.json) {
    ctx.out(
      JSON.stringify({ lab: state.lab, folder, runId: state.devRunId ?? null, services, history }, null, 2),
    );
    return EXIT.ok;
  }
  const lines = [`Lab ${state.lab} in ${folder}`];
  if (!state.devRunId) lines.push('Services: stopped (run `backlab start` to start them again)');
  for (const s of services) {
    const ports = Object.entries(s.ports)
      .map(([inner, outer]) => `127.0.0.1:${outer} → ${inner}`)
      .join(', ');
    lines.push(`  ${s.role.padEnd(8)} ${s.running ? 'running' : 'STOPPED'}  ${ports}`);
  }
  const recent = history.slice(-5);
  if (recent.length)
    lines.push(
      'Recent grades:',
      ...recent.map(
        (h) => `  #${h.run} ${h.kind.padEnd(6)} ${h.status.padEnd(5)} ${h.score}/${h.maxScore}  ${h.at}`,
      ),
    );
  ctx.out(lines.join('\n'));
  return EXIT.ok;
}

/** `backlab logs [service|app]`: a service's log from the development environment, or the app log of the latest grade. */
export async function logs(
  ctx: CliContext,
  opts: FolderOptions & { target?: string; lines: number },
): Promise<number> {
  const folder = resolve(ctx.cwd, opts.dir ?? '.');
  const state = await requireState(folder);
  const target = opts.target ?? 'app';
  if (target === 'app') {
    const history = await readHistory(folder);
    const last = history.at(-1);
    if (!last) throw new UserError('no graded run yet, so no app log', 'Run `backlab test` first.');
    ctx.out(
      await readFile(join(stateDir(folder), 'runs', String(last.run), 'app.log'), 'utf8').catch(
        () => '(the app printed nothing)',
      ),
    );
    return EXIT.ok;
  }
  if (!state.devRunId)
    throw new UserError('the services are not running', 'Run `backlab start` to start them.');
  const docker = await ctx.docker();
  const service = (await findDevServices(docker, state.devRunId)).find((s) => s.role === target);
  if (!service)
    throw new UserError(
      `no service ${target} in this environment`,
      'Try `backlab logs app` or one of the services `backlab status` lists.',
    );
  ctx.out(await docker.logs(service.containerId, opts.lines));
  return EXIT.ok;
}

/** `backlab hint [stage]`: the hints of a stage, by default of the first stage the latest grade did not pass. */
export async function hint(ctx: CliContext, opts: FolderOptions & { stage?: string }): Promise<number> {
  const folder = resolve(ctx.cwd, opts.dir ?? '.');
  const state = await requireState(folder);
  const lab = await findLab(ctx.labsDir, state.lab, ctx.cwd);
  let stageId = opts.stage;
  if (!stageId) {
    const last = (await readHistory(folder)).at(-1);
    const result = last
      ? JSON.parse(
          await readFile(join(stateDir(folder), 'runs', String(last.run), 'result.json'), 'utf8').catch(
            () => '{}',
          ),
        )
      : {};
    stageId =
      (result.stages as Array<{ id: string; status: string }> | undefined)?.find((s) => s.status !== 'pass')
        ?.id ?? lab.stages[0].id;
  }
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

/** `backlab reset`: the development databases back to the lab's initial state. */
export async function reset(ctx: CliContext, opts: FolderOptions): Promise<number> {
  const folder = resolve(ctx.cwd, opts.dir ?? '.');
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
  const folder = resolve(ctx.cwd, opts.dir ?? '.');
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
