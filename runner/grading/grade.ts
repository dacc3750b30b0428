import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InfraError } from '../common/errors';
import type { Progress } from '../common/progress';
import type { ShutdownHooks } from '../common/shutdown';
import type { DockerClient } from '../docker/docker-client';
import type { Lab, LabStage } from '../lab';
import { newRunId } from '../docker/names';
import { Environment, reportCancelled, type ServiceSpec } from '../services/environment';
import { startSandboxedApp, type SandboxedApp } from './start-sandboxed-app';
import { PhaseError, toRunError, type RunError } from './grading-error';
import { PhaseTimer } from './phase-timer';
import { gradeDeadlineMs } from './grade-deadline';
import { withTimeout } from '../common/poll';
import { preflight } from './preflight';
import { collectProvenance, labImages } from './provenance';
import { RESULT_VERSION, type GradeResult, type Phase, type Provenance, type StageResult } from './result';
import { appLogNotes, startedByLab } from './app-log-notes';
import { runStages } from './run-stages';
import { StageRunner } from './stage-runner';
import { keepServiceLogs } from './service-logs';
import { servicesToStart } from './service-specs';
import { lastLinesOf } from '../sandbox/log-excerpt';
import { removedCounts } from '../common/units';

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
  /** The app's folder in the submission as the learner chose it (`--app-dir`); overrides app.path. */
  appDir?: string;
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
  await mkdir(req.runDir, { recursive: true });
  const run: GradeRun = {
    runId: newRunId(startedAt),
    timer: new PhaseTimer(),
    stages: [],
    notes: [],
    phase: 'images',
    appLogPath: join(req.runDir, 'app.log'),
    runnerReady: Promise.resolve(),
  };
  const planned = plannedServices(req);
  const stageCount = stagesOf(req).length;
  const deadlineMs = gradeDeadlineMs(req.lab, stageCount);
  let graded: StageResult[] = run.stages;
  let runError: RunError | undefined;
  let provenance: Provenance | undefined;
  try {
    const finished = await withTimeout(
      gradeRun(ctx, req, run).then(() => true),
      deadlineMs,
    );
    if (!finished) {
      // The work goes on in the background until teardown removes what it waits on: keep what
      // was graded by now, and let nothing it does later reach the result.
      graded = [...run.stages];
      runError = deadlineError(run.phase, deadlineMs);
    }
  } catch (err) {
    runError = err instanceof PhaseError ? toRunError(err.phase, err.original) : toRunError('tests', err);
  } finally {
    if (runError) {
      if (run.env) run.env.cancelStarts(planned);
      else reportCancelled(ctx.progress, planned);
    }
    // Before teardown, which forgets the services (their versions were asked when they started).
    provenance = await collectProvenance(ctx.docker, req.lab, run.env?.list() ?? [], run.app?.image);
    await tearDown(ctx, run);
  }

  const fullLog = await readFile(run.appLogPath, 'utf8').catch(() => '');
  const appLog = lastLinesOf(fullLog, APP_LOG_LINES);
  const notes = [...run.notes, ...appLogNotes(fullLog, run.app, graded.length > 0, startedByLab(req.lab))];
  return buildResult(req, run.runId, graded, runError, appLog, run.timer, startedAt, provenance, notes);
}

/** What a grade has made so far, for its teardown and its result. */
interface GradeRun {
  runId: string;
  timer: PhaseTimer;
  stages: StageResult[];
  notes: string[];
  /** The phase in progress, named when the grade's own deadline passes. */
  phase: Phase;
  appLogPath: string;
  env?: Environment;
  app?: SandboxedApp;
  runner?: StageRunner;
  runnerReady: Promise<unknown>;
}

