import request from 'supertest';
import type { SubmissionDocument, SubmissionSummary } from '../../../runner/server/api/submission-view';
import { tarGz, zip } from './archive-builders';
import { getSubmission, LAB, learnerToken, project, upload, waitForStatus } from './api-helpers';
import { startTestServer, type TestServer } from './test-server';

let ts: TestServer;
afterEach(async () => {
  await ts?.close();
});

describe('submissions API', () => {
  it('takes an upload with 202, grades it with the hidden tests, and shows learners hidden tests by name and pass/fail only', async () => {
    ts = await startTestServer();
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ id: expect.stringMatching(/^s-/), existing: false });
    expect(posted.headers.location).toBe(`/api/submissions/${posted.body.id}`);

    const done = await waitForStatus(ts, ada, posted.body.id, ['graded', 'error']);
    expect(done).toMatchObject({
      status: 'graded',
      lab: LAB,
      learner: 'ada',
      resultStatus: 'fail',
      attempt: 1,
    });
    const hidden = done.result!.stages.flatMap((s) => s.tests).filter((t) => t.hidden);
    expect(hidden.length).toBeGreaterThan(0);
    for (const test of hidden) {
      expect(Object.keys(test).sort()).toEqual([
        'durationMs',
        'hidden',
        'maxPoints',
        'name',
        'points',
        'status',
      ]);
    }
    expect(done.result!.appLog).toBe('');
    expect(ts.grader.jobs).toHaveLength(1);
    expect(ts.grader.jobs[0].lab.id).toBe(LAB);

    const instructorView = (await getSubmission(ts, ts.instructorToken, posted.body.id))
      .body as SubmissionDocument;
    const withMessages = instructorView
      .result!.stages.flatMap((s) => s.tests)
      .filter((t) => t.hidden && t.message);
    expect(withMessages.length).toBeGreaterThan(0);
    expect(instructorView.result!.appLog).not.toBe('');
    const log = await request(ts.url)
      .get(`/api/submissions/${posted.body.id}/log`)
      .set('Authorization', `Bearer ${ts.instructorToken}`);
    expect(log.text).toBe(`app of ${posted.body.id} listening on 3000\n`);
    expect(
      (
        await request(ts.url)
          .get(`/api/submissions/${posted.body.id}/log`)
          .set('Authorization', `Bearer ${ada}`)
      ).status,
    ).toBe(403);
  });

  it('unpacks the stored upload for the grader, without node_modules', async () => {
    ts = await startTestServer();
    const ada = await learnerToken(ts, 'ada');
    const seen: string[] = [];
    ts.grader.script.push(async (job) => {
      const { readdir } = await import('node:fs/promises');
      seen.push(...(await readdir(job.submissionDir)).sort());
      return { kind: 'infrastructure', cause: 'stop here' };
    });
    const body = zip([
      { name: 'my-login/' },
      { name: 'my-login/package.json', content: '{}' },
      { name: 'my-login/node_modules/x.js', content: 'x' },
    ]);
    const posted = await upload(ts, ada, body);
    expect(posted.status).toBe(202);
    await waitForStatus(ts, ada, posted.body.id, ['graded']);
    expect(seen).toEqual(['package.json']);
  });

  it("answers 401 without a token or with a wrong one, and 404 for another learner's submission", async () => {
    ts = await startTestServer();
    const ada = await learnerToken(ts, 'ada');
    const bob = await learnerToken(ts, 'bob');
    const none = await request(ts.url).get('/api/submissions');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect((await request(ts.url).get('/api/labs').set('Authorization', 'Bearer blt_nope')).status).toBe(401);

    const posted = await upload(ts, ada, await project());
    expect((await getSubmission(ts, bob, posted.body.id)).status).toBe(404);
    expect((await getSubmission(ts, ada, posted.body.id)).status).toBe(200);
    expect(
      (
        await request(ts.url)
          .get(`/api/submissions/${posted.body.id}/events`)
          .set('Authorization', `Bearer ${bob}`)
      ).status,
    ).toBe(404);
    const bobsList = await request(ts.url)
      .get('/api/submissions?learner=ada')
      .set('Authorization', `Bearer ${bob}`);
    expect(bobsList.body.submissions).toEqual([]);
  });

  it('returns the existing submission for a repeated POST: same Idempotency-Key, or same learner, lab and content', async () => {
    ts = await startTestServer();
    ts.grader.hold();
    const ada = await learnerToken(ts, 'ada');
    const body = await project();
    const first = await upload(ts, ada, body, { key: 'key-1' });
    const again = await upload(ts, ada, body, { key: 'key-1' });
    const sameContent = await upload(ts, ada, body, { key: 'key-2' });
    const concurrent = await Promise.all([1, 2, 3].map(() => upload(ts, ada, body, { key: 'key-3' })));
    expect(first.status).toBe(202);
    expect(again.body).toMatchObject({ id: first.body.id, existing: true });
    expect(sameContent.body).toMatchObject({ id: first.body.id, existing: true });
    expect(new Set(concurrent.map((r) => r.body.id))).toEqual(new Set([first.body.id]));

    const conflict = await upload(ts, ada, await project('v2'), { key: 'key-1' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: 'idempotency-key-reused', id: first.body.id });

    ts.grader.release();
    await waitForStatus(ts, ada, first.body.id, ['graded']);
    const list = await request(ts.url).get('/api/submissions').set('Authorization', `Bearer ${ada}`);
    expect(list.body.submissions).toHaveLength(1);
    expect(ts.grader.jobs).toHaveLength(1);
  });

  it('refuses unsafe or oversized uploads with 4xx naming the entry, and keeps nothing of them', async () => {
    ts = await startTestServer({
      uploadLimits: { maxCompressedBytes: 2048, maxEntries: 10, maxUnpackedBytes: 1 << 20, maxPathDepth: 5 },
    });
    const ada = await learnerToken(ts, 'ada');
    const link = await upload(
      ts,
      ada,
      await tarGz([
        { name: 'package.json', content: '{}' },
        { name: 'db', type: 'symlink', linkname: '/var/run/docker.sock' },
      ]),
    );
    expect(link.status).toBe(422);
    expect(link.body.error).toMatchObject({ code: 'upload-rejected', entry: 'db' });
    expect(link.body.error.message).toContain('symbolic link');
    const up = await upload(ts, ada, await tarGz([{ name: '../../etc/passwd', content: 'x' }]));
    expect(up.status).toBe(422);
    expect(up.body.error.entry).toBe('../../etc/passwd');
    const big = await upload(ts, ada, Buffer.alloc(4096, 1));
    expect(big.status).toBe(413);
    const text = await upload(ts, ada, Buffer.from('just text'));
    expect(text.status).toBe(415);
    const unknownLab = await upload(ts, ada, await project(), { lab: 'no-such-lab' });
    expect(unknownLab.status).toBe(422);
    expect(unknownLab.body.error.message).toContain('complete-lab');

    const { readdir } = await import('node:fs/promises');
    expect(await readdir(`${ts.dataDir}/archives`)).toEqual([]);
    expect(await readdir(`${ts.dataDir}/uploads`)).toEqual([]);
    const list = await request(ts.url).get('/api/submissions').set('Authorization', `Bearer ${ada}`);
    expect(list.body.submissions).toEqual([]);
  });

  it("limits each learner's rate with 429 and Retry-After", async () => {
    ts = await startTestServer({ rateLimit: { max: 2, windowMs: 60_000 } });
    const ada = await learnerToken(ts, 'ada');
    const bob = await learnerToken(ts, 'bob');
    expect((await upload(ts, ada, await project('1'))).status).toBe(202);
    expect((await upload(ts, ada, await project('2'))).status).toBe(202);
    const third = await upload(ts, ada, await project('3'));
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(50);
    expect(Number(third.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await upload(ts, bob, await project('1'))).status).toBe(202);
  });

  it('bounds the queue with 503 and Retry-After', async () => {
    ts = await startTestServer({ maxQueued: 1 });
    ts.grader.ready = false;
    const ada = await learnerToken(ts, 'ada');
    expect((await upload(ts, ada, await project('1'))).status).toBe(202);
    const full = await upload(ts, ada, await project('2'));
    expect(full.status).toBe(503);
    expect(full.headers['retry-after']).toBe('60');
    expect(full.body.error.code).toBe('queue-full');
  });

  it('lets submissions wait while the grader is not ready, and health says why to instructors', async () => {
    ts = await startTestServer();
    ts.grader.ready = false;
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    const health = await request(ts.url)
      .get('/api/health')
      .set('Authorization', `Bearer ${ts.instructorToken}`);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      ok: false,
      docker: { reachable: false },
      queue: { depth: 1 },
      workers: { count: 1 },
    });
    expect(health.body.reason).toContain('Docker is not reachable');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await getSubmission(ts, ada, posted.body.id)).body.status).toBe('queued');
    expect(ts.grader.jobs).toHaveLength(0);

    ts.grader.ready = true;
    await waitForStatus(ts, ada, posted.body.id, ['graded'], 15_000);
    const healthy = await request(ts.url)
      .get('/api/health')
      .set('Authorization', `Bearer ${ts.instructorToken}`);
    expect(healthy.status).toBe(200);
    expect(healthy.body).toMatchObject({ ok: true, queue: { depth: 0 }, images: [{ state: 'ready' }] });
  });

  it('ends as error with the cause after 3 infrastructure failures, with no score', async () => {
    ts = await startTestServer();
    const ada = await learnerToken(ts, 'ada');
    for (let i = 1; i <= 3; i++)
      ts.grader.script.push(async () => ({
        kind: 'infrastructure',
        cause: `services: MariaDB did not start (${i})`,
      }));
    const posted = await upload(ts, ada, await project());
    const done = await waitForStatus(ts, ada, posted.body.id, ['graded', 'error']);
    expect(done.status).toBe('error');
    expect(done.error).toContain('after 3 tries');
    expect(done.error).toContain('MariaDB did not start (3)');
    expect(done.score).toBeUndefined();
    expect(done.result).toBeUndefined();
    expect(done.attempts).toEqual([
      expect.objectContaining({
        status: 'error',
        failures: [
          expect.stringContaining('(1)'),
          expect.stringContaining('(2)'),
          expect.stringContaining('(3)'),
        ],
      }),
    ]);
    expect(ts.grader.jobs).toHaveLength(3);

    // The same code may be submitted again after backlab failed on it.
    const again = await upload(ts, ada, await project());
    expect(again.body.existing).toBe(false);
  });

  it('regrades as a new attempt, keeping the history; only instructors may', async () => {
    ts = await startTestServer();
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    await waitForStatus(ts, ada, posted.body.id, ['graded']);
    const denied = await request(ts.url)
      .post(`/api/submissions/${posted.body.id}/regrade`)
      .set('Authorization', `Bearer ${ada}`);
    expect(denied.status).toBe(403);

    ts.grader.script.push(async (job) => ({
      kind: 'graded',
      result: { ...(await import('../reporters/result-fixtures')).loadResult('pass'), lab: job.lab.id },
    }));
    const regrade = await request(ts.url)
      .post(`/api/submissions/${posted.body.id}/regrade`)
      .set('Authorization', `Bearer ${ts.instructorToken}`);
    expect(regrade.status).toBe(202);
    expect(regrade.body).toMatchObject({ attempt: 2, status: 'queued' });
    const doc = await waitForStatus(ts, ada, posted.body.id, ['graded']);
    expect(doc.attempt).toBe(2);
    expect(doc.resultStatus).toBe('pass');
    expect(doc.attempts.map((a) => [a.number, a.reason, a.status, a.resultStatus])).toEqual([
      [1, 'submit', 'graded', 'fail'],
      [2, 'regrade', 'graded', 'pass'],
    ]);
  });

  it('lists submissions with filters; learners only ever get their own', async () => {
    ts = await startTestServer();
    const ada = await learnerToken(ts, 'ada');
    const bob = await learnerToken(ts, 'bob');
    const a = await upload(ts, ada, await project('a'));
    const b = await upload(ts, bob, await project('b'));
    await waitForStatus(ts, ada, a.body.id, ['graded']);
    await waitForStatus(ts, bob, b.body.id, ['graded']);
    const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
    const all = await request(ts.url).get('/api/submissions').set(auth(ts.instructorToken));
    expect((all.body.submissions as SubmissionSummary[]).map((s) => s.learner).sort()).toEqual([
      'ada',
      'bob',
    ]);
    const onlyBob = await request(ts.url)
      .get('/api/submissions?learner=bob&lab=complete-lab&status=graded')
      .set(auth(ts.instructorToken));
    expect(onlyBob.body.submissions).toEqual([
      expect.objectContaining({ id: b.body.id, learner: 'bob', status: 'graded', resultStatus: 'fail' }),
    ]);
    const adaSees = await request(ts.url).get('/api/submissions').set(auth(ada));
    expect((adaSees.body.submissions as SubmissionSummary[]).map((s) => s.id)).toEqual([a.body.id]);
    expect((await request(ts.url).get('/api/submissions?status=done').set(auth(ada))).status).toBe(400);
  });

  it('lists labs, and lets instructors (only) create tokens', async () => {
    ts = await startTestServer();
    const ada = await learnerToken(ts, 'ada');
    const labs = await request(ts.url).get('/api/labs').set('Authorization', `Bearer ${ada}`);
    expect((labs.body.labs as Array<{ id: string }>).map((l) => l.id)).toEqual([
      'complete-lab',
      'minimal-lab',
    ]);
    expect(labs.body.labs[0].stages[0]).toMatchObject({ id: 'register', points: 20, hiddenTests: true });
    const denied = await request(ts.url)
      .post('/api/tokens')
      .set('Authorization', `Bearer ${ada}`)
      .send({ name: 'eve' });
    expect(denied.status).toBe(403);
    const bad = await request(ts.url)
      .post('/api/tokens')
      .set('Authorization', `Bearer ${ts.instructorToken}`)
      .send({ name: 'tab\there' });
    expect(bad.status).toBe(400);
    const second = await request(ts.url)
      .post('/api/tokens')
      .set('Authorization', `Bearer ${ts.instructorToken}`)
      .send({ name: 'ada' });
    expect(second.status).toBe(201);
    expect(
      (await request(ts.url).get('/api/labs').set('Authorization', `Bearer ${second.body.token}`)).status,
    ).toBe(200);
    expect((await request(ts.url).get('/api/labs').set('Authorization', `Bearer ${ada}`)).status).toBe(200);
  });
});
