import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { packFolder } from '../../../runner/cli/remote/pack-folder';
import { LABEL } from '../../../runner/docker/labels';
import type { SubmissionDocument } from '../../../runner/server/api/submission-view';
import { ServerClient } from '../../../runner/cli/remote/server-client';
import type { ServerSentEvent } from '../../../runner/cli/remote/sse-parser';
import { backlab } from '../../support/cli';
import { realDocker } from '../../support/docker';
import { startPostgres, startRedis, type LocalServer } from '../../support/local-servers';
import {
  freePort,
  killHard,
  startServerProcess,
  startWorkerProcess,
  stopGracefully,
  type CliProcess,
  type ServerProcess,
  waitFor,
} from './server-process';

/**
 * The scale-out mode for real: one API server process with no workers of its own, grading worker
 * processes (sharing this machine's Docker engine, each with its own id), BullMQ on a real Redis,
 * the store on a real PostgreSQL, and a real lab graded in Docker. Workers are killed with -9,
 * Redis is restarted and PostgreSQL stopped while submissions are in flight.
 */
const LABS = join(__dirname, '../../fixtures/scale-labs');
const LAB = join(LABS, 'counter');
const docker = realDocker();
// Long enough that a Redis restart of a few seconds costs no lease; a killed worker's job returns after it.
const LEASE = ['--lease', '8s'];

let redis: LocalServer;
let postgres: LocalServer;
let dataDir: string;
let work: string;
let server: ServerProcess;
const workers: CliProcess[] = [];
let instructor: string;
let learner: string;

const env = () => ({ BACKLAB_LABS_DIR: LABS, BACKLAB_QUEUE_URL: redis.url, BACKLAB_STORE_URL: postgres.url });

async function startWorker(): Promise<CliProcess> {
  const worker = await startWorkerProcess(['--data', dataDir, ...LEASE], env());
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  dataDir = await mkdtemp(join(tmpdir(), 'backlab-scale-data-'));
  work = await mkdtemp(join(tmpdir(), 'backlab-scale-work-'));
  server = await startServerProcess(
    dataDir,
    await freePort(),
    ['--workers', '0', '--rate', '100/1m', ...LEASE],
    env(),
  );
  instructor = server.instructorToken!;
  // Tokens go straight into PostgreSQL, as an operator creates them beside a running server.
  const created = await backlab(['serve', 'token', 'create', 'ada', '--store', postgres.url, '--json']);
  expect(created).toMatchObject({ code: 0 });
  learner = (JSON.parse(created.stdout) as { token: string }).token;
}, 60_000);

