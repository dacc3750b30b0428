import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DockerClient } from '../../../runner/docker/docker-client';
import { grade } from '../../../runner/grading/grade';
import { PhaseError } from '../../../runner/grading/grading-error';
import { preflight } from '../../../runner/grading/preflight';
import { loadLab, type Lab } from '../../../runner/lab';
import { Environment, type ServiceSpec } from '../../../runner/services/environment';
import { AppSetupError } from '../../../runner/sandbox/package-json';
import { recordingProgress } from '../../support/progress';

const root = join(__dirname, '..', '..', '..');
const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-preflight-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

async function lab(dir: string): Promise<Lab> {
  const loaded = await loadLab(join(root, dir));
  if (!loaded.ok) throw new Error(`${dir} does not load`);
  return loaded.lab;
}

async function preflightError(...args: Parameters<typeof preflight>): Promise<PhaseError> {
  const err = await preflight(...args).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof PhaseError && err.original instanceof AppSetupError))
    throw new Error(`expected a PhaseError around an AppSetupError, got ${String(err)}`);
  return err;
}

/** A Docker that records every call and answers none: pre-flight must not need one. */
function recordingDocker(): { docker: DockerClient; calls: string[] } {
  const calls: string[] = [];
  const docker = new Proxy({} as DockerClient, {
    get: (_target, prop: string) => async () => {
      calls.push(prop);
      return undefined;
    },
  });
  return { docker, calls };
}

const EXPRESS = JSON.stringify({ scripts: { start: 'node server.js' } });

describe('preflight', () => {
  it('points the lab at the only startable subfolder and returns the note', async () => {
    const hello = await lab('tests/fixtures/grading/hello-lab');
    const dir = await folder({
      'backend/package.json': EXPRESS,
      'frontend/package.json': '{"scripts":{"dev":"vite"},"devDependencies":{"vite":"7"}}',
    });
    const checked = await preflight(hello, dir);
    expect(checked.lab.app?.source).toEqual({ from: 'submission', path: 'backend' });
    expect(checked.notes).toEqual(['grading the app in backend/ (the only folder with a startable app)']);
    expect(hello.app?.source.path).toBe('.');
  });

  it('reports a broken package.json of the chosen folder in the install phase, naming its path', async () => {
    const hello = await lab('tests/fixtures/grading/hello-lab');
    const dir = await folder({ 'api/package.json': '{\n  "scripts": { "start": "node s.js" },\n}\n' });
    const err = await preflightError(hello, dir, 'api');
    expect(err.phase).toBe('install');
    expect(err.message).toBe(
      'api/package.json is not valid JSON: line 2, column 38: trailing comma after the last property',
    );
  });

  it('finds a missing nginx.conf in the services phase and names the .conf files it found', async () => {
    const nginx = await lab('labs/nginx-proxy');
    const dir = await folder({ 'nginx/default.conf': 'server {}', 'public/index.html': '' });
    const err = await preflightError(nginx, dir);
    expect(err.phase).toBe('services');
    expect(err.message).toBe('no nginx.conf in your folder; found nginx/default.conf');
    expect((err.original as AppSetupError).hint).toMatch(
      /move or rename nginx\/default\.conf to nginx\.conf/,
    );
    expect((await preflightError(nginx, await folder({ 'public/a.html': '' }))).message).toBe(
      'no nginx.conf in your folder, nor any other .conf file',
    );
  });

  it('refuses --app-dir for a lab that runs its own app', async () => {
    const nginx = await lab('labs/nginx-proxy');
    const err = await preflightError(nginx, await folder({ 'nginx.conf': '' }), 'backend');
    expect(err.message).toMatch(/^--app-dir backend: lab nginx-proxy grades its own app/);
  });
});

describe('grade with a pre-flight failure', () => {
  it('creates nothing, reports a submission error, and marks the services cancelled', async () => {
    const { docker, calls } = recordingDocker();
    const progress = recordingProgress();
    const login = await lab('labs/login-system');
    const dir = await folder({ 'a/package.json': EXPRESS, 'b/package.json': EXPRESS });
    const result = await grade(
      { docker, progress },
      { lab: login, submissionDir: dir, hidden: false, workspace: 'unit', runDir: await folder({}) },
    );
    expect(result).toMatchObject({ status: 'error', error: { phase: 'install', cause: 'submission' } });
    expect(result.error?.message).toMatch(/2 subfolders hold a startable app: a\/ \(scripts\.start\), b\//);
    expect(calls.filter((c) => !['inspectImage'].includes(c))).toEqual([]);
    expect(progress.lines).toEqual(['start Starting MySQL', 'fail Starting MySQL: cancelled']);
  });
});

describe('Environment.cancelStarts', () => {
  it('says "cancelled" for a service still starting and for those not begun, and nothing later', async () => {
    let fail: (err: Error) => void = () => {};
    const pending = new Promise<never>((_resolve, reject) => (fail = reject));
    const docker = new Proxy({} as DockerClient, {
      get: (_target, prop: string) => (prop === 'createNetwork' ? async () => undefined : () => pending),
    });
    const progress = recordingProgress();
    const env = await Environment.create(
      { docker, progress },
      { workspace: 'unit', lifetime: 'run', internal: true },
    );
    const mysql: ServiceSpec = { kind: 'mysql', options: { database: 'app', initScripts: [] } };
    const nginx: ServiceSpec = { kind: 'nginx', options: {} };
    const starting = env.startServices([mysql, nginx]);
    await new Promise((resolve) => setImmediate(resolve));
    env.cancelStarts([mysql, nginx]);
    fail(new Error('container removed'));
    await expect(starting).rejects.toThrow('container removed');
    expect(progress.lines).toEqual([
      'start Starting MySQL',
      'fail Starting MySQL: cancelled',
      'start Starting nginx',
      'fail Starting nginx: cancelled',
    ]);
  });
});
