import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { LABEL } from '../../runner/docker/labels';
import { backlab } from '../support/cli';
import { realDocker } from '../support/docker';

/** The learner's loop with the real CLI, real Docker and the login-system lab. */
const docker = realDocker();
let parent: string;
let folder: string;
let runId: string;

function dotenv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'backlab-e2e-'));
  folder = join(parent, 'my-login');
});

afterAll(async () => {
  if (runId) await backlab(['stop'], { cwd: folder });
  await rm(parent, { recursive: true, force: true });
});

describe('a learner working on login-system (real CLI, real Docker)', () => {
  it('start: scaffolds the starter, starts MySQL on 127.0.0.1 and writes .env', async () => {
    const run = await backlab(['start', 'login-system', 'my-login', '--json'], { cwd: parent });
    expect(run.stderr).toMatch(/MySQL ready on 127\.0\.0\.1:\d+/);
    expect(run.code).toBe(0);
    const started = JSON.parse(run.stdout);
    runId = started.runId;
    expect(started).toMatchObject({ lab: 'login-system', scaffolded: true });
    const env = dotenv(await readFile(join(folder, '.env'), 'utf8'));
    expect(env).toMatchObject({ PORT: '3000', DB_HOST: '127.0.0.1', DB_NAME: 'app', DB_USER: 'lab' });
    expect(await readFile(join(folder, 'package.json'), 'utf8')).toMatch(/"start"/);
  });

  it('the .env settings reach the lab database, and reset restores it', async () => {
    const env = dotenv(await readFile(join(folder, '.env'), 'utf8'));
    const db = await createConnection({
      host: env.DB_HOST,
      port: Number(env.DB_PORT),
      user: env.DB_USER,
      password: env.DB_PASSWORD,
      database: env.DB_NAME,
    });
    try {
      await db.query("INSERT INTO users (email, password_hash) VALUES ('a@example.test', 'x')");
      const reset = await backlab(['reset', '--json'], { cwd: folder });
      expect(reset.code).toBe(0);
      const [rows] = await db.query('SELECT COUNT(*) AS n FROM users');
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await db.end();
    }
  });

  it('status: lists the running service', async () => {
    const run = await backlab(['status', '--json'], { cwd: folder });
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout);
    expect(status.services).toEqual([expect.objectContaining({ role: 'mysql', running: true })]);
  });

  it('test: grades the starter in a sandbox, fails with exit code 1 and keeps the run', async () => {
    const run = await backlab(['test', '--stage', 'register', '--json'], { cwd: folder });
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ lab: 'login-system', status: 'fail', maxScore: 20 });
    expect(result.stages).toHaveLength(1);
    const failed = result.stages[0].tests.filter((t: { status: string }) => t.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].message).toMatch(/expected status \d+, got 501/);
    expect(
      JSON.parse(await readFile(join(folder, '.backlab', 'runs', '1', 'result.json'), 'utf8')).runId,
    ).toBe(result.runId);
    expect(await docker.listContainers({ [LABEL.run]: result.runId })).toEqual([]);
  });

  it('hint and logs: show the failing stage hints and the app log of that run', async () => {
    const hint = await backlab(['hint'], { cwd: folder });
    expect(hint.code).toBe(0);
    expect(hint.stdout).toMatch(/Hints for "Register new users" \(register\):\n {2}• /);
    const logs = await backlab(['logs', 'app'], { cwd: folder });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/listening on port 3000/);
  });

  it('stop: removes the services, keeps the code', async () => {
    const run = await backlab(['stop', '--json'], { cwd: folder });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ stopped: true, containers: 1 });
    expect(await docker.listContainers({ [LABEL.run]: runId })).toEqual([]);
    expect(parse(folder).base).toBe('my-login');
    expect(await readFile(join(folder, 'server.js'), 'utf8')).toBeTruthy();
    runId = '';
  });
});

describe('the CLI with bad input', () => {
  it('names an unknown lab and what to run', async () => {
    const run = await backlab(['info', 'login-sytem']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no lab `login-sytem`.*did you mean `login-system`/s);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown command with exit code 2', async () => {
    const run = await backlab(['grdae']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'grdae'/);
  });

  it('says in one sentence that Docker is not reachable, and how to start it, with exit code 2', async () => {
    const run = await backlab(['test', '--lab', 'login-system'], {
      cwd: parent,
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^✘ Docker is not reachable \(.*\)\.\n {2}→ Start Docker/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('doctor reports a missing daemon as a failed check in JSON, exit code 2', async () => {
    const run = await backlab(['doctor', '--json'], {
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'docker', status: 'fail' }),
        expect.objectContaining({ name: 'node', status: 'ok' }),
      ]),
    );
  });

  it('doctor says where Python and PHP packages are installed from, and fails on a setting that is wrong', async () => {
    const ok = await backlab(['doctor', '--json'], { env: { PIP_NO_INDEX: '1' } });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).checks).toEqual(
      expect.arrayContaining([
        {
          name: 'python packages',
          status: 'ok',
          detail: expect.stringMatching(/^pip installs nothing \(PIP_NO_INDEX\)/),
        },
        {
          name: 'composer packages',
          status: 'ok',
          detail: expect.stringMatching(/^none set: .* vendor\/ folder$/),
        },
      ]),
    );
    const wrong = await backlab(['doctor'], {
      env: { PIP_FIND_LINKS: 'wheels', BACKLAB_COMPOSER_REPOSITORY: 'ftp://packages.example.invalid/' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toMatch(
      /✘ python packages +PIP_FIND_LINKS is not an absolute path: wheels\n {2}→ Set PIP_FIND_LINKS/,
    );
    expect(wrong.stdout).toMatch(
      /✘ composer packages +BACKLAB_COMPOSER_REPOSITORY must be an http\(s\) URL, not ftp:/,
    );
  });
});
