import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backlab } from '../support/cli';

/** `backlab start` while Docker is not there, then again once it is (real CLI, real Docker). */
let parent: string;
let folder: string;
let started = false;

function dotenv(text: string): Record<string, string> {
  const settings = text.split('\n').filter((line) => line.includes('=') && !line.startsWith('#'));
  return Object.fromEntries(
    settings.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'backlab-e2e-start-'));
  folder = join(parent, 'my-login');
});

afterAll(async () => {
  if (started) await backlab(['stop'], { cwd: folder });
  await rm(parent, { recursive: true, force: true });
});

describe('backlab start without Docker', () => {
  it('leaves the starter code and a .env of placeholders, and says how to finish, exit code 2', async () => {
    const run = await backlab(['start', 'login-system', 'my-login'], {
      cwd: parent,
      env: { DOCKER_HOST: 'unix:///nonexistent.sock' },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(
      '✔ Starter code in my-login; placeholder settings in my-login/.env, until the services run\n',
    );
    expect(run.stderr).toMatch(/^✘ Docker is not reachable \(.*\): the lab's services are not started\.\n/);
    expect(run.stderr).toMatch(
      /→ Start Docker .* Then run `backlab start login-system my-login` again: it starts them/,
    );
    expect(await readFile(join(folder, 'server.js'), 'utf8')).toBeTruthy();

    const text = await readFile(join(folder, '.env'), 'utf8');
    expect(text).toMatch(
      /^# backlab start: pending-backlab-start stands for settings of services that do not run yet/,
    );
    expect(dotenv(text)).toMatchObject({
      PORT: '3000',
      DB_HOST: 'pending-backlab-start',
      DB_PORT: 'pending-backlab-start',
      DB_PASSWORD: 'pending-backlab-start',
      DATABASE_URL: 'pending-backlab-start',
    });
    // The folder is a lab folder already: the commands that need no Docker work in it.
    const hint = await backlab(['hint'], { cwd: folder });
    expect(hint.stdout).toMatch(/^Hints for "Register new users"/);
  });

  it('once Docker is there, a second start finishes: real settings, and the lines the learner added stay', async () => {
    await appendFile(join(folder, '.env'), 'SESSION_SECRET=kept-by-the-learner\n');
    const run = await backlab(['start', 'login-system', 'my-login', '--json'], { cwd: parent });
    expect(run.code).toBe(0);
    started = true;
    expect(JSON.parse(run.stdout)).toMatchObject({ lab: 'login-system', scaffolded: false });

    const text = await readFile(join(folder, '.env'), 'utf8');
    expect(text).not.toContain('pending-backlab-start');
    const env = dotenv(text);
    expect(env).toMatchObject({
      PORT: '3000',
      DB_HOST: '127.0.0.1',
      DB_USER: 'lab',
      SESSION_SECRET: 'kept-by-the-learner',
    });
    expect(Number(env.DB_PORT)).toBeGreaterThan(0);
  });
});
