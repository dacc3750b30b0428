import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backlab } from '../../support/cli';

/** An instructor with the real CLI: list templates, create a lab, validate it, and get bad input wrong. */

const parent = mkdtempSync(path.join(tmpdir(), 'backlab-e2e-authoring-'));
const template = path.resolve(__dirname, '../../../templates/express-mysql');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** A copy of the template under `name`, changed by `edit` (file → new content, or a function of the old). */
function brokenCopy(name: string, edits: Record<string, string | ((old: string) => string) | null>): string {
  // The folder keeps the template's name: the lab id must equal it.
  const dir = path.join(parent, 'broken', name, 'express-mysql');
  cpSync(template, dir, { recursive: true, filter: (f) => !f.includes('node_modules') });
  for (const [file, edit] of Object.entries(edits)) {
    const full = path.join(dir, file);
    if (edit === null) rmSync(full);
    else writeFileSync(full, typeof edit === 'string' ? edit : edit(readFileSync(full, 'utf8')));
  }
  return dir;
}

describe('backlab new', () => {
  test('--list shows the templates', async () => {
    const run = await backlab(['new', '--list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^express-mongodb\s+mongodb\s+An Express API that saves notes in MongoDB/m);
    expect(run.stdout).toMatch(/^express-mysql\s+mysql\s+An Express API that saves notes in MySQL/m);
    expect(run.stdout).toMatch(
      /^express-redis\s+mysql, redis\s+An Express API that answers notes from Redis/m,
    );
    expect(run.stdout).toMatch(/^api-tests\s+-\s+Write the tests of a small notes API/m);
    expect(run.stdout).toMatch(/^nginx-proxy\s+nginx\s+An nginx configuration/m);
    expect(run.stdout).toMatch(/^flask-mysql\s+mysql\s+A Flask API that saves notes in MySQL/m);
    expect(run.stdout).toMatch(/^php-mysql\s+mysql\s+A PHP API that saves notes in MySQL/m);
  });

  test('creates a lab from a template and says what to edit next', async () => {
    const run = await backlab(['new', 'notes-api', '--template', 'express-mysql', '--dir', 'labs'], {
      cwd: parent,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✔ Created labs/notes-api ("Notes api") from the express-mysql template.');
    expect(run.stdout).toMatch(/labs\/notes-api\/lab\.yaml\s+summary, services, stages/);
    expect(run.stdout).toContain('Then check it: backlab validate labs/notes-api');
    expect(readFileSync(path.join(parent, 'labs/notes-api/lab.yaml'), 'utf8')).toMatch(/^id: notes-api$/m);
  });

  test('refuses to overwrite an existing folder (exit 2)', async () => {
    const run = await backlab(['new', 'notes-api', '--template', 'express-mysql', '--dir', 'labs'], {
      cwd: parent,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${path.join(parent, 'labs/notes-api')} already exists; backlab new never overwrites a folder`,
    );
  });

  test('the new lab passes validate as generated', async () => {
    // One solution run through the CLI. `new` copies the template's starter and known answers
    // as they are: their grades are checked once, by the full validation of the template in
    // tests/integration/authoring/repo-labs.test.ts.
    const run = await backlab(
      ['validate', 'labs/notes-api', '--quick', '--skip', 'known-answers', 'starter'],
      { cwd: parent },
    );
    expect(run.stdout).toContain('✔ notes-api is valid.');
    expect(run.stderr).toMatch(/Grading the solution 1\/1\s+pass 100\/100/);
    expect(run.code).toBe(0);
  }, 300_000);
});

describe('backlab validate: bad input is a clear message and exit 2', () => {
  test('a folder without lab.yaml', async () => {
    const run = await backlab(['validate', brokenCopy('no-manifest', { 'lab.yaml': null })]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('lab.yaml: not found; every lab folder needs this manifest');
  });

  test('a YAML syntax error, with line and column', async () => {
    const run = await backlab([
      'validate',
      brokenCopy('yaml-error', {
        'lab.yaml': (old) => old.replace('difficulty: beginner', 'difficulty: [beginner'),
      }),
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/lab\.yaml:\d+:\d+: YAML syntax error: /);
  });

  test('a service backlab does not know, with the known ones (also as --json)', async () => {
    const dir = brokenCopy('unknown-service', {
      'lab.yaml': (old) => old.replace('  mysql: {', '  postgres: {}\n  mysql: {'),
    });
    const run = await backlab(['validate', dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /lab\.yaml:\d+:\d+: services: unknown service kind `postgres`; known kinds: mysql, mongodb, redis, nginx/,
    );
    const json = await backlab(['validate', dir, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      fatal: true,
      problems: [{ check: 'manifest', file: 'lab.yaml', path: 'services', severity: 'error' }],
    });
  });

  test('a test file that does not compile: the compiler message with the file', async () => {
    const dir = brokenCopy('compile-error', {
      'tests/01-create-notes.test.ts': (old) =>
        old.replace('await createNote(note);', 'await createNote(note, 42);'),
    });
    const run = await backlab(['validate', dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /tests\/01-create-notes\.test\.ts:\d+:\d+: does not compile: Expected 1 arguments, but got 2\. \(TS2554\)/,
    );
  });

  test('a solution that never starts: the tail of its log', async () => {
    const dir = brokenCopy('solution-crashes', {
      'solution/server.js': "throw new Error('database password missing from config.json');\n",
    });
    const run = await backlab(['validate', dir, '--runs', '1']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /solution: could not be graded: .*\n[\s\S]*--- last lines of the app log ---[\s\S]*database password missing from config\.json/,
    );
    expect(existsSync(dir)).toBe(true);
  }, 180_000);
});
