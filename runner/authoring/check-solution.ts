import path from 'node:path';
import type { Progress } from '../common/progress';
import type { GradeResult } from '../grading/result';
import type { Lab } from '../lab';
import { findFlakyTests, formatOutcomes, type FlakyTest } from './flaky-tests';
import { runJob, type Grader } from './grade-job';
import { errorOf, type ValidationProblem } from './validation-problem';

export interface SolutionCheck {
  runs: GradeResult[];
  flaky: FlakyTest[];
  /** True when every run scored full marks on visible and hidden tests. */
  passes: boolean;
  /** True when the solution could not be graded (it never started, a suite crashed the run). */
  fatal: boolean;
  problems: ValidationProblem[];
}

const APP_LOG_TAIL = 15;

/**
 * The reference solution, graded `runs` times in a row with hidden tests: it must reach full marks
 * every time, and any test whose outcome changes between runs is flaky. A run that cannot be graded
 * at all stops the check (nothing after it would mean anything).
 */
export async function checkSolution(
  lab: Lab,
  grader: Grader,
  progress: Progress,
  runs: number,
): Promise<SolutionCheck> {
  const results: GradeResult[] = [];
  const folder = relativeFolder(lab, lab.solutionDir);
  for (let run = 1; run <= runs; run++) {
    const title = `Grading the solution ${run}/${runs}`;
    const { result } = await runJob(grader, { title, folder: lab.solutionDir, hidden: true }, progress);
    results.push(result);
    if (result.error) {
      return {
        runs: results,
        flaky: [],
        passes: false,
        fatal: true,
        problems: [errorOf('solution', notGradable(folder, result, run, runs))],
      };
    }
  }
  const flaky = findFlakyTests(results);
  const flakyNames = new Set(flaky.map((f) => JSON.stringify([f.stage, f.test])));
  const last = results[results.length - 1];
  const failing = alwaysFailing(last, flakyNames).map((p) => errorOf('solution', { file: folder, ...p }));
  // The app's own output often says why (a query error, a crash): show it once, with the first failure.
  if (failing.length && last.appLog.trim())
    failing[0] = { ...failing[0], message: `${failing[0].message}${logTail(last.appLog)}` };
  const problems: ValidationProblem[] = [
    ...failing,
    ...flaky.map((f) =>
      errorOf('flakiness', {
        file: stageFile(lab, f.stage),
        path: `stage ${f.stage}`,
        message: `flaky test ${JSON.stringify(f.test)}: ${formatOutcomes(f.outcomes)}${f.firstFailure ? ` (${firstLine(f.firstFailure)})` : ''}`,
        fix: 'make the test independent of timing and of other tests (fresh users, no fixed sleeps, await every request)',
      }),
    ),
  ];
  const passes = results.every((r) => r.status === 'pass' && r.score === r.maxScore);
  return { runs: results, flaky, passes, fatal: false, problems };
}

function notGradable(folder: string, result: GradeResult, run: number, runs: number) {
  const error = result.error!;
  const when = runs > 1 ? ` (run ${run} of ${runs})` : '';
  return {
    file: folder,
    message: `could not be graded${when}: ${error.message}${logTail(result.appLog)}`,
    fix: error.hint ?? 'run the solution yourself (npm install && npm start) and fix what stops it',
  };
}

/** Tests that fail in the last run and are not flaky: they fail every time. */
function alwaysFailing(
  result: GradeResult,
  flaky: Set<string>,
): { path: string; message: string; fix: string }[] {
  return result.stages.flatMap((stage) => {
    if (stage.error)
      return [
        {
          path: `stage ${stage.id}`,
          message: `stage could not be graded: ${stage.error}`,
          fix: 'fix the stage suites or the solution',
        },
      ];
    return stage.tests
      .filter((t) => t.status === 'fail' && !flaky.has(JSON.stringify([stage.id, t.name])))
      .map((t) => ({
        path: `stage ${stage.id}`,
        message: `fails ${t.hidden ? 'hidden ' : ''}test ${JSON.stringify(t.name)}: ${firstLine(t.message)}`,
        fix: 'the reference solution must pass every test: fix the solution or the test',
      }));
  });
}

function logTail(appLog: string): string {
  const log = appLog.trim().split('\n').slice(-APP_LOG_TAIL).join('\n');
  return log ? `\n--- last lines of the app log ---\n${log}` : '';
}

function stageFile(lab: Lab, stageId: string): string {
  const stage = lab.stages.find((s) => s.id === stageId);
  return stage?.tests[0] ? relativeFolder(lab, stage.tests[0]) : 'lab.yaml';
}

export function relativeFolder(lab: Lab, target: string): string {
  return path.relative(lab.dir, target).split(path.sep).join('/') || '.';
}

export function firstLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n')[0] || '(no message)';
}
