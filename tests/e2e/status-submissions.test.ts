import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { backlab } from '../support/cli';
import { learnerToken, waitForStatus } from '../unit/server/api-helpers';
import { startTestServer, type TestServer } from '../unit/server/test-server';

/**
 * `backlab status` shows what `backlab submit --server` sent from the folder, in the state the
 * server tells now, or the last one known when the server does not answer (real CLI, a real
 * server with a fake grader: no Docker).
 */
let ts: TestServer | undefined;
let folder: string;
let token: string;
let id: string;
// No config file of the machine's: the token comes from the command line or BACKLAB_TOKEN.
const env = { BACKLAB_CONFIG: '/nonexistent/config.json', BACKLAB_SERVER: '' };

beforeAll(async () => {
  ts = await startTestServer();
  token = await learnerToken(ts, 'ada');
  folder = await mkdtemp(join(tmpdir(), 'backlab-e2e-status-'));
  await mkdir(join(folder, '.backlab'));
  await writeFile(
    join(folder, '.backlab', 'state.json'),
    JSON.stringify({ lab: 'complete-lab', createdAt: 'x' }),
  );
  await writeFile(join(folder, 'package.json'), '{"name":"mine","scripts":{"start":"node server.js"}}');
  await writeFile(join(folder, 'server.js'), 'require("http").createServer().listen(process.env.PORT)');
});

afterAll(async () => {
  await ts?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('backlab status and submissions to a server', () => {
  it('lists a graded submission with its state and score, in text and in --json', async () => {
    const submit = await backlab(['submit', '--server', ts!.url, '--token', token, '--json'], {
      cwd: folder,
      env,
    });
    expect(submit.code).toBe(1);
    const graded = JSON.parse(submit.stdout);

    const json = await backlab(['status', '--json', '--token', token], { cwd: folder, env });
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout);
    expect(status.unreachable).toEqual([]);
    expect(status.submissions).toEqual([
      expect.objectContaining({
        server: ts!.url,
        lab: 'complete-lab',
        status: 'graded',
        resultStatus: 'fail',
        score: graded.score,
        maxScore: graded.maxScore,
        fresh: true,
      }),
    ]);
    id = status.submissions[0].id;

    const text = await backlab(['status'], { cwd: folder, env: { ...env, BACKLAB_TOKEN: token } });
    expect(text.stdout).toContain(
      `Submissions to ${ts!.url}:\n  ${id}  graded  fail  ${graded.score}/${graded.maxScore}`,
    );
  });

  it("shows the server's state now: a regrade under way", async () => {
    ts!.grader.hold();
    const regrade = await request(ts!.url)
      .post(`/api/submissions/${id}/regrade`)
      .set('Authorization', `Bearer ${ts!.instructorToken}`);
    expect(regrade.status).toBeLessThan(300);
    await waitForStatus(ts!, token, id, ['running']);

    const run = await backlab(['status', '--json'], { cwd: folder, env: { ...env, BACKLAB_TOKEN: token } });
    expect(JSON.parse(run.stdout).submissions).toEqual([
      expect.objectContaining({ id, status: 'running', fresh: true }),
    ]);
  });

  it('when the server does not answer, says so in one line and shows the last known state', async () => {
    const url = ts!.url;
    await ts!.close();
    ts = undefined;
    const started = Date.now();
    const run = await backlab(['status', '--token', token], { cwd: folder, env });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const at = lines.indexOf(`Submissions to ${url}:`);
    expect(lines[at + 1]).toMatch(
      new RegExp(`^  ⚠ could not reach ${url} \\(.*\\); showing the last known states$`),
    );
    expect(lines[at + 2]).toMatch(new RegExp(`^  ${id}  running`));

    const json = JSON.parse(
      (await backlab(['status', '--json', '--token', token], { cwd: folder, env })).stdout,
    );
    expect(json.unreachable).toEqual([{ server: url, error: expect.stringMatching(/^could not reach/) }]);
    expect(json.submissions).toEqual([expect.objectContaining({ id, status: 'running', fresh: false })]);
  });
});
