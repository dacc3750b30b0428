import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { silentProgress } from '../../../runner/common/progress';
import { formatValidation } from '../../../runner/authoring/format-validation';
import { validateLab } from '../../../runner/authoring/validate-lab';
import { validationExitCode, type ValidationReport } from '../../../runner/authoring/validation-report';
import { CHECKS } from '../../../runner/authoring/validation-problem';
import { editIn, scratchCopies } from './scratch-lab';

/** A check is never reported as passed when what it checks was never loaded. */

const labs = scratchCopies();
afterAll(() => labs.cleanup());

function validate(labDir: string): Promise<ValidationReport> {
  const grader = () => Promise.reject(new Error('a lab that does not load is never graded'));
  return validateLab({ progress: silentProgress, grader }, { labDir, runs: 1 });
}

describe('validate of what is not a lab', () => {
  test('a folder that does not exist: "folder not found" at once, exit 2, and no check listed', async () => {
    const dir = path.join(path.dirname(labs.copy('express-mysql')), 'no-such-lab');
    const report = await validate(dir);
    expect(validationExitCode(report)).toBe(2);
    expect(report.skipped.map((s) => s.check)).toEqual([...CHECKS]);
    expect(report.compiled).toBeUndefined();
    expect(formatValidation(report)).toBe(
      `  ✘ ${dir}: lab folder not found; check the path, or run \`backlab list\` to see the known labs\n`,
    );
  });

  test('a folder without lab.yaml or suites: the suites are not said to compile', async () => {
    const dir = path.join(path.dirname(labs.copy('express-mysql')), 'empty-lab');
    mkdirSync(dir);
    const text = formatValidation(await validate(dir));
    expect(text).toContain('  ✘ manifest ');
    expect(text).toContain('  – suites         skipped: no suite to compile was found');
    expect(text).toContain(
      '  – solution       skipped: lab.yaml does not load: fix the manifest problems first',
    );
    expect(text).not.toContain('✔');
  });

  test('a lab.yaml that does not load: the suites under tests/ are compiled, and said to be those', async () => {
    const dir = labs.copy('express-mysql');
    editIn(dir, 'lab.yaml', 'difficulty: beginner', 'difficulty: easy');
    const report = await validate(dir);
    expect(report.compiled).toEqual({
      scope: 'tests-folder',
      files: [
        'tests/01-create-notes.test.ts',
        'tests/02-read-notes.test.ts',
        'tests/hidden/01-create-notes.test.ts',
      ],
    });
    expect(formatValidation(report)).toContain(
      '  ✔ suites         3 suites under tests/ (lab.yaml does not say which stage runs which) type-checked, no errors',
    );
  });

  test('a lab that loads: its stage suites, counted', async () => {
    const dir = labs.copy('express-mysql');
    editIn(
      dir,
      'tests/02-read-notes.test.ts',
      "const res = await app().get('/api/notes');",
      "const res = await app().fetchAll('/api/notes');",
    );
    const text = formatValidation(await validate(dir));
    expect(text).toContain('  ✘ suites         3 stage suites type-checked, 1 file with problems');
    expect(text).toContain('  – solution       skipped: a suite does not compile');
  });
});
