import type { GradeResult } from '../grading/result';

/** A test whose outcome was not the same in every run of the same code. */
export interface FlakyTest {
  stage: string;
  test: string;
  /** Outcome per run, in run order; "missing" when the test did not run (its stage errored). */
  outcomes: TestOutcome[];
  /** The failure message of the first run it failed in. */
  firstFailure?: string;
}

export type TestOutcome = 'pass' | 'fail' | 'missing';

/**
 * Compares the runs of one submission test by test. A test that ran in some runs only (its stage
 * crashed or timed out in the others) is flaky too: its outcome there is "missing".
 */
export function findFlakyTests(runs: readonly GradeResult[]): FlakyTest[] {
  if (runs.length < 2) return [];
  const outcomes = new Map<string, FlakyTest>();
  const entry = (stage: string, test: string) => {
    const key = JSON.stringify([stage, test]);
    let found = outcomes.get(key);
    if (!found) {
      found = { stage, test, outcomes: runs.map((): TestOutcome => 'missing') };
      outcomes.set(key, found);
    }
    return found;
  };
  runs.forEach((run, index) => {
    for (const stage of run.stages) {
      for (const test of stage.tests) {
        const found = entry(stage.id, test.name);
        found.outcomes[index] = test.status;
        if (test.status === 'fail' && found.firstFailure === undefined)
          found.firstFailure = test.message ?? '(no message)';
      }
    }
  });
  return [...outcomes.values()].filter((found) => new Set(found.outcomes).size > 1);
}

/** "run 1 pass, run 2 fail, run 3 pass" */
export function formatOutcomes(outcomes: readonly TestOutcome[]): string {
  return outcomes.map((outcome, i) => `run ${i + 1} ${outcome}`).join(', ');
}
