import request from 'supertest';
import { learnerToken, project, upload } from './api-helpers';
import { startTestServer, type TestServer } from './test-server';

/** GET /api/health: readiness for anyone, what is being graded only for instructors. */
let ts: TestServer;
afterEach(async () => {
  await ts?.close();
});

async function whileGrading(): Promise<{ ada: string; id: string }> {
  ts = await startTestServer();
  ts.grader.hold();
  const ada = await learnerToken(ts, 'ada');
  const id = (await upload(ts, ada, await project())).body.id as string;
  const started = Date.now();
  while (ts.grader.jobs.length === 0) {
    if (Date.now() - started > 10_000) throw new Error('the grade did not start');
    await new Promise((r) => setTimeout(r, 25));
  }
  return { ada, id };
}

describe('GET /api/health', () => {
  it('tells anonymous callers and learners only whether grading is possible', async () => {
    const { ada, id } = await whileGrading();
    const anonymous = await request(ts.url).get('/api/health');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ ok: true });
    expect(anonymous.text).not.toContain(id);
    const learner = await request(ts.url).get('/api/health').set('Authorization', `Bearer ${ada}`);
    expect(learner.body).toEqual({ ok: true });

    ts.grader.ready = false;
    await new Promise((r) => setTimeout(r, 20));
    const down = await request(ts.url).get('/api/health');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ ok: false });
  });

  it('shows instructors the queue, the workers and the submission each is grading', async () => {
    const { id } = await whileGrading();
    const res = await request(ts.url).get('/api/health').set('Authorization', `Bearer ${ts.instructorToken}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      docker: { reachable: true },
      queue: { depth: 0, running: 1 },
      workers: { count: 1, busy: [expect.objectContaining({ submissionId: id })] },
      labs: expect.arrayContaining(['complete-lab']),
    });
  });

  it('refuses a token that is not valid rather than answer as if none was sent', async () => {
    ts = await startTestServer();
    const res = await request(ts.url).get('/api/health').set('Authorization', 'Bearer blt_nope');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect(res.headers['www-authenticate']).toContain('Bearer');
  });
});
