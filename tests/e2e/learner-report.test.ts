import { appendFile, cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backlab } from '../support/cli';

/**
 * What a learner reads, with the real CLI and real Docker on the login-system lab: the lab's
 * files next to their code after `start`, and a report that starts with the stage to work on.
 */
const labDir = join(__dirname, '..', '..', 'labs', 'login-system');
let parent: string;
let folder: string;
let started = false;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'backlab-e2e-report-'));
  folder = join(parent, 'my-login');
});

afterAll(async () => {
  if (started) await backlab(['stop'], { cwd: folder });
  await rm(parent, { recursive: true, force: true });
});

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [prefix + e.name],
    ),
  );
  return nested.flat().sort();
}

describe('start puts the brief, the database files and the visible tests in the folder', () => {
  const copy = () => join(folder, '.backlab', 'lab');

  it('copies them read-only into .backlab/lab and says where the brief is', async () => {
    const run = await backlab(['start', 'login-system', 'my-login'], { cwd: parent });
    expect(run.code).toBe(0);
    started = true;
    expect(run.stdout).toContain(
      '  Brief: my-login/.backlab/lab/README.md; beside it, read-only: db/schema.sql',
    );
    expect(await readFile(join(copy(), 'README.md'), 'utf8')).toBe(
      await readFile(join(labDir, 'README.md'), 'utf8'),
    );
    const files = await filesUnder(copy());
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'db/schema.sql', 'tests/01-register.test.ts']),
    );
    expect(files).toContain('tests/support/session.ts');
    expect(files.filter((file) => /hidden|solution|submissions/.test(file))).toEqual([]);
    expect((await stat(join(copy(), 'db', 'schema.sql'))).mode & 0o222).toBe(0);
  });

  it("a second start refreshes the copy and leaves the learner's code alone", async () => {
    await appendFile(join(folder, 'server.js'), '\n// my own change\n');
    await writeFile(join(folder, 'notes.md'), 'mine');
    await rm(join(copy(), 'README.md'), { force: true });
    expect((await backlab(['stop'], { cwd: folder })).code).toBe(0);
    started = false;

    const run = await backlab(['start', 'login-system', 'my-login', '--json'], { cwd: parent });
    expect(run.code).toBe(0);
    started = true;
    const output = JSON.parse(run.stdout);
    expect(output).toMatchObject({
      scaffolded: false,
      labCopy: { dir: copy(), brief: 'README.md', db: ['db/schema.sql'] },
    });
    expect(await readFile(join(folder, 'server.js'), 'utf8')).toMatch(/\/\/ my own change\n$/);
    expect(await readFile(join(folder, 'notes.md'), 'utf8')).toBe('mine');
    expect(await readFile(join(copy(), 'README.md'), 'utf8')).toMatch(/^# Build a login system/);
  });
});

describe('backlab test shows the current stage first', () => {
  it('by default: the first stage not passing, its first failure in full, the rest counted', async () => {
    const run = await backlab(['test'], { cwd: folder });
    expect(run.code).toBe(1);
    const out = run.stdout;
    expect(out).toMatch(/^ {2}Stage 1 {2}Register new users +0\/8 +0\/20 +✘\n/);
    expect(out).toMatch(
      / {4}✘ POST \/api\/register › creates a user: 201 with \{id, email\}\n {6}POST \/api\/register/,
    );
    expect(out).toMatch(/expected\s+status\s+201,\s+got\s+501\s+\(body:\s+\{"error":"Not\s+implemented"\}\)/);
    expect(out).toContain('    ✘ POST /api/register › never returns the password or its hash\n');
    expect(out).not.toContain('more failed test');
    expect(out).toContain('    hint: Answer 201 with {id, email}');
    expect(out).toMatch(/5 later stages not shown \(0\/80 points\): Log in, Protected route and logout,/);
    expect(out).toMatch(/`backlab test\s+--all` shows them\./);
    expect(out).not.toContain('Stage 2');
    expect(out.split('\n').every((line) => line.length <= 100)).toBe(true);
  });

  it('--all shows every stage, --verbose every message', async () => {
    const run = await backlab(['test', '--all', '--verbose'], { cwd: folder });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Stage 6 {2}Slow down password guessing/);
    expect(run.stdout).not.toContain('not shown');
    const register = run.stdout.slice(0, run.stdout.indexOf('Stage 2'));
    expect(register.match(/got\s+501/g)?.length).toBe(8);
  });

  it('after a run whose stages pass, names the next stage', async () => {
    const solved = join(parent, 'solved');
    await cp(join(labDir, 'solution'), solved, { recursive: true });
    const run = await backlab(['test', '--lab', 'login-system', '--stage', 'register'], { cwd: solved });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Score 20\/20 · pass.*\n {2}Next: stage 2, Log in \(`backlab test --stage login`\)\n$/,
    );
  });

  it('--help names the new options', async () => {
    const run = await backlab(['test', '--help']);
    expect(run.stdout).toMatch(/--all +report every stage/);
    expect(run.stdout).toMatch(/--verbose +print every failed test's message in full/);
  });
});
