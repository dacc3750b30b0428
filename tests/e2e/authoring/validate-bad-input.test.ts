import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backlab } from '../../support/cli';

/** `backlab validate` on broken input, through the real CLI: it stops before any grade, so no Docker is needed. */

const parent = mkdtempSync(path.join(tmpdir(), 'backlab-e2e-validate-'));
const template = path.resolve(__dirname, '../../../templates/express-mysql');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** A copy of the template (in a folder of its name, as the lab id requires) with lab.yaml edited. */
function withManifest(name: string, edit: (yaml: string) => string): string {
  const dir = path.join(parent, name, 'express-mysql');
  cpSync(template, dir, { recursive: true, filter: (f) => !f.includes('node_modules') });
  const manifest = path.join(dir, 'lab.yaml');
  const text = readFileSync(manifest, 'utf8');
  const edited = edit(text);
  if (edited === text) throw new Error(`the edit of ${name} changed nothing`);
  writeFileSync(manifest, edited);
  return dir;
}

describe('backlab validate', () => {
  test('a folder that does not exist fails at once: folder not found, exit 2, no check listed', async () => {
    const run = await backlab(['validate', 'no-such-lab'], { cwd: parent });
    expect(run.code).toBe(2);
    expect(run.stdout.trim()).toBe(
      `✘ ${path.join(parent, 'no-such-lab')}: lab folder not found; check the path, or run \`backlab list\` to see the known labs`,
    );
    expect(run.stderr).not.toMatch(/Grading|✔/);
  });

  test('an unknown key in lab.yaml, at its line and column, with the key meant', async () => {
    const dir = withManifest('unknown-key', (yaml) =>
      yaml.replace('limits: { memory: 256m, timeout: 60s }', 'limits:\n  memory: 256m\n  timout: 60s'),
    );
    const line = readFileSync(path.join(dir, 'lab.yaml'), 'utf8').split('\n').indexOf('  timout: 60s') + 1;
    const run = await backlab(['validate', dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `lab.yaml:${line}:3: limits: unknown key \`timout\`; did you mean \`timeout\`?`,
    );
  });

  test('a mistyped suite path, the suite it left unused and a stage without hints, in one run', async () => {
    const dir = withManifest('typo', (yaml) =>
      yaml
        .replace('tests: tests/02-read-notes.test.ts', 'tests: tests/02-read-notes.test.js')
        .replace(/( {2}- id: read-notes[\s\S]*?) {4}hints:\n( {6}- .*\n)+/, '$1'),
    );
    const run = await backlab(['validate', dir, '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { problems: { file: string; message: string; fix?: string }[] };
    expect(report.problems.map((p) => `${p.file}: ${p.message}; ${p.fix}`)).toEqual(
      expect.arrayContaining([
        'lab.yaml: file "tests/02-read-notes.test.js" not found; did you mean tests/02-read-notes.test.ts?',
        "tests/02-read-notes.test.ts: not used by any stage; add it to a stage's `tests` or `hidden` list in lab.yaml, or delete it",
        'lab.yaml: stage "read-notes" has no hints; add at least one hint: learners see them when the stage does not pass',
      ]),
    );
  });
});
