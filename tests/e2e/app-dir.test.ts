import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backlab } from '../support/cli';

/** Choosing the app folder from the command line, as a learner with a backend/ and an admin/ would. */
const root = join(__dirname, '..', '..');
const labDir = join(root, 'tests', 'fixtures', 'grading', 'hello-lab');
let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'backlab-e2e-app-dir-'));
  await cp(join(labDir, 'solution'), join(project, 'backend'), { recursive: true });
  await cp(join(labDir, 'solution'), join(project, 'admin'), { recursive: true });
});

afterAll(() => rm(project, { recursive: true, force: true }));

describe('--app-dir (real CLI, real Docker)', () => {
  it('without it, two startable folders are an error that says how to choose, exit code 2', async () => {
    const run = await backlab(['test', '--lab', labDir, '--json'], { cwd: project });
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ status: 'error', error: { phase: 'install', cause: 'submission' } });
    expect(result.error.message).toMatch(/admin\/ \(scripts\.start\), backend\/ \(scripts\.start\)/);
    expect(result.error.hint).toMatch(/backlab test --app-dir admin/);
    expect(run.stderr).not.toMatch(/Installing dependencies/);
  });

  it('`backlab test --app-dir backend` grades that folder: pass, exit code 0', async () => {
    const run = await backlab(['test', '--lab', labDir, '--app-dir', 'backend', '--json'], { cwd: project });
    expect(run.stderr).toMatch(/Installing dependencies/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'pass', score: 100 });
    expect(await readdir(join(project, '.backlab', 'runs'))).toHaveLength(2);
  });

  it('`backlab grade` takes it too, and a folder without package.json is named with what exists', async () => {
    const run = await backlab(['grade', labDir, project, '--app-dir', 'frontend', '--json'], { cwd: root });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error.message).toBe(
      '--app-dir frontend: no folder frontend in your submission; found admin/ (scripts.start), backend/ (scripts.start)',
    );
  });

  it('`backlab submit --server` refuses it: the server takes no options with an upload', async () => {
    const run = await backlab(
      [
        'submit',
        '--lab',
        'hello-lab',
        '--server',
        'http://127.0.0.1:9',
        '--token',
        't',
        '--app-dir',
        'backend',
      ],
      { cwd: project },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--app-dir backend works only for local grades/);
  });
});
