import path from 'node:path';
import type { Progress } from '../common/progress';
import type { GradeResult } from '../grading/result';
import { locateManifestProblems, type Lab } from '../lab';
import { checkKnownAnswers } from './check-known-answers';
import { checkMutations } from './check-mutations';
import { checkSolution, type SolutionCheck } from './check-solution';
import { checkStarter } from './check-starter';
import type { Grader } from './grade-job';
import { isSlow, stageTimings } from './stage-timings';
import { staticChecks, type StaticCheckResult } from './static-checks';
import type { GradeSummary, ValidationReport } from './validation-report';
import { skippedAfter, warningOf } from './validation-problem';

import type { SkippableCheck } from './skippable-checks';
export { SKIPPABLE_CHECKS, type SkippableCheck } from './skippable-checks';

export interface ValidateOptions {
  labDir: string;
  /** How many times the solution is graded (flaky tests show up from 2). */
  runs: number;
  skip?: readonly SkippableCheck[];
}

export interface ValidateDeps {
  progress: Progress;
  /** Called once the static checks pass: connecting to Docker is not needed before. */
  grader: (lab: Lab) => Promise<Grader>;
}

/**
 * Validates a lab for publication: static checks first (manifest, files, suites compile), then
 * grades — the solution `runs` times with hidden tests, the starter, each known answer, each
 * mutation — one after another. Everything found comes back at once in the report.
 */
export async function validateLab(deps: ValidateDeps, opts: ValidateOptions): Promise<ValidationReport> {
  const statics = await staticChecks(opts.labDir);
  const report: ValidationReport = {
    lab: statics.lab?.id ?? path.basename(path.resolve(opts.labDir)),
    dir: path.resolve(opts.labDir),
    fatal: statics.fatal,
    problems: [...statics.problems],
    ...(statics.compiled ? { compiled: statics.compiled } : {}),
    knownAnswers: [],
    mutations: [],
    timings: [],
    skipped: [...statics.skipped],
  };
  if (statics.lab && !statics.fatal) await gradeLab(statics.lab, statics, deps, opts, report);
  // Problems found after loading (hints, points, the starter) name fields of lab.yaml too.
  report.problems = await locateManifestProblems(report.dir, report.problems);
  return report;
}

/** The grades, in order; a solution that cannot be graded stops them (nothing after it would mean anything). */
async function gradeLab(
  lab: Lab,
  statics: StaticCheckResult,
  deps: ValidateDeps,
  opts: ValidateOptions,
  report: ValidationReport,
): Promise<void> {
  const { progress } = deps;
  const skip = new Set(opts.skip ?? []);
  const grader = await deps.grader(lab);
  const solution = await gradeSolution(lab, grader, progress, opts.runs, report);
  if (!solution) return;

  if (skip.has('starter')) report.skipped.push({ check: 'starter', reason: 'skipped on request' });
  else {
    const starter = await checkStarter(lab, grader, progress);
    report.problems.push(...starter.problems);
    report.starter = {
      ...summary(starter.result),
      stagesPassed: starter.result.stages.filter((s) => s.status === 'pass').map((s) => s.id),
    };
  }

  if (skip.has('known-answers'))
    report.skipped.push({ check: 'known-answers', reason: 'skipped on request' });
  else {
    const known = await checkKnownAnswers(lab, statics.knownAnswers, grader, progress);
    report.problems.push(...known.problems);
    report.knownAnswers = known.outcomes;
  }

  if (skip.has('mutations')) report.skipped.push({ check: 'mutations', reason: 'skipped on request' });
  else if (!solution.passes)
    report.skipped.push({ check: 'mutations', reason: 'the solution does not pass every test yet' });
  else {
    const mutations = await checkMutations(lab, statics.mutations, grader, progress);
    report.problems.push(...mutations.problems);
    report.mutations = mutations.outcomes;
  }
}

/** The solution's runs, flakiness and timings into the report; undefined when it cannot be graded. */
async function gradeSolution(
  lab: Lab,
  grader: Grader,
  progress: Progress,
  runs: number,
  report: ValidationReport,
): Promise<SolutionCheck | undefined> {
  const solution = await checkSolution(lab, grader, progress, runs);
  report.problems.push(...solution.problems);
  report.solution = { runs: solution.runs.map(summary), flaky: solution.flaky };
  if (solution.fatal) {
    report.fatal = true;
    report.skipped.push(...skippedAfter('solution', 'the solution could not be graded'));
    return undefined;
  }
  if (runs < 2) report.skipped.push({ check: 'flakiness', reason: 'needs at least 2 runs (--runs)' });
  report.timings = stageTimings(lab, solution.runs);
  for (const slow of report.timings.filter(isSlow)) {
    report.problems.push(
      warningOf('timing', {
        file: 'lab.yaml',
        path: `stage ${slow.stage}`,
        message: `the solution took up to ${(slow.slowestMs / 1000).toFixed(1)} s of the ${(slow.limitMs / 1000).toFixed(0)} s limit`,
        fix: 'speed the suite up (fewer sequential requests, no fixed sleeps) or raise limits.timeout',
      }),
    );
  }
  return solution;
}

function summary(result: GradeResult): GradeSummary {
  return { status: result.status, score: result.score, maxScore: result.maxScore };
}
