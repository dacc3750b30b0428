import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { focusedTestProblems } from '../../../runner/authoring/focused-tests';
import { parseJestReport } from '../../../runner/grading/jest-report';
import type { Lab } from '../../../runner/lab';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-focus-');

const focus = (runner: string, modifier: string) => `${runner}.${modifier}`;

describe('lab suites that leave tests out', () => {
  it('makes skipped, todo and focused-away tests a suite error of the lab at grade time', () => {
    const report = {
      testResults: [
        {
          name: '/lab/tests/01-register.test.ts',
          assertionResults: [
            {
              ancestorTitles: ['POST /api/register'],
              title: 'creates a user',
              status: 'passed',
              failureMessages: [],
            },
            {
              ancestorTitles: ['POST /api/register'],
              title: 'rejects a duplicate',
              status: 'pending',
              failureMessages: [],
            },
            { ancestorTitles: [], title: 'hashes the password', status: 'todo', failureMessages: [] },
          ],
        },
      ],
    };
    const parsed = parseJestReport(
      report,
      () => false,
      () => 'tests/01-register.test.ts',
    );
    expect(parsed.tests).toEqual([]);
    expect(parsed.suiteErrors).toEqual([
      'tests/01-register.test.ts did not run 2 of its tests: "POST /api/register › rejects a duplicate" (pending), "hashes the password" (todo); lab suites must not use .only, .skip or .todo',
    ]);
  });

  it('is refused by validate, with the file, line and what to remove', async () => {
    const dir = await folders.make();
    const suite = join(dir, '01.test.ts');
    await writeFile(
      suite,
      // Made from parts, so this file is not itself a suite that focuses or skips tests.
      [
        "it('a', () => {});",
        `${focus('it', 'only')}('b', () => {});`,
        `// ${focus('it', 'skip')} in a comment is fine`,
        `  ${'x'}it('c', () => {});`,
        `${focus('test', 'todo')}('d');`,
      ].join('\n'),
    );
    const lab = { dir, stages: [{ tests: [suite], hidden: [] }] } as unknown as Lab;
    const problems = await focusedTestProblems(lab);
    expect(problems.map((p) => [p.file, p.line, p.message.split(' ')[0], p.fix])).toEqual([
      ['01.test.ts', 2, focus('it', 'only'), 'remove the .only: every test of a lab suite runs'],
      ['01.test.ts', 4, 'xit', 'remove the "x" prefix: every test of a lab suite runs'],
      ['01.test.ts', 5, focus('test', 'todo'), 'remove the .todo: every test of a lab suite runs'],
    ]);
  });
});
