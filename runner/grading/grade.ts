import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InfraError } from '../common/errors';
import type { Progress } from '../common/progress';
import type { ShutdownHooks } from '../common/shutdown';
import type { DockerClient } from '../docker/docker-client';
import type { Lab } from '../lab';
import { newRunId } from '../docker/names';
import { Environment, reportCancelled } from '../services/environment';
import { startSandboxedApp, type SandboxedApp } from './start-sandboxed-app';
import { PhaseError, toRunError, type RunError } from './grading-error';
import { PhaseTimer } from './phase-timer';
import { preflight } from './preflight';
import { collectProvenance, labImages } from './provenance';
import { RESULT_VERSION, type GradeResult, type Phase, type Provenance, type StageResult } from './result';
import { appLogNotes } from './app-log-notes';
import { runStages } from './run-stages';
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
  const runId = newRunId(startedAt);
  const timer = new PhaseTimer();
  const stagesToRun = req.stageIds
    ? req.lab.stages.filter((s) => req.stageIds!.includes(s.id))
    : req.lab.stages;
  await mkdir(req.runDir, { recursive: true });
  const appLogPath = join(req.runDir, 'app.log');

  let env: Environment | undefined;
  let app: SandboxedApp | undefined;
  const stages: StageResult[] = [];
  let runError: RunError | undefined;
  let provenance: Provenance | undefined;
  let notes: string[] = [];
  const specs = servicesToStart(req.lab, req.submissionDir);
  const planned = [...specs.beforeApp, ...specs.afterApp];
  try {
    // The submission's own mistakes, found before anything is created or started.
    const checked = await preflight(req.lab, req.submissionDir, req.appDir);
    notes = checked.notes;
    for (const note of notes) ctx.progress.info(note);
    await inPhase('images', () => timer.time('images', () => requireImages(ctx.docker, req.lab)));
    env = await inPhase('services', () =>
      Environment.create(ctx, { runId, workspace: req.workspace, lifetime: 'run', internal: true }),
    );
    const running = env;
    const appReq = { ...req, lab: checked.lab };
    const servicesStarting = inPhase('services', () =>
      timer.time('services', () => running.startServices(specs.beforeApp)),
    );
    const [, prepared] = await Promise.all([
      servicesStarting,
      req.lab.app
        ? inPhase('install', () =>
            timer.time('install', () => startSandboxedApp.prepare(ctx, running, appReq)),
          )
        : undefined,
    ]).catch(async (err: unknown) => {
      running.cancelStarts(planned);
      // A service still starting may yet create a container; teardown lists the run's containers
      // once, so it waits for those starts to end rather than leave one behind.
      await Promise.allSettled([servicesStarting]);
      throw err;
    });
    if (prepared) {
      app = prepared;
      await inPhase('appStart', () => timer.time('appStart', () => prepared.start(appLogPath)));
    }
    await inPhase('services', () => timer.time('services', () => running.startServices(specs.afterApp)));
    const kitEnv = await inPhase('services', () => suiteKitEnv(req, running, app));
    const run = { ctx, req, env: running, kitEnv, app, stages: stagesToRun };
    await timer.time('tests', () => runStages(run, stages));
  } catch (err) {
    runError = err instanceof PhaseError ? toRunError(err.phase, err.original) : toRunError('tests', err);
    if (env) env.cancelStarts(planned);
    else reportCancelled(ctx.progress, planned);
  } finally {
    // Before teardown, which forgets the services (their versions were asked when they started).
    provenance = await collectProvenance(ctx.docker, req.lab, env?.list() ?? []);
    if (env) {
      const removing = env;
      const step = ctx.progress.step('Removing containers');
      await timer.time('teardown', async () => {
        const removed = await removing.teardown();
        if (removed.failures.length) step.fail(`could not remove: ${removed.failures.join('; ')}`);
        else step.succeed(removedCounts(removed));
      });
      await app?.closeLogs();
    }
  }

  const fullLog = await readFile(appLogPath, 'utf8').catch(() => '');
  const appLog = lastLinesOf(fullLog, APP_LOG_LINES);
  notes.push(...appLogNotes(fullLog, app, stages.length > 0));
  return buildResult(req, runId, stages, runError, appLog, timer, startedAt, provenance, notes);
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