afterAll(async () => {
  for (const worker of workers) if (worker.process.exitCode === null) await stopGracefully(worker);
  if (server) await stopGracefully(server);
  await Promise.all([redis?.remove(), postgres?.remove()]);
  await rm(dataDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
}, 60_000);

function auth(token: string) {
  return { Authorization: `Bearer ${token}` };
}

/** A copy of `variant` (solution: 100, half: 50) with a marker, so each upload is new content. */
async function upload(variant: 'solution' | 'half', marker: string): Promise<request.Response> {
  const folder = join(work, marker);
  await cp(join(LAB, variant), folder, { recursive: true });
  await writeFile(join(folder, 'MARKER.txt'), marker);
  const { archive } = await packFolder(folder);
  return request(server.url)
    .post('/api/submissions?lab=counter')
    .set(auth(learner))
    .type('application/gzip')
    .send(archive);
}

async function document(id: string): Promise<SubmissionDocument> {
  return (await request(server.url).get(`/api/submissions/${id}`).set(auth(instructor)))
    .body as SubmissionDocument;
}

/** The `grading` lines of every worker's log: which worker started which submission, and when. */
function gradingStarts(): Array<{ submission: string; worker: string; time: string }> {
  return workers.flatMap((w) =>
    w
      .stderr()
      .split('\n')
      .filter((line) => line.includes('"message":"grading"'))
      .map((line) => JSON.parse(line) as { submission: string; worker: string; time: string }),
  );
}

async function allFinished(ids: string[]): Promise<SubmissionDocument[]> {
  const docs = await Promise.all(ids.map(document));
  return docs.every((d) => d.status === 'graded' || d.status === 'error') ? docs : [];
}

it('20 submissions, a worker killed with -9 mid-grade, Redis restarted: each is graded exactly once with its score', async () => {
  const [first] = await Promise.all([startWorker(), startWorker()]);
  const expected = new Map<string, number>();
  for (let i = 0; i < 20; i++) {
    const variant = i % 2 === 0 ? 'solution' : 'half';
    const posted = await upload(variant, `s${i}`);
    expect(posted.status).toBe(202);
    expected.set(posted.body.id as string, variant === 'solution' ? 100 : 50);
  }
  const ids = [...expected.keys()];
  // Followed through the API server while a worker process grades it: progress comes over Redis.
  const events: ServerSentEvent[] = [];
  const following = new ServerClient(server.url, learner).follow(ids[0], (e) => events.push(e));

  const victim = await waitFor(
    'the first worker grading',
    async () => gradingStarts().find((start) => start.worker.includes(`:${first.process.pid}/`))?.submission,
    60_000,
  );
  await killHard(first);
  // A replacement on the same host removes what the killed one left running.
  await startWorker();

  // The followed one first: progress is published, not stored, so what a Redis outage overlaps is
  // not delivered; its stage steps must not fall into the restart below.
  await waitFor(
    '5 graded, the followed one among them',
    async () => {
      const graded = (await Promise.all(ids.map(document))).filter((d) => d.status === 'graded');
      return graded.length >= 5 && graded.some((d) => d.id === ids[0]) ? true : undefined;
    },
    180_000,
  );
  await redis.stop();
  await new Promise((r) => setTimeout(r, 2000));
  await redis.start();

  const docs = await waitFor(
    'every submission finished',
    async () => ((await allFinished(ids)).length ? allFinished(ids) : undefined),
    300_000,
  );
  for (const doc of docs) {
    expect({ id: doc.id, status: doc.status, score: doc.score }).toEqual({
      id: doc.id,
      status: 'graded',
      score: expected.get(doc.id),
    });
    expect(doc.attempts).toHaveLength(1);
  }
  expect(await following).toBe(true);
  const steps = events.filter((e) => e.event === 'step').map((e) => JSON.parse(e.data) as { title: string });
  expect(steps.map((step) => step.title)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^Stage 1\/2/)]),
  );
  expect(events[events.length - 1].event).toBe('end');
  const victimDoc = docs.find((d) => d.id === victim)!;
  expect(victimDoc.attempts[0].failures).toEqual([expect.stringMatching(/grading worker stopped/)]);

  // Never two workers at once: a submission was started a second time only after its worker died.
  const starts = gradingStarts();
  for (const id of ids) {
    const of = starts.filter((s) => s.submission === id);
    expect(of.length).toBe(id === victim ? 2 : 1);
  }
  const left = await docker.listContainers({ [LABEL.managed]: '' });
  expect(left.filter((c) => ids.includes(c.labels[LABEL.workspace] ?? ''))).toEqual([]);
}, 420_000);

it('PostgreSQL unreachable for 30 s: uploads get 503 with Retry-After, a grade that finishes meanwhile is recorded once it is back', async () => {
  const inFlight = await upload('solution', 'in-flight');
  expect(inFlight.status).toBe(202);
  const id = inFlight.body.id as string;
  await waitFor(
    'grading',
    async () => ((await document(id)).status === 'running' ? true : undefined),
    60_000,
  );
  await postgres.stop();
  const stoppedAt = Date.now();
  const refused = await upload('solution', 'while-down');
  expect(refused.status).toBe(503);
  expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  expect(refused.body.error.code).toBe('store-unavailable');
  // The grade ends while the store is away; its worker keeps the result.
  await waitFor(
    'a worker waiting for the store',
    async () =>
      workers.some((w) => w.stderr().includes('store unreachable; the result will be recorded'))
        ? true
        : undefined,
    60_000,
  );
  // Away for 30 s in all, as a database failover or restart can take.
  await new Promise((r) => setTimeout(r, Math.max(0, 30_000 - (Date.now() - stoppedAt))));
  await postgres.start();

  const done = await waitFor(
    'graded',
    async () => {
      const doc = await document(id);
      return doc.status === 'graded' ? doc : undefined;
    },
    60_000,
  );
  expect(done.score).toBe(100);
  // Recorded from the first grade, not graded again.
  expect(done.attempts).toEqual([expect.objectContaining({ failures: [] })]);
  expect(gradingStarts().filter((s) => s.submission === id)).toHaveLength(1);
  const after = await upload('solution', 'after');
  expect(after.status).toBe(202);
}, 180_000);
