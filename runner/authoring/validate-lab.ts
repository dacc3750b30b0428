import path from 'node:path';
import type { Progress } from '../common/progress';
import type { GradeResult } from '../grading/result';
import type { Lab } from '../lab';
import { checkKnownAnswers } from './check-known-answers';
import { checkMutations } from './check-mutations';
import { checkSolution } from './check-solution';
import { checkStarter } from './check-starter';
import type { Grader } from './grade-job';
import { isSlow, stageTimings } from './stage-timings';
import { staticChecks } from './static-checks';
import type { GradeSummary, ValidationReport } from './validation-report';
import { warningOf, type CheckName } from './validation-problem';

/** Checks that may be left out, e.g. by a test suite that covers them elsewhere. */
export const SKIPPABLE_CHECKS = ['starter', 'known-answers', 'mutations'] as const;
export type SkippableCheck = (typeof SKIPPABLE_CHECKS)[number];

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
  const { progress } = deps;
  const skip = new Set(opts.skip ?? []);
  const statics = await staticChecks(opts.labDir);
  const report: ValidationReport = {
    lab: statics.lab?.id ?? path.basename(path.resolve(opts.labDir)),
    dir: path.resolve(opts.labDir),
    fatal: statics.fatal,
    problems: [...statics.problems],
    knownAnswers: [],
    mutations: [],
    timings: [],
    skipped: [],
  };
  const lab = statics.lab;
  if (!lab || statics.fatal) {
    report.skipped.push(...skippedAll('the lab does not load or its suites do not compile'));
    return report;
  }
  const grader = await deps.grader(lab);

  const solution = await checkSolution(lab, grader, progress, opts.runs);
  report.problems.push(...solution.problems);
  report.solution = { runs: solution.runs.map(summary), flaky: solution.flaky };
  if (solution.fatal) {
    report.fatal = true;
    report.skipped.push(
      ...skippedAll('the solution could not be graded').filter((s) => s.check !== 'solution'),
    );
    return report;
  }
  if (opts.runs < 2) report.skipped.push({ check: 'flakiness', reason: 'needs at least 2 runs (--runs)' });
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
  return report;
}

function summary(result: GradeResult): GradeSummary {
  return { status: result.status, score: result.score, maxScore: result.maxScore };
}

function skippedAll(reason: string): { check: CheckName; reason: string }[] {
  const later: CheckName[] = ['solution', 'flakiness', 'starter', 'known-answers', 'mutations', 'timing'];
  return later.map((check) => ({ check, reason }));
}
