import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatProblem } from '../../../runner/lab/lab-problem';
import { loadLab } from '../../../runner/lab/load-lab';
import { closestPath } from '../../../runner/lab/path-suggestions';
import { fixtureLab, scratchLabs } from './lab-fixtures';

/** A path of lab.yaml that names nothing, next to one that exists, gets "did you mean …?". */

const labs = scratchLabs();
afterAll(() => labs.cleanup());

const original = readFileSync(path.join(fixtureLab('complete-lab'), 'lab.yaml'), 'utf8');

/** The complete fixture with one text of its lab.yaml replaced; the problems, without positions. */
async function problemsWith(from: string, to: string): Promise<string[]> {
  if (!original.includes(from)) throw new Error(`lab.yaml lacks ${from}`);
  const result = await loadLab(labs.copy({ yamlText: original.replace(from, to) }));
  if (result.ok) throw new Error('expected the lab not to load');
  return result.errors.map((problem) => formatProblem({ ...problem, line: undefined }));
}

const LOGIN = 'tests: [tests/02-login.stage.ts]';

describe('did you mean, for paths', () => {
  test.each([
    ['a typo', 'tests/02-lgoin.stage.ts'],
    ['the wrong extension', 'tests/02-login.stage.js'],
    ['an extension too few', 'tests/02-login.ts'],
    ['a misspelt folder', 'test/02-login.stage.ts'],
    ['the wrong folder', 'tests/visible/02-login.stage.ts'],
  ])('%s: %s', async (_, typo) => {
    expect(await problemsWith(LOGIN, `tests: [${typo}]`)).toEqual([
      `lab.yaml: stages[1].tests[0]: file "${typo}" not found; did you mean tests/02-login.stage.ts?`,
    ]);
  });

  test('folders and init files too', async () => {
    expect(await problemsWith('init: [db/schema.sql]', 'init: [db/schema.sq]')).toEqual([
      'lab.yaml: services.mysql.init[0]: file "db/schema.sq" not found; did you mean db/schema.sql?',
    ]);
    expect(await problemsWith('stages:\n', 'solution: solutions\nstages:\n')).toEqual([
      'lab.yaml: solution: folder "solutions" not found; did you mean solution?',
    ]);
  });

  test('never a file lab.yaml already names: tests/03-… is no suggestion for tests/04-…', async () => {
    const stage =
      '\n  - id: orders\n    title: Orders\n    points: 10\n    tests: tests/04-catalogue.stage.ts\n';
    expect(
      await problemsWith(
        'tests: [tests/03-catalogue.stage.ts]\n',
        `tests: [tests/03-catalogue.stage.ts]${stage}`,
      ),
    ).toEqual([
      'lab.yaml: stages[3].tests: file "tests/04-catalogue.stage.ts" not found; create it or correct the path (relative to the lab folder)',
    ]);
  });
});

describe('closestPath', () => {
  const files = ['tests/01-a.test.ts', 'tests/hidden/01-a.test.ts', 'db/schema.sql', 'README.md'];

  test('a name two folders share is no suggestion for a third', () => {
    expect(closestPath('suites/01-a.test.ts', files)).toBeUndefined();
  });

  test('an exact match is not a suggestion, and nothing close gives none', () => {
    expect(closestPath('db/schema.sql', ['db/schema.sql'])).toBeUndefined();
    expect(closestPath('db/seed.json', files)).toBeUndefined();
  });

  test('backslashes and ./ are read as the loader reads them', () => {
    expect(closestPath('.\\db\\schema.sq', files)).toBe('db/schema.sql');
  });
});
