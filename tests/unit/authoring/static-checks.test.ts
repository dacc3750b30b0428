import { readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { formatProblem } from '../../../runner/lab';
import { staticChecks } from '../../../runner/authoring/static-checks';
import { editIn, scratchCopies, writeIn } from './scratch-lab';

/** What `validate` finds without running anything: all of it at once, each with file, field and fix. */

const labs = scratchCopies();
afterAll(() => labs.cleanup());

const shown = (result: Awaited<ReturnType<typeof staticChecks>>) =>
  result.problems.map((p) => `${p.severity} ${p.check} ${formatProblem(p)}`);

describe('staticChecks', () => {
  test('the template passes, with its known answers and mutations read', async () => {
    const result = await staticChecks(labs.copy('express-mysql'));
    expect(shown(result)).toEqual([]);
    expect(result.fatal).toBe(false);
    expect(result.knownAnswers.map((a) => a.name)).toEqual(['no-404', 'starter']);
    expect(result.mutations.map((m) => [m.name, m.why])).toEqual([
      ['no-title-check', 'Titles are not checked, so a note without a title reaches the database.'],
    ]);
  });

  test('publication rules: points total 100, every stage has hints, every suite is listed and runnable, a brief exists', async () => {
    const dir = labs.copy('express-mysql');
    const manifest = parse(readFileSync(path.join(dir, 'lab.yaml'), 'utf8'));
    manifest.stages[0].points = 40;
    manifest.stages[1].hints = [];
    manifest.stages[1].tests = 'tests/02-read-notes.check.ts';
    writeIn(dir, 'lab.yaml', stringify(manifest));
    renameSync(path.join(dir, 'tests/02-read-notes.test.ts'), path.join(dir, 'tests/02-read-notes.check.ts'));
    writeIn(dir, 'tests/03-forgotten.test.ts', "test('is never run', () => {});\n");
    rmSync(path.join(dir, 'README.md'));
    const result = await staticChecks(dir);
    expect(shown(result)).toEqual([
      "error manifest tests/03-forgotten.test.ts: not used by any stage; add it to a stage's `tests` or `hidden` list in lab.yaml, or delete it",
      "error manifest lab.yaml: stages: the stages' points add up to 90 (create-notes 40 + read-notes 50), not 100; change the points so they total 100; scores are then percentages",
      'error manifest lab.yaml: stages[1].hints: stage "read-notes" has no hints; add at least one hint: learners see them when the stage does not pass',
      'error manifest lab.yaml: stages[1].tests: "tests/02-read-notes.check.ts" is not run: suite files must end in .test.ts or .test.js; rename it to "tests/02-read-notes.test.ts"',
      'warning manifest README.md: not found; it is the brief learners read first; describe the task, the endpoints and how to run it',
    ]);
    expect(result.fatal).toBe(false);
  });

  test('a suite that does not compile is fatal, with the compiler message, file, line and column', async () => {
    const dir = labs.copy('express-mysql');
    editIn(
      dir,
      'tests/02-read-notes.test.ts',
      "const res = await app().get('/api/notes');",
      "const res = await app().fetchAll('/api/notes');",
    );
    const result = await staticChecks(dir);
    expect(result.fatal).toBe(true);
    expect(result.problems.map((p) => formatProblem(p))).toEqual([
      expect.stringMatching(
        /^tests\/02-read-notes\.test\.ts:\d+:\d+: does not compile: Property 'fetchAll' does not exist on type '.*'\. \(TS2339\)$/,
      ),
    ]);
    expect(result.problems[0]).toMatchObject({ check: 'compile', severity: 'error', line: 8, column: 29 });
  });

  test('a lab that does not load is fatal; its suites are still compiled, and known answers are not read', async () => {
    const dir = labs.copy('express-mysql');
    editIn(
      dir,
      'lab.yaml',
      '  mysql: { database: app, init: [db/schema.sql] }',
      '  mysql: { database: app, init: [db/schema.sql] }\n  postgres: {}',
    );
    editIn(
      dir,
      'tests/01-create-notes.test.ts',
      "describe('POST /api/notes', () => {",
      "describe('POST /api/notes', () => {\n  const broken: number = 'text';",
    );
    const result = await staticChecks(dir);
    expect(result.fatal).toBe(true);
    expect(result.lab).toBeUndefined();
    expect(result.knownAnswers).toEqual([]);
    expect(shown(result)).toEqual([
      'error manifest lab.yaml:12:3: services: unknown service kind `postgres`; known kinds: mysql, mongodb, redis, nginx',
      "error compile tests/01-create-notes.test.ts:5:9: does not compile: Type 'string' is not assignable to type 'number'. (TS2322)",
    ]);
  });
});
