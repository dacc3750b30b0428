import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { packFolder } from '../../../runner/cli/remote/pack-folder';
import { LABEL } from '../../../runner/docker/labels';
import type { SubmissionDocument } from '../../../runner/server/api/submission-view';
import { CLI } from '../../support/cli';
import { realDocker } from '../../support/docker';
import {
  freePort,
  killHard,
  startServerProcess,
  stopGracefully,
  type ServerProcess,
  waitFor,
} from './server-process';

/**
 * The submission server as a real process with real Docker and the login-system lab, killed with
 * SIGKILL at the worst moments: every submission still ends graded exactly once.
 */
const SOLUTION = join(__dirname, '../../../labs/login-system/solution');
const docker = realDocker();
let dataDir: string;
let work: string;
let server: ServerProcess | undefined;
let instructor: string;
let port: number;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'backlab-serve-data-'));
  work = await mkdtemp(join(tmpdir(), 'backlab-serve-work-'));
  port = await freePort();
});

afterEach(async () => {
  if (server && server.process.exitCode === null && server.process.signalCode === null)
    await stopGracefully(server);
  server = undefined;
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

async function start(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  // The same port every time: a restarted server is where the CLI left it.
  server = await startServerProcess(dataDir, port, ['--lease', '3s'], env);
  instructor ??= server.instructorToken!;
  return server;
}

function auth(token: string) {
  return { Authorization: `Bearer ${token}` };
}

async function submission(url: string, id: string): Promise<SubmissionDocument> {
  return (await request(url).get(`/api/submissions/${id}`).set(auth(instructor))).body as SubmissionDocument;
}

async function containersOf(submissionId: string): Promise<string[]> {
  return (await docker.listContainers({ [LABEL.workspace]: submissionId })).map((c) => c.name);
}

/** A copy of the reference solution with a marker, so each test uploads different content. */
async function solutionCopy(name: string): Promise<string> {
  const folder = join(work, name);
  await cp(SOLUTION, folder, { recursive: true, filter: (src) => !src.includes('node_modules') });
  await writeFile(join(folder, 'MARKER.txt'), name);
  await mkdir(join(folder, '.backlab'), { recursive: true });
  await writeFile(
    join(folder, '.backlab', 'state.json'),
    JSON.stringify({ lab: 'login-system', createdAt: new Date().toISOString() }),
  );
  return folder;
}

describe('backlab serve survives kill -9 (real process, real Docker)', () => {
  it('Docker unavailable: the upload is kept and waits, health says why; killed after the 202 and restarted, it is graded once', async () => {
    const noDocker = { DOCKER_HOST: `unix://${join(work, 'no-docker.sock')}` };
    let running = await start(noDocker);
    const learner = (
      await request(running.url).post('/api/tokens').set(auth(instructor)).send({ name: 'ada' })
    ).body.token as string;
    const { archive } = await packFolder(await solutionCopy('docker-down'));

    const posted = await request(running.url)
      .post('/api/submissions?lab=login-system')
      .set(auth(learner))
      .set('Idempotency-Key', 'upload-1')
      .type('application/gzip')
      .send(archive);
    expect(posted.status).toBe(202);
    const id = posted.body.id as string;
    // The details (reason, queue) are for instructors; anonymous callers see only ok or not.
    const health = await request(running.url).get('/api/health').set(auth(instructor));
    expect(health.status).toBe(503);
    expect(health.body.reason).toMatch(/Docker is not reachable/);
    expect(health.body.queue.depth).toBe(1);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await submission(running.url, id)).status).toBe('queued');

    await killHard(running);
    running = await start();
    const retried = await request(running.url)
      .post('/api/submissions?lab=login-system')
      .set(auth(learner))
      .set('Idempotency-Key', 'upload-1')
      .type('application/gzip')
      .send(archive);
    expect(retried.body).toMatchObject({ id, existing: true });

    const done = await waitFor(
      'graded',
      async () => {
        const doc = await submission(running.url, id);
        return doc.status === 'graded' || doc.status === 'error' ? doc : undefined;
      },
      180_000,
    );
    expect(done).toMatchObject({ status: 'graded', resultStatus: 'pass', score: 100, attempt: 1 });
    expect(done.attempts).toHaveLength(1);
    expect(done.attempts[0].failures).toEqual([]);
    expect(done.result!.stages.flatMap((s) => s.tests).some((t) => t.hidden)).toBe(true);
    const list = (await request(running.url).get('/api/submissions').set(auth(learner))).body.submissions;
    expect(list).toHaveLength(1);
    expect(await containersOf(id)).toEqual([]);
  }, 240_000);

  it('killed mid-grade: the CLI keeps following, the restarted server removes the orphaned containers and grades it once', async () => {
    let running = await start();
    const learner = (
      await request(running.url).post('/api/tokens').set(auth(instructor)).send({ name: 'bob' })
    ).body.token as string;
    const folder = await solutionCopy('mid-grade');
    const cliDone = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [CLI, 'submit', '--server', running.url, '--token', learner],
        { cwd: folder, env: { ...process.env, BACKLAB_SERVER: '' }, maxBuffer: 16 * 1024 ** 2 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      );
    });

    const id = await waitFor(
      'a stage running',
      async () => {
        const [latest] = (
          await request(running.url).get('/api/submissions?learner=bob').set(auth(instructor))
        ).body.submissions;
        if (!latest) return undefined;
        const doc = await submission(running.url, latest.id);
        return doc.progress?.some((e) => e.type === 'step' && e.title.startsWith('Stage'))
          ? (latest.id as string)
          : undefined;
      },
      120_000,
    );
    const orphans = await containersOf(id);
    expect(orphans.length).toBeGreaterThan(0);

    await killHard(running);
    running = await start();
    const done = await waitFor(
      'graded',
      async () => {
        const doc = await submission(running.url, id);
        return doc.status === 'graded' || doc.status === 'error' ? doc : undefined;
      },
      180_000,
    );
    expect(done).toMatchObject({ status: 'graded', resultStatus: 'pass', attempt: 1 });
    expect(done.attempts).toHaveLength(1);
    expect(done.attempts[0].failures).toEqual([expect.stringContaining('worker stopped while grading')]);
    const remaining = new Set(await containersOf(id));
    expect(orphans.filter((name) => remaining.has(name))).toEqual([]);

    const cli = await cliDone;
    expect(cli.stdout).toContain('Score 100/100');
    expect(cli.code).toBe(0);
  }, 300_000);
});
