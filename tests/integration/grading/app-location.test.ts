import Dockerode from 'dockerode';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import { loadLab, type Lab } from '../../../runner/lab';
import { leftovers, realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

/**
 * Where the app is, and what is wrong with the folder, is found before any container starts; the
 * real engine shows it: the only startable subfolder is graded, two are refused with nothing
 * created, a missing nginx.conf is the learner's, and services the run stopped say "cancelled".
 */
const docker = realDocker();
const root = join(__dirname, '..', '..', '..');
const solution = join(root, 'tests', 'fixtures', 'grading', 'hello-lab', 'solution');
const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function folder(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-app-location-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

async function lab(dir: string): Promise<Lab> {
  const loaded = await loadLab(join(root, dir));
  if (!loaded.ok) throw new Error(`${dir} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.lab;
}

async function gradeWith(theLab: Lab, submissionDir: string, appDir?: string) {
  const progress = recordingProgress();
  const since = Math.floor(Date.now() / 1000);
  const result: GradeResult = await grade(
    { docker, progress },
    {
      lab: theLab,
      submissionDir,
      hidden: false,
      workspace: 'test-app-location',
      runDir: await folder(),
      appDir,
    },
  );
  expect(await leftovers(docker, result.runId)).toEqual([]);
  return { result, lines: progress.lines, since };
}

/** Every Docker event (container, network, volume) that names the run, from `since` until now. */
async function eventsOfRun(runId: string, since: number): Promise<string[]> {
  const until = Math.floor(Date.now() / 1000) + 1;
  const stream = await new Dockerode().getEvents({ since, until });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.includes(runId))
    .map((line) => {
      const event = JSON.parse(line) as {
        Type: string;
        Action: string;
        Actor: { Attributes: { name?: string } };
      };
      return `${event.Type} ${event.Action} ${event.Actor.Attributes.name ?? ''}`;
    });
}

const VITE_FRONT_END = JSON.stringify({
  name: 'shop-frontend',
  scripts: { dev: 'vite', build: 'vite build' },
  devDependencies: { vite: '^7.0.0' },
});

describe('finding the app and checking the folder before any container (real Docker)', () => {
  it('grades the app in backend/ beside a front end with only a dev script, and says so', async () => {
    const project = await folder({
      'frontend/package.json': VITE_FRONT_END,
      'frontend/index.html': '<div id="app">',
    });
    await cp(solution, join(project, 'backend'), { recursive: true });
    const { result, lines, since } = await gradeWith(await lab('tests/fixtures/grading/hello-lab'), project);
    // The event check of the tests below would see a container of theirs, as it sees this one.
    expect(await eventsOfRun(result.runId, since)).toContainEqual(
      expect.stringMatching(/^container create /),
    );
    const note = 'grading the app in backend/ (the only folder with a startable app)';
    expect(result).toMatchObject({ status: 'pass', score: 100 });
    expect(result.notes?.[0]).toBe(note);
    expect(lines).toContain(`info ${note}`);
  });

  it('refuses two startable subfolders, listing both, before any container or network exists', async () => {
    const project = await folder();
    await cp(solution, join(project, 'api'), { recursive: true });
    await cp(solution, join(project, 'admin'), { recursive: true });
    const { result, lines, since } = await gradeWith(await lab('tests/fixtures/grading/hello-lab'), project);
    expect(result).toMatchObject({ status: 'error', error: { phase: 'install', cause: 'submission' } });
    expect(result.error?.message).toMatch(
      /2 subfolders hold a startable app: admin\/ \(scripts\.start\), api\/ \(scripts\.start\)/,
    );
    expect(result.error?.hint).toMatch(/--app-dir admin/);
    expect(lines.filter((l) => l.startsWith('start '))).toEqual([]);
    expect(await eventsOfRun(result.runId, since)).toEqual([]);
  });

  it('grades the folder chosen with appDir when there are several', async () => {
    const project = await folder();
    await cp(solution, join(project, 'api'), { recursive: true });
    await cp(solution, join(project, 'admin'), { recursive: true });
    const { result } = await gradeWith(await lab('tests/fixtures/grading/hello-lab'), project, 'api');
    expect(result).toMatchObject({ status: 'pass', score: 100 });
    expect(result.notes ?? []).not.toContainEqual(expect.stringMatching(/^grading the app in/));
  });

  it('reports a missing nginx.conf as the submission’s, in the services phase, naming what was found', async () => {
    const project = await folder({ 'nginx/default.conf': 'server { listen 80; }\n' });
    await cp(join(root, 'labs', 'nginx-proxy', 'starter', 'public'), join(project, 'public'), {
      recursive: true,
    });
    const { result, lines, since } = await gradeWith(await lab('labs/nginx-proxy'), project);
    expect(result).toMatchObject({
      status: 'error',
      error: {
        phase: 'services',
        cause: 'submission',
        message: 'no nginx.conf in your folder; found nginx/default.conf',
      },
    });
    expect(result.error?.hint).toMatch(/move or rename nginx\/default\.conf to nginx\.conf/);
    expect(lines).toEqual(['start Starting nginx', 'fail Starting nginx: cancelled']);
    expect(await eventsOfRun(result.runId, since)).toEqual([]);
  });

  it('says "cancelled", not "did not start", for a service still starting when the install fails', async () => {
    const login = await lab('labs/login-system');
    // MySQL stays busy with its init scripts well past the failing install.
    const slowInit = join(await folder({ 'slow.sql': 'SELECT SLEEP(8);\n' }), 'slow.sql');
    const slowLab: Lab = {
      ...login,
      services: {
        mysql: { ...login.services.mysql!, initScripts: [...login.services.mysql!.initScripts, slowInit] },
      },
      app: { ...login.app!, install: 'echo "install refused on purpose" >&2; exit 3' },
    };
    const started = Date.now();
    const { result, lines } = await gradeWith(slowLab, join(root, 'labs', 'login-system', 'solution'));
    expect(result).toMatchObject({ status: 'error', error: { phase: 'install' } });
    expect(lines).toContain('fail Starting MySQL: cancelled');
    expect(lines.filter((l) => l.includes('did not start'))).toEqual([]);
    expect(lines.indexOf('fail Starting MySQL: cancelled')).toBeLessThan(
      lines.indexOf('start Removing containers'),
    );
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
