import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InfraError } from '../common/errors';
import type { Progress } from '../common/progress';
import type { ShutdownHooks } from '../common/shutdown';
import type { DockerClient } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import type { Lab, LabStage } from '../lab';
import { newRunId } from '../docker/names';
import { Environment } from '../services/environment';
import { startSandboxedApp, type SandboxedApp } from './start-sandboxed-app';
import { PhaseError, toRunError, type RunError } from './grading-error';
import { PhaseTimer } from './phase-timer';
import { RESULT_VERSION, type GradeResult, type Phase, type StageResult } from './result';
import { runStageSuites } from './run-stage-suites';
import { scoreStage, unscoredStage } from './score-stage';
import { servicesToStart } from './service-specs';
import { lastLinesOf } from '../sandbox/log-excerpt';

export interface GradeRequest {
  lab: Lab;
  /** The learner's folder (or an unpacked upload). It is copied, never mounted writable. */
  submissionDir: string;
  /** Also run the hidden suites (submission server, instructors). */
  hidden: boolean;
  /** Only these stages (all when absent). */
  stageIds?: string[];
  /** Label value that says what the run is for: a folder or a submission id. */
  workspace: string;
  /** Host folder for this run's files (app.log, test reports). */
  runDir: string;
  /** Docker runtime for the app, e.g. "runsc" where gVisor is installed. */
  runtime?: string;
  /**
   * Called once the app and services are ready, before the first stage, to put something between
   * the suites and the app (`backlab validate` injects faults through a proxy). It may start
   * containers on env.network, labelled with env.labels so teardown removes them, and returns the
   * kit variables to replace, such as BACKLAB_APP_URL.
   */
  interpose?: (env: Environment, kitEnv: Readonly<Record<string, string>>) => Promise<Record<string, string>>;
}

export interface GradeContext {
  docker: DockerClient;
  progress: Progress;
  hooks?: ShutdownHooks;
}

const APP_LOG_LINES = 50;

/**
 * Grades a submission against a lab on real containers and always returns a result: a learner's
 * failure is data (fail), a run that could not be graded is status error with the reason. Every
 * container, network and volume of the run is removed before it returns.
 */
export async function grade(ctx: GradeContext, req: GradeRequest): Promise<GradeResult> {
  const startedAt = new Date();
  const runId = newRunId(startedAt);
  const timer = new PhaseTimer();
  const stagesToRun = req.stageIds
    ? req.lab.stages.filter((s) => req.stageIds!.includes(s.id))
    : req.lab.stages;
  await mkdir(req.runDir, { recursive: true });
  const appLogPath = join(req.runDir, 'app.log');

  let env: Environment | undefined;
  let app: SandboxedApp | undefined;
  let stages: StageResult[] = [];
  let runError: RunError | undefined;
  try {
    await inPhase('images', () => timer.time('images', () => requireImages(ctx.docker, req.lab)));
    env = await inPhase('services', () =>
      Environment.create(ctx, { runId, workspace: req.workspace, lifetime: 'run', internal: true }),
    );
    const running = env;
    const specs = servicesToStart(req.lab, req.submissionDir);
    const [, prepared] = await Promise.all([
      inPhase('services', () => timer.time('services', () => running.startServices(specs.beforeApp))),
      req.lab.app
        ? inPhase('install', () => timer.time('install', () => startSandboxedApp.prepare(ctx, running, req)))
        : undefined,
    ]);
    if (prepared) {
      app = prepared;
      await inPhase('appStart', () => timer.time('appStart', () => prepared.start(appLogPath)));
    }
    await inPhase('services', () => timer.time('services', () => running.startServices(specs.afterApp)));
    const kitEnv = await inPhase('services', () => suiteKitEnv(req, running, app));
    stages = await timer.time('tests', () => runStages(ctx, req, running, kitEnv, app, stagesToRun));
  } catch (err) {
    runError = err instanceof PhaseError ? toRunError(err.phase, err.original) : toRunError('tests', err);
  } finally {
    if (env) {
      const removing = env;
      const step = ctx.progress.step('Removing containers');
      await timer.time('teardown', async () => {
        const removed = await removing.teardown();
        if (removed.failures.length) step.fail(`could not remove: ${removed.failures.join('; ')}`);
        else
          step.succeed(
            `${removed.containers} containers, ${removed.networks} network, ${removed.volumes} volume`,
          );
      });
      await app?.closeLogs();
    }
  }

  const appLog = lastLinesOf(await readFile(appLogPath, 'utf8').catch(() => ''), APP_LOG_LINES);
  return buildResult(req, runId, stages, runError, appLog, timer, startedAt);
}

