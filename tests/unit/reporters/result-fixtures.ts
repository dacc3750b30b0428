import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GradeResult } from '../../../runner/grading/result';

/** pass; fail (with hidden tests); error (the app never started); stage-error (a stage's suites timed out). */
export const RESULT_FIXTURES = ['pass', 'fail', 'error', 'stage-error'] as const;
export type ResultFixture = (typeof RESULT_FIXTURES)[number];

export const RESULTS_DIR = join(__dirname, '../../fixtures/results');

/** A fixture result, checked against the schema so fixtures cannot drift from the real document. */
export function loadResult(name: ResultFixture): GradeResult {
  const path = join(RESULTS_DIR, `${name}.json`);
  const parsed = GradeResult.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a valid GradeResult:\n${parsed.error.message}`);
  return parsed.data;
}
