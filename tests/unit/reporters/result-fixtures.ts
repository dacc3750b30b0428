import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GradeResult, type Provenance } from '../../../runner/grading/result';

/**
 * pass; fail (with hidden tests); error (the app never started); stage-error (a stage's suites
 * timed out); sandbox-error (the install met a limit of the grading sandbox).
 */
export const RESULT_FIXTURES = ['pass', 'fail', 'error', 'stage-error', 'sandbox-error'] as const;
export type ResultFixture = (typeof RESULT_FIXTURES)[number];

export const RESULTS_DIR = join(__dirname, '../../fixtures/results');

/** A fixture result, checked against the schema so fixtures cannot drift from the real document. */
export function loadResult(name: ResultFixture): GradeResult {
  const path = join(RESULTS_DIR, `${name}.json`);
  const parsed = GradeResult.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a valid GradeResult:\n${parsed.error.message}`);
  return parsed.data;
}

/** What results built in tests say produced them: any fixture's provenance will do. */
export const FAKE_PROVENANCE: Provenance = {
  backlab: '0.1.0',
  labHash: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
  images: {
    'backlab/node:latest': 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
  },
  services: {},
};
