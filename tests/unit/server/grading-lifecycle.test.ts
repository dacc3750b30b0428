import { ServerClient } from '../../../runner/cli/remote/server-client';
import type { ServerSentEvent } from '../../../runner/cli/remote/sse-parser';
import { SqliteStore } from '../../../runner/server/store/sqlite-store';
import { SqliteJobQueue } from '../../../runner/server/queue/sqlite-job-queue';
import { openDatabase } from '../../../runner/server/store/open-database';
import { getSubmission, learnerToken, project, upload, waitForStatus } from './api-helpers';
import { startTestServer, type TestServer } from './test-server';

let ts: TestServer;
afterEach(async () => {
  await ts?.close();
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('grading lifecycle', () => {
  it('streams live progress as server-sent events until the grade ends', async () => {
    ts = await startTestServer();
    ts.grader.hold();
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    await until(() => ts.grader.jobs.length === 1);

    const events: ServerSentEvent[] = [];
    const following = new ServerClient(ts.url, ada).follow(posted.body.id, (e) => {
      events.push(e);
      if (e.event === 'step' && JSON.parse(e.data).status === 'running' && JSON.parse(e.data).detail)
        ts.grader.release();
    });
    expect(await following).toBe(true);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('state');
    expect(JSON.parse(events[0].data)).toMatchObject({ state: 'running', attempt: 1 });
    const steps = events.filter((e) => e.event === 'step').map((e) => JSON.parse(e.data));
    expect(steps.map((s) => s.status)).toEqual(['running', 'running', 'succeeded']);
    expect(steps[0].title).toBe('Stage 1/1  Register new users');
    expect(names.slice(-2)).toEqual(['state', 'end']);
    expect(JSON.parse(events[events.length - 1].data)).toMatchObject({
      id: posted.body.id,
      status: 'graded',
    });
  });

  it("a finished submission's stream says so and ends at once", async () => {
    ts = await startTestServer();
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    await waitForStatus(ts, ada, posted.body.id, ['graded']);
    const events: ServerSentEvent[] = [];
    expect(await new ServerClient(ts.url, ada).follow(posted.body.id, (e) => events.push(e))).toBe(true);
    expect(events.map((e) => e.event)).toEqual(['state', 'end']);
  });

  it('requeues a job whose worker died (lease expired), counts it as an infrastructure failure, and grades it once', async () => {
    ts = await startTestServer({ leaseMs: 600 });
    ts.grader.ready = false;
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    // A worker of another process claims the job, starts grading and dies without renewing its lease.
    const db = openDatabase(`${ts.dataDir}/backlab.db`);
    const lease = await new SqliteJobQueue(db, { leaseMs: 600 }).claim('dead-host:1/1');
    expect(lease).toBeDefined();
    const started = await new SqliteStore(db).startAttempt(lease!.attemptId, lease!.token, {
      maxFailures: 3,
      cause: 'unused: the attempt was queued',
    });
    expect(started.kind).toBe('started');
    db.close();
    ts.grader.ready = true;
    const done = await waitForStatus(ts, ada, posted.body.id, ['graded', 'error'], 10_000);
    expect(done.status).toBe('graded');
    expect(done.attempts).toEqual([
      expect.objectContaining({
        number: 1,
        status: 'graded',
        failures: [expect.stringContaining('worker stopped while grading')],
      }),
    ]);
    expect(ts.grader.jobs).toHaveLength(1);
  });

  it("a restart mid-grade hands the job back without counting a failure, and the old worker's late result is dropped", async () => {
    ts = await startTestServer();
    ts.grader.hold();
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    await waitForStatus(ts, ada, posted.body.id, ['running']);
    await ts.restart();
    // The new server grades it again (the fake grader is no longer held for new grades)…
    const done = await waitForStatus(ts, ada, posted.body.id, ['graded']);
    expect(done.attempts).toEqual([expect.objectContaining({ status: 'graded', failures: [] })]);
    expect(ts.grader.jobs).toHaveLength(2);
    // …and when the first grade finally returns, nothing changes.
    ts.grader.release();
    await new Promise((r) => setTimeout(r, 200));
    const after = (await getSubmission(ts, ada, posted.body.id)).body;
    expect(after.attempts).toHaveLength(1);
    expect(after.finishedAt).toBe(done.finishedAt);
  });

  it('keeps a queued submission across a restart and creates the instructor token only once', async () => {
    ts = await startTestServer();
    ts.grader.ready = false;
    const firstToken = ts.instructorToken;
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    await ts.restart();
    expect(ts.instructorToken).toBe(firstToken);
    ts.grader.ready = true;
    const done = await waitForStatus(ts, ada, posted.body.id, ['graded']);
    expect(done.attempts).toEqual([expect.objectContaining({ failures: [] })]);
    expect(ts.grader.recovered).toBeGreaterThanOrEqual(1);
  });

  it('stops a grade as soon as its lease cannot be renewed, so no second worker grades it at the same time', async () => {
    ts = await startTestServer({ leaseMs: 600 });
    ts.grader.hold();
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    await waitForStatus(ts, ada, posted.body.id, ['running']);
    // The job disappears from under the worker (as when its lock lapsed and another took it).
    const db = openDatabase(`${ts.dataDir}/backlab.db`);
    const attemptId = (db.prepare('SELECT id FROM attempts').get() as { id: number }).id;
    db.prepare('DELETE FROM jobs WHERE attempt_id = ?').run(attemptId);
    db.close();
    await until(() => ts.grader.aborted.includes(posted.body.id), 5000);
    ts.grader.release();
    await new Promise((r) => setTimeout(r, 300));
    // Its result was not recorded: the attempt is still the stopped worker's, for a successor to take over.
    expect((await getSubmission(ts, ada, posted.body.id)).body.status).toBe('running');
  });

  it('an event stream ends when the store says the grade finished, even if that event never came', async () => {
    ts = await startTestServer({ heartbeatMs: 100 });
    ts.grader.hold();
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    await waitForStatus(ts, ada, posted.body.id, ['running']);
    const events: ServerSentEvent[] = [];
    const following = new ServerClient(ts.url, ada).follow(posted.body.id, (e) => events.push(e));
    // Finished by other means than this process's hub (another machine whose event was lost).
    const db = openDatabase(`${ts.dataDir}/backlab.db`);
    db.prepare("UPDATE attempts SET state = 'error', fence = NULL, error_cause = 'elsewhere'").run();
    db.close();
    expect(await following).toBe(true);
    expect(JSON.parse(events[events.length - 1].data)).toMatchObject({ id: posted.body.id, status: 'error' });
    ts.grader.release();
  });

  it('a worker with another version of the lab refuses the attempt and says so, rather than grading it', async () => {
    ts = await startTestServer();
    ts.grader.ready = false;
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    // Queued against a version of the lab this server's workers do not have.
    const db = openDatabase(`${ts.dataDir}/backlab.db`);
    const recorded = db.prepare('SELECT lab_hash FROM attempts').get() as { lab_hash: string };
    expect(recorded.lab_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    db.prepare("UPDATE attempts SET lab_hash = 'sha256:0123456789abcdef'").run();
    db.close();
    ts.grader.ready = true;
    const done = await waitForStatus(ts, ada, posted.body.id, ['graded', 'error'], 10_000);
    expect(done.status).toBe('error');
    expect(done.attempts[0].failures).toEqual([
      expect.stringMatching(
        /another version of lab complete-lab .*than the attempt was queued for \(0123456789ab\)/,
      ),
      expect.any(String),
      expect.any(String),
    ]);
    expect(ts.grader.jobs).toHaveLength(0);
  });
});
