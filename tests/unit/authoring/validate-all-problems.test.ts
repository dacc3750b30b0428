import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { silentProgress } from '../../../runner/common/progress';
import { formatProblem } from '../../../runner/lab';
import { validateLab } from '../../../runner/authoring/validate-lab';
import type { ValidationReport } from '../../../runner/authoring/validation-report';
import { editIn, scratchCopies, writeIn } from './scratch-lab';

/** A missing file does not hide the lab's other problems: one run of validate reports them all. */

const labs = scratchCopies();
afterAll(() => labs.cleanup());

const shown = (report: ValidationReport) =>
  report.problems.map((p) => `${p.severity} ${p.check} ${formatProblem(p)}`);

/** Validation that must stop before any grade: the lab does not load. */
function validate(labDir: string): Promise<ValidationReport> {
  const grader = () => Promise.reject(new Error('a lab that does not load is never graded'));
  return validateLab({ progress: silentProgress, grader }, { labDir, runs: 1 });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- broken on purpose, edited as YAML data
function copyWithManifest(change: (manifest: any) => void): string {
  const dir = labs.copy('express-mysql');
  const manifest = parse(readFileSync(path.join(dir, 'lab.yaml'), 'utf8'));
  change(manifest);
  writeIn(dir, 'lab.yaml', stringify(manifest));
  return dir;
}

describe('validate of a lab with a missing suite', () => {
  test('also reports the unused suite, the publication rules, a focused test and a broken known answer', async () => {
    const dir = copyWithManifest((m) => {
      m.stages[0].points = 40;
      m.stages[0].hints = [];
      m.stages[1].tests = 'tests/02-read-note.test.ts';
    });
    editIn(
      dir,
      'tests/01-create-notes.test.ts',
      "describe('POST /api/notes'",
      // Built from parts: the tree itself holds no focused test.
      `describe${'.only'}('POST /api/notes'`,
    );
    editIn(dir, 'submissions/no-404/expected.json', '"status": "fail"', '"status": "failed"');
    const report = await validate(dir);
    expect(report.fatal).toBe(true);
    expect(shown(report)).toEqual([
      'error manifest lab.yaml:32:12: stages[1].tests: file "tests/02-read-note.test.ts" not found; did you mean tests/02-read-notes.test.ts?',
      "error manifest tests/02-read-notes.test.ts: not used by any stage; add it to a stage's `tests` or `hidden` list in lab.yaml, or delete it",
      "error manifest lab.yaml:23:3: stages: the stages' points add up to 90 (create-notes 40 + read-notes 50), not 100; change the points so they total 100; scores are then percentages",
      'error manifest lab.yaml:28:12: stages[0].hints: stage "create-notes" has no hints; add at least one hint: learners see them when the stage does not pass',
      "error compile tests/01-create-notes.test.ts:4:1: describe.only leaves tests out of the grade, and the stage's points are spread over the rest; remove the .only: every test of a lab suite runs",
      'error known-answers submissions/no-404/expected.json: status: expected "pass", "fail" or "error"; expected.json holds from, status, score, failing (or error, for status "error"), why and optionally remove',
    ]);
  });

  test('with a schema error too (an empty hint): the unused suite is still found', async () => {
    const dir = copyWithManifest((m) => {
      m.stages[0].hints = [''];
      m.stages[1].tests = 'tests/02-read-note.test.ts';
    });
    expect(shown(await validate(dir))).toEqual([
      'error manifest lab.yaml:29:9: stages[0].hints[0]: expected non-empty text, got ""',
      'error manifest lab.yaml:33:12: stages[1].tests: file "tests/02-read-note.test.ts" not found; did you mean tests/02-read-notes.test.ts?',
      "error manifest tests/02-read-notes.test.ts: not used by any stage; add it to a stage's `tests` or `hidden` list in lab.yaml, or delete it",
    ]);
  });
});
