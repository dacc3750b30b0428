import { InfraError } from '../common/errors';
import { sleep } from '../common/poll';
import type { Environment } from '../services/environment';
import type { RunningService } from '../services/service';
import { lastLinesOf } from '../sandbox/log-excerpt';
import type { Lab, LabStage } from '../lab';
import type { GradeContext, GradeRequest } from './grade';
import type { StageResult } from './result';
import type { StageRunner, StageSuiteOutcome, StageSuites } from './stage-runner';
import { scoreStage, unscoredStage } from './score-stage';
import type { SandboxedApp } from './start-sandboxed-app';

export interface StagesRun {
  ctx: GradeContext;
  req: GradeRequest;
  env: Environment;
  kitEnv: Record<string, string>;
  app: SandboxedApp | undefined;
  stages: LabStage[];
  runner: StageRunner;
}

/**
 * Runs the stages in order into `results`, so the stages already graded survive a failure later
 * on. After each stage it looks at the app and the services again: a stopped app leaves the later
 * stages ungraded (the learner's), a stopped service makes the stage an error (not a fail).
 */
export async function runStages(run: StagesRun, results: StageResult[]): Promise<void> {
  const { ctx, env, stages, app } = run;
  let appDied: string | undefined;
  for (const [index, stage] of stages.entries()) {
    if (appDied) {
      results.push(unscoredStage(stage, 'fail', `not graded: ${appDied}`));
      continue;
    }
    const step = ctx.progress.step(`Stage ${index + 1}/${stages.length}  ${stage.title}`);
    const started = Date.now();
    const { unreset, outcome } = await resetAndRun(run, stage);
    const stopped = unreset ?? (await stoppedService(ctx, env.list()));
    // A stage that ran out of time because the app hangs is the app's failure, not "could not grade".
    const hung = !stopped && outcome?.kind === 'timeout' ? await appTrouble(app) : undefined;
    const result = stopped
      ? unscoredStage(stage, 'error', `not graded: ${stopped}`)
      : hung
        ? unscoredStage(
            stage,
            'fail',
            `${hung}; the tests did not finish within the time limit of ${Math.round(run.req.lab.limits.stageTimeoutMs / 1000)} seconds`,
          )
        : stageResult(run.req.lab, stage, outcome!, Date.now() - started);
    // Whether it answers costs a probe: a stage whose tests all passed has just seen it answer.
    if (!stopped) {
      appDied = hung ?? (result.status === 'pass' ? await app?.exitReason() : await appTrouble(app));
    }
    // An app that died while this stage ran failed its tests for that reason: say so with them.
    results.push(
      appDied && !hung && !result.error ? { ...result, error: `${appDied} during this stage` } : result,
    );
    const passed = result.tests.filter((t) => t.status === 'pass').length;
    const summary = `${passed}/${result.tests.length} tests  ${result.score}/${result.maxScore}`;
    if (result.status === 'pass') step.succeed(summary);
    else step.fail(summary);
    if (stopped) throw new InfraError(stopped, SERVICE_HINT);
  }
}

/**
 * The services' reset and the stage's run, overlapped: the runner's jest sets itself up while the
 * reset runs, and its tests wait for the reset at the stage's gate. A failed reset cancels them.
 */
async function resetAndRun(
  run: StagesRun,
  stage: LabStage,
): Promise<{ unreset?: string; outcome?: StageSuiteOutcome }> {
  const resetting = resetFailure(run.ctx, run.env);
  const resetOk = resetting.then(
    (failure) => failure === undefined,
    () => false,
  );
  // Settled either way before anything is thrown, so neither promise is left unobserved.
  const [reset, ran] = await Promise.allSettled([
    resetting,
    run.runner.run(stageSuites(run, stage), resetOk),
  ]);
  if (reset.status === 'rejected') throw reset.reason;
  if (reset.value) return { unreset: reset.value };
  if (ran.status === 'rejected') throw ran.reason;
  return { outcome: ran.value };
}

function stageSuites({ req, kitEnv }: StagesRun, stage: LabStage): StageSuites {
  return {
    stageId: stage.id,
    visibleFiles: stage.tests,
    hiddenFiles: req.hidden ? stage.hidden : [],
    kitEnv,
    timeoutMs: req.lab.limits.stageTimeoutMs,
  };
}

function stageResult(lab: Lab, stage: LabStage, outcome: StageSuiteOutcome, durationMs: number): StageResult {
  if (outcome.kind === 'ran') return scoreStage(stage, outcome, durationMs);
  if (outcome.kind === 'timeout') {
    const seconds = Math.round(lab.limits.stageTimeoutMs / 1000);
    return unscoredStage(
      stage,
      'error',
      `the tests did not finish within the time limit of ${seconds} seconds`,
    );
  }
  return unscoredStage(stage, 'error', `the test runner stopped without a report:\n${outcome.output}`);
}

/** Why the app cannot take more tests: it exited, or it stopped answering. */
async function appTrouble(app: SandboxedApp | undefined): Promise<string | undefined> {
  if (!app) return undefined;
  return (await app.exitReason()) ?? (await app.unresponsiveReason().catch(() => undefined));
}

const SERVICE_HINT = 'This is a problem of the machine or the lab, not of your code: grade again.';

/** Resets the services; when that fails because a service stopped, says which and how. */
async function resetFailure(ctx: GradeContext, env: Environment): Promise<string | undefined> {
  try {
    await env.resetServices();
    return undefined;
  } catch (err) {
    // A service being killed fails the reset's exec before Docker reports it stopped.
    for (let tries = 0; tries < 8; tries++) {
      const stopped = await stoppedService(ctx, env.list());
      if (stopped) return stopped;
      await sleep(250);
    }
    throw err;
  }
}

/** "MySQL stopped during the run (exit code 137, out of memory): <log tail>", or undefined. */
async function stoppedService(ctx: GradeContext, services: RunningService[]): Promise<string | undefined> {
  for (const service of services) {
    const state = await ctx.docker.inspectContainer(service.containerId).catch(() => undefined);
    if (state?.running) continue;
    const how = !state
      ? 'its container is gone'
      : `exit code ${state.exitCode}${state.oomKilled ? ', out of memory' : ''}`;
    const log = await ctx.docker.logs(service.containerId, 10).catch(() => '');
    return `${service.title} stopped during the run (${how})${log.trim() ? `:\n${lastLinesOf(log, 10)}` : ''}`;
  }
  return undefined;
}