/** From the submission's folder to the stages' results in `run.stages`. */
async function gradeRun(ctx: GradeContext, req: GradeRequest, run: GradeRun): Promise<void> {
  const { timer } = run;
  // The submission's own mistakes, found before anything is created or started.
  const checked = await preflight(req.lab, req.submissionDir, req.appDir);
  run.notes = checked.notes;
  for (const note of run.notes) ctx.progress.info(note);
  await inPhase(run, 'images', () => timer.time('images', () => requireImages(ctx.docker, req.lab)));
  const env = await inPhase(run, 'services', () =>
    Environment.create(ctx, { runId: run.runId, workspace: req.workspace, lifetime: 'run', internal: true }),
  );
  run.env = env;
  const runner = testRunner(ctx.docker, req, env);
  run.runner = runner;
  const specs = servicesToStart(req.lab, req.submissionDir);
  const servicesStarting = inPhase(run, 'services', () =>
    timer.time('services', () => env.startServices(specs.beforeApp)),
  );
  const installing = req.lab.app
    ? inPhase(run, 'install', () =>
        timer.time('install', () => startSandboxedApp.prepare(ctx, env, { ...req, lab: checked.lab })),
      )
    : Promise.resolve(undefined);
  // The runner is needed last. Docker starts containers one after another, so it starts once the
  // install or the services are done, not ahead of them; jest warms up while the app starts. A
  // failure of its own shows at the first stage; after a failed install it is not started at all.
  run.runnerReady = Promise.race([installing, servicesStarting])
    .then(
      () => runner.warmUp(),
      () => undefined,
    )
    .catch(() => undefined);
  const [, prepared] = await Promise.all([servicesStarting, installing]).catch(async (err: unknown) => {
    env.cancelStarts(plannedServices(req));
    // A service still starting may yet create a container; teardown lists the run's containers
    // once, so it waits for those starts to end rather than leave one behind.
    await Promise.allSettled([servicesStarting]);
    throw err;
  });
  if (prepared) {
    run.app = prepared;
    await inPhase(run, 'appStart', () => timer.time('appStart', () => prepared.start(run.appLogPath)));
  }
  await inPhase(run, 'services', () => timer.time('services', () => env.startServices(specs.afterApp)));
  const kitEnv = await inPhase(run, 'services', () => suiteKitEnv(req, env, run.app));
  run.phase = 'tests';
  const stages = { ctx, req, env, kitEnv, app: run.app, stages: stagesOf(req), runner };
  await timer.time('tests', () => runStages(stages, run.stages));
}

async function tearDown(ctx: GradeContext, run: GradeRun): Promise<void> {
  // A runner still starting may yet create its container: teardown must see it.
  await run.runnerReady;
  // Independent containers: the runner's removal, the app's stop (then its log's last read), and
  // the services' logs kept beside the app's, then their removal.
  const services = run.env?.list() ?? [];
  await Promise.all([
    run.runner?.close(),
    run.app?.closeLogs(),
    keepServiceLogs(ctx.docker, services, dirname(run.appLogPath)).then(() => run.env?.removeServices()),
  ]);
  if (!run.env) return;
  const env = run.env;
  const step = ctx.progress.step('Removing containers');
  await run.timer.time('teardown', async () => {
    const removed = await env.teardown();
    if (removed.failures.length) step.fail(`could not remove: ${removed.failures.join('; ')}`);
    else step.succeed(removedCounts(removed));
  });
}

function stagesOf(req: GradeRequest): LabStage[] {
  return req.stageIds ? req.lab.stages.filter((s) => req.stageIds!.includes(s.id)) : req.lab.stages;
}

function plannedServices(req: GradeRequest): ServiceSpec[] {
  const specs = servicesToStart(req.lab, req.submissionDir);
  return [...specs.beforeApp, ...specs.afterApp];
}

function deadlineError(phase: Phase, deadlineMs: number): RunError {
  return {
    phase,
    message: `the grade did not finish within its overall limit of ${Math.round(deadlineMs / 1000)} seconds (the lab's limits added up); it stopped during ${phase}`,
    hint: 'Every step has its own limit, so this points at the machine (Docker answering slowly) rather than at your code: grade again, and run `backlab doctor` if it happens again.',
    cause: 'infrastructure',
  };
}

function testRunner(docker: DockerClient, req: GradeRequest, env: Environment): StageRunner {
  return new StageRunner({
    docker,
    runId: env.runId,
    labels: env.labels,
    network: env.network,
    labDir: req.lab.dir,
    submissionDir: req.submissionDir,
    workDir: join(req.runDir, 'tests'),
  });
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

async function requireImages(docker: DockerClient, lab: Lab): Promise<void> {
  const missing: string[] = [];
  for (const ref of labImages(lab)) if (!(await docker.inspectImage(ref))) missing.push(ref);
  if (missing.length) {
    throw new InfraError(
      `image${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not built on this machine`,
      'Run `backlab images build` (a few minutes, once).',
    );
  }
}

async function inPhase<T>(run: GradeRun, phase: Phase, work: () => Promise<T>): Promise<T> {
  run.phase = phase;
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
  provenance: Provenance,
  notes: string[],
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
    ...(notes.length ? { notes } : {}),
    appLog,
    timings: { images: 0, services: 0, install: 0, appStart: 0, tests: 0, teardown: 0, ...timer.timings },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    provenance,
  };
}