/** What the suites are told about the app and services, after any `interpose` override. */
async function suiteKitEnv(
  req: GradeRequest,
  env: Environment,
  app: SandboxedApp | undefined,
): Promise<Record<string, string>> {
  const kitEnv = { ...env.kitEnv(), ...(app ? { BACKLAB_APP_URL: app.url } : {}) };
  return req.interpose ? { ...kitEnv, ...(await req.interpose(env, kitEnv)) } : kitEnv;
}

async function runStages(
  ctx: GradeContext,
  req: GradeRequest,
  env: Environment,
  kitEnv: Record<string, string>,
  app: SandboxedApp | undefined,
  stages: LabStage[],
): Promise<StageResult[]> {
  const results: StageResult[] = [];
  let appDied: string | undefined;
  for (const [index, stage] of stages.entries()) {
    if (appDied) {
      results.push(unscoredStage(stage, 'fail', `not graded: ${appDied}`));
      continue;
    }
    const step = ctx.progress.step(`Stage ${index + 1}/${stages.length}  ${stage.title}`);
    const started = Date.now();
    await env.resetServices();
    const outcome = await runStageSuites({
      docker: ctx.docker,
      runId: env.runId,
      labels: env.labels,
      network: env.network,
      stageId: stage.id,
      labDir: req.lab.dir,
      visibleFiles: stage.tests,
      hiddenFiles: req.hidden ? stage.hidden : [],
      submissionDir: req.submissionDir,
      kitEnv,
      workDir: join(req.runDir, 'tests'),
      timeoutMs: req.lab.limits.stageTimeoutMs,
    });
    const duration = Date.now() - started;
    const result =
      outcome.kind === 'ran'
        ? scoreStage(stage, outcome, duration)
        : outcome.kind === 'timeout'
          ? unscoredStage(
              stage,
              'error',
              `the tests did not finish within the time limit of ${Math.round(req.lab.limits.stageTimeoutMs / 1000)} seconds`,
            )
          : unscoredStage(stage, 'error', `the test runner stopped without a report:\n${outcome.output}`);
    results.push(result);
    const passed = result.tests.filter((t) => t.status === 'pass').length;
    const summary = `${passed}/${result.tests.length} tests  ${result.score}/${result.maxScore}`;
    if (result.status === 'pass') step.succeed(summary);
    else step.fail(summary);
    appDied = app ? await app.exitReason() : undefined;
  }
  return results;
}

async function requireImages(docker: DockerClient, lab: Lab): Promise<void> {
  const needed = [
    IMAGE.node,
    ...(lab.services.mysql ? [IMAGE.mariadb] : []),
    ...(lab.services.nginx ? [IMAGE.nginx] : []),
  ];
  const missing: string[] = [];
  for (const ref of needed) if (!(await docker.inspectImage(ref))) missing.push(ref);
  if (missing.length) {
    throw new InfraError(
      `image${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not built on this machine`,
      'Run `backlab images build` (a few minutes, once).',
    );
  }
}

async function inPhase<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof PhaseError ? err : new PhaseError(phase, err);
  }
}

function buildResult(
  req: GradeRequest,
  runId: string,
  stages: StageResult[],
  error: RunError | undefined,
  appLog: string,
  timer: PhaseTimer,
  startedAt: Date,
): GradeResult {
  const score = Math.round(stages.reduce((sum, s) => sum + s.score, 0) * 100) / 100;
  const maxScore = (
    req.stageIds ? req.lab.stages.filter((s) => req.stageIds!.includes(s.id)) : req.lab.stages
  ).reduce((sum, s) => sum + s.points, 0);
  const status =
    error || stages.some((s) => s.status === 'error')
      ? 'error'
      : stages.every((s) => s.status === 'pass')
        ? 'pass'
        : 'fail';
  return {
    version: RESULT_VERSION,
    lab: req.lab.id,
    runId,
    status,
    score,
    maxScore,
    stages,
    ...(error ? { error } : {}),
    appLog,
    timings: { images: 0, services: 0, install: 0, appStart: 0, tests: 0, teardown: 0, ...timer.timings },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
  };
}
