import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../../runner/common/errors';
import { defaultLabsDir, findLab, listLabs } from '../../../runner/lab/lab-catalog';
import { formatProblem } from '../../../runner/lab/lab-problem';
import { FIXTURE_LABS, fixtureLab } from './lab-fixtures';

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError, but it resolved');
}

describe('listLabs', () => {
  test('returns the labs that load and the problems of those that do not, without throwing', async () => {
    const catalog = await listLabs(FIXTURE_LABS);
    expect(catalog.labs.map((lab) => lab.id)).toEqual(['complete-lab', 'minimal-lab']);
    expect(catalog.broken.map((lab) => [lab.id, lab.dir])).toEqual([
      ['broken-lab', fixtureLab('broken-lab')],
    ]);
    expect(catalog.broken[0].errors.map(formatProblem)).toEqual([
      'lab.yaml:9:13: stages[0].points: expected a positive integer, got "ten"',
      'lab.yaml: starter: folder "starter" not found; create it with the code learners start from, or set `starter:` to its folder',
      'lab.yaml: solution: folder "solution" not found; create it with a reference solution that passes every stage, or set `solution:` to its folder',
    ]);
  });

  test('a labs folder that does not exist is a user error', async () => {
    const error = await userErrorOf(listLabs(path.join(FIXTURE_LABS, 'missing')));
    expect(error.message).toBe(`labs folder ${path.join(FIXTURE_LABS, 'missing')} not found`);
  });
});

describe('findLab', () => {
  test('finds a lab by id', async () => {
    const lab = await findLab(FIXTURE_LABS, 'minimal-lab');
    expect(lab.dir).toBe(fixtureLab('minimal-lab'));
  });

  test('finds a lab by a path relative to the working folder', async () => {
    const lab = await findLab('/nonexistent-labs', './labs/complete-lab', path.dirname(FIXTURE_LABS));
    expect(lab.id).toBe('complete-lab');
  });

  test('an unknown id names the known labs and what to run', async () => {
    const error = await userErrorOf(findLab(FIXTURE_LABS, 'login-system'));
    expect(error.message).toBe('no lab `login-system`; known labs: broken-lab, complete-lab, minimal-lab.');
    expect(error.hint).toBe('Run `backlab list`.');
  });

  test('a misspelt id suggests the closest lab', async () => {
    const error = await userErrorOf(findLab(FIXTURE_LABS, 'minimal-lba'));
    expect(error.message).toBe(
      'no lab `minimal-lba`; did you mean `minimal-lab`? Known labs: broken-lab, complete-lab, minimal-lab.',
    );
  });

  test('a lab that does not load is a user error listing its problems', async () => {
    const error = await userErrorOf(findLab(FIXTURE_LABS, 'broken-lab'));
    expect(error.message.split('\n')).toEqual([
      'lab `broken-lab` has 3 problems:',
      '  lab.yaml:9:13: stages[0].points: expected a positive integer, got "ten"',
      '  lab.yaml: starter: folder "starter" not found; create it with the code learners start from, or set `starter:` to its folder',
      '  lab.yaml: solution: folder "solution" not found; create it with a reference solution that passes every stage, or set `solution:` to its folder',
    ]);
    expect(error.hint).toBe('Fix them, then run `backlab validate broken-lab`.');
  });
});

describe('defaultLabsDir', () => {
  test("is the package's labs/ folder, holding the lab schema", () => {
    const dir = defaultLabsDir();
    expect(dir).toBe(path.resolve(__dirname, '../../../labs'));
    expect(existsSync(path.join(dir, 'lab.schema.json'))).toBe(true);
  });
});
