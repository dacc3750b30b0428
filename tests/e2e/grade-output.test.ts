import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backlab } from '../support/cli';

/** `backlab grade -o`: where the reports go is checked first, and no finished result is lost. */
const lab = join(__dirname, '..', '..', 'tests', 'fixtures', 'grading', 'hello-lab');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'backlab-e2e-grade-output-'));
  await cp(join(lab, 'solution'), join(work, 'ada'), { recursive: true });
  await cp(join(lab, 'solution'), join(work, 'bob'), { recursive: true });
});

afterAll(() => rm(work, { recursive: true, force: true }));

describe('backlab grade -o (real CLI, real Docker)', () => {
  it('refuses a path in a folder that does not exist before grading anything, exit code 2', async () => {
    // Without Docker: the check comes first, so its error is the one shown.
    const run = await backlab(['grade', lab, 'ada', '-o', 'no/such/report.json', '--json'], {
      cwd: work,
      env: { DOCKER_HOST: 'unix:///nonexistent.sock' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `✘ folder not found: ${join(work, 'no', 'such')} (for -o no/such/report.json)`,
    );
    expect(JSON.parse(run.stdout).error).toMatchObject({
      kind: 'user',
      message: expect.stringMatching(/^folder not found/),
    });
    expect(run.stderr).not.toMatch(/Docker|Installing dependencies/);
  });

  it('makes a new folder named with a trailing slash, or for several folders, when its parent exists', async () => {
    const one = await backlab(['grade', lab, 'ada', '-o', 'out/', '--json'], { cwd: work });
    expect(one.code).toBe(0);
    expect(JSON.parse(await readFile(join(work, 'out', 'ada.json'), 'utf8'))).toMatchObject({
      status: 'pass',
    });

    const several = await backlab(['grade', lab, 'ada', 'bob', '-o', 'reports'], { cwd: work });
    expect(several.code).toBe(0);
    expect((await readdir(join(work, 'reports'))).sort()).toEqual(['ada.txt', 'bob.txt']);
    expect(several.stderr).toContain(`bob: pass 100/100 → ${join(work, 'reports', 'bob.txt')}`);
  });

  it('prints a report it could not write on stdout and names the error, exit code 2', async () => {
    const run = await backlab(['grade', lab, 'ada', '-o', '/dev/full', '--format', 'json'], { cwd: work });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'pass', score: 100 });
    expect(run.stderr).toMatch(
      /⚠ ada: pass 100\/100: could not write the report to \/dev\/full \(ENOSPC[^)]*\); it is printed on stdout instead/,
    );
  });
});
