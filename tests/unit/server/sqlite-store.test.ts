import type Database from 'better-sqlite3';
import { openDatabase } from '../../../runner/server/store/open-database';
import { SqliteStore } from '../../../runner/server/store/sqlite-store';
import { migrate } from '../../../runner/server/store/sqlite-schema';
import type { NewSubmission } from '../../../runner/server/store/records';
import { SqliteJobQueue } from '../../../runner/server/queue/sqlite-job-queue';
import { loadResult } from '../reporters/result-fixtures';

let db: Database.Database;
let store: SqliteStore;
let clock: number;
beforeEach(() => {
  db = openDatabase(':memory:');
  clock = Date.parse('2026-11-21T10:00:00Z');
  store = new SqliteStore(db, () => new Date(clock));
});
afterEach(() => db.close());

const upload = (id: string, more: Partial<NewSubmission> = {}): NewSubmission => ({
  id,
  learner: 'ada',
  lab: 'login-system',
  archive: `archives/${id}.tar.gz`,
  archiveBytes: 100,
  contentHash: `hash-${id}`,
  ...more,
});
const roomy = { maxQueued: 100 };

describe('SqliteStore', () => {
  it('records a submission and its first attempt as queued', async () => {
    const created = await store.createSubmission(upload('s-1'), roomy);
    expect(created.kind).toBe('created');
    const found = await store.findSubmission('s-1');
    expect(found).toMatchObject({
      id: 's-1',
      learner: 'ada',
      attempt: { number: 1, state: 'queued', reason: 'submit', failures: [] },
    });
    expect(await store.unfinishedAttempts()).toEqual([found!.attempt.id]);
  });

  it('finds duplicates by idempotency key and by content; a reused key with other content conflicts', async () => {
    await store.createSubmission(upload('s-1', { idempotencyKey: 'k' }), roomy);
    expect(
      await store.createSubmission(upload('s-2', { idempotencyKey: 'k', contentHash: 'hash-s-1' }), roomy),
    ).toMatchObject({ kind: 'existing', matchedBy: 'idempotency-key', submission: { id: 's-1' } });
    expect(await store.createSubmission(upload('s-3', { idempotencyKey: 'k' }), roomy)).toMatchObject({
      kind: 'key-conflict',
      submission: { id: 's-1' },
    });
    expect(await store.createSubmission(upload('s-4', { contentHash: 'hash-s-1' }), roomy)).toMatchObject({
      kind: 'existing',
      matchedBy: 'content',
    });
    expect(
      await store.createSubmission(upload('s-5', { contentHash: 'hash-s-1', lab: 'other' }), roomy),
    ).toMatchObject({ kind: 'created' });
    expect(
      await store.createSubmission(upload('s-6', { contentHash: 'hash-s-1', learner: 'bob' }), roomy),
    ).toMatchObject({ kind: 'created' });
  });

  it('refuses a new submission or regrade when the queue is full', async () => {
    await store.createSubmission(upload('s-1'), { maxQueued: 1 });
    expect(await store.createSubmission(upload('s-2'), { maxQueued: 1 })).toEqual({
      kind: 'queue-full',
      queued: 1,
    });
  });

  it('moves an attempt to exactly one terminal state, and only for the worker holding it', async () => {
    const { submission } = (await store.createSubmission(upload('s-1'), roomy)) as {
      submission: { attempt: { id: number } };
    };
    const id = submission.attempt.id;
    expect(await store.startAttempt(id, 'fence-a')).toMatchObject({
      attemptId: id,
      submissionId: 's-1',
      lab: 'login-system',
      archive: 'archives/s-1.tar.gz',
    });
    expect(await store.completeAttempt(id, 'fence-b', loadResult('pass'))).toBe(false);
    expect(await store.completeAttempt(id, 'fence-a', loadResult('pass'))).toBe(true);
    expect(await store.completeAttempt(id, 'fence-a', loadResult('fail'))).toBe(false);
    expect(await store.recordInfraFailure(id, 'late', 3)).toBe('not-running');
    expect(await store.startAttempt(id, 'fence-c')).toBeUndefined();
    const found = await store.findSubmission('s-1');
    expect(found!.attempt).toMatchObject({ state: 'graded', result: { status: 'pass' } });
    // The schema itself refuses an attempt that is graded without a result.
    expect(() =>
      db.prepare("UPDATE attempts SET state = 'graded', result = NULL WHERE id = ?").run(id),
    ).toThrow(/CHECK constraint/);
  });

  it('requeues after an infrastructure failure and ends as error with the cause at the limit', async () => {
    const { submission } = (await store.createSubmission(upload('s-1'), roomy)) as {
      submission: { attempt: { id: number } };
    };
    const id = submission.attempt.id;
    await store.startAttempt(id, 'f1');
    expect(await store.recordInfraFailure(id, 'docker down', 3, 'other-fence')).toBe('not-running');
    expect(await store.recordInfraFailure(id, 'docker down', 3, 'f1')).toBe('requeued');
    await store.startAttempt(id, 'f2');
    expect(await store.recordInfraFailure(id, 'mariadb did not start', 3)).toBe('requeued');
    expect(await store.recordInfraFailure(id, 'image missing', 3)).toBe('error');
    const attempt = (await store.findSubmission('s-1'))!.attempt;
    expect(attempt).toMatchObject({
      state: 'error',
      failures: ['docker down', 'mariadb did not start', 'image missing'],
    });
    expect(attempt.errorCause).toBe(
      'backlab could not grade this submission after 3 tries; last cause: image missing',
    );
    expect(attempt.result).toBeUndefined();
    expect(await store.unfinishedAttempts()).toEqual([]);
  });

  it('regrades as a new attempt and keeps the old one', async () => {
    const { submission } = (await store.createSubmission(upload('s-1'), roomy)) as {
      submission: { attempt: { id: number } };
    };
    expect(await store.regrade('s-1', 'teacher', roomy)).toMatchObject({ kind: 'busy' });
    await store.startAttempt(submission.attempt.id, 'f');
    await store.completeAttempt(submission.attempt.id, 'f', loadResult('fail'));
    expect(await store.regrade('nope', 'teacher', roomy)).toEqual({ kind: 'not-found' });
    expect(await store.regrade('s-1', 'teacher', roomy)).toMatchObject({
      kind: 'queued',
      attempt: { number: 2, reason: 'regrade', requestedBy: 'teacher' },
    });
    expect((await store.attempts('s-1')).map((a) => [a.number, a.state])).toEqual([
      [1, 'graded'],
      [2, 'queued'],
    ]);
    expect((await store.findSubmission('s-1'))!.attempt.number).toBe(2);
    expect(await store.bestScores()).toEqual([
      { learner: 'ada', lab: 'login-system', best: loadResult('fail').score, maxScore: 100, submissions: 1 },
    ]);
  });

  it("refuses a learner's submission past the rate limit in the insert's transaction, duplicates excepted", async () => {
    const limits = { maxQueued: 100, rate: { max: 2, windowMs: 60_000 } };
    await store.createSubmission(upload('s-1'), limits);
    clock += 10_000;
    await store.createSubmission(upload('s-2'), limits);
    expect(await store.createSubmission(upload('s-3'), limits)).toEqual({
      kind: 'rate-limited',
      recent: ['2026-11-21T10:00:00.000Z', '2026-11-21T10:00:10.000Z'],
    });
    expect(await store.createSubmission(upload('s-4', { contentHash: 'hash-s-1' }), limits)).toMatchObject({
      kind: 'existing',
    });
    expect(await store.createSubmission(upload('s-5', { learner: 'bob' }), limits)).toMatchObject({
      kind: 'created',
    });
    clock += 50_001;
    expect(await store.createSubmission(upload('s-6'), limits)).toMatchObject({ kind: 'created' });
  });

  it('reports submission times within a window and counts by state', async () => {
    await store.createSubmission(upload('s-1'), roomy);
    clock += 60_000;
    await store.createSubmission(upload('s-2'), roomy);
    expect(await store.recentSubmissionTimes('ada', new Date(clock - 30_000).toISOString())).toEqual([
      new Date(clock).toISOString(),
    ]);
    expect(await store.countByState()).toEqual({ queued: 2, running: 0, graded: 0, error: 0 });
  });

  it('pages through a filtered list newest first, and counts the same rows it pages', async () => {
    for (let n = 1; n <= 7; n++) {
      clock += 1000;
      await store.createSubmission(upload(`s-${n}`, { learner: n % 2 ? 'ada' : 'lin' }), roomy);
    }
    const ada = { learner: 'ada' };
    expect(await store.countSubmissions(ada)).toBe(4);
    expect(await store.countSubmissions({})).toBe(7);
    const ids = async (offset: number) =>
      (await store.listSubmissions({ ...ada, limit: 3, offset })).map((s) => s.id);
    expect(await ids(0)).toEqual(['s-7', 's-5', 's-3']);
    expect(await ids(3)).toEqual(['s-1']);
    expect(await ids(6)).toEqual([]);
    expect(await store.countSubmissions({ ...ada, state: 'graded' })).toBe(0);
  });

  it('lists outcomes from their own columns, never the result document, whose failure included', async () => {
    const finish = async (id: string, result: ReturnType<typeof loadResult>) => {
      const created = (await store.createSubmission(upload(id), roomy)) as {
        submission: { attempt: { id: number } };
      };
      await store.startAttempt(created.submission.attempt.id, `fence-${id}`);
      await store.completeAttempt(created.submission.attempt.id, `fence-${id}`, result);
    };
    clock += 1000;
    await finish('s-pass', loadResult('pass'));
    clock += 1000;
    await finish('s-crash', loadResult('sandbox-error'));
    // A result that no longer parses cannot break a list that never reads it.
    db.prepare("UPDATE attempts SET result = '{not json' WHERE submission_id = 's-pass'").run();
    const [crash, pass] = await store.listSubmissions({});
    expect(pass.attempt).not.toHaveProperty('result');
    expect(pass.attempt.outcome).toEqual({
      status: 'pass',
      score: loadResult('pass').score,
      maxScore: loadResult('pass').maxScore,
    });
    expect(crash.attempt.outcome).toMatchObject({
      status: 'error',
      errorCause: 'sandbox',
    });
  });

  it('migrates a database of schema 1: the error causes of its results are filled in', async () => {
    const old = openDatabase(':memory:');
    try {
      const store1 = new SqliteStore(old, () => new Date(clock));
      const created = (await store1.createSubmission(upload('s-old'), roomy)) as {
        submission: { attempt: { id: number } };
      };
      await store1.startAttempt(created.submission.attempt.id, 'f');
      await store1.completeAttempt(created.submission.attempt.id, 'f', loadResult('sandbox-error'));
      // As schema 1 wrote it: no column for the cause; then the migration runs again.
      old.exec('ALTER TABLE attempts DROP COLUMN result_error_cause');
      old.pragma('user_version = 1');
      migrate(old);
      expect((await store1.listSubmissions({}))[0].attempt.outcome?.errorCause).toBe('sandbox');
    } finally {
      old.close();
    }
  });

  it('keeps accounts with hashed tokens', async () => {
    await store.createAccount('ada', 'learner', 'h1');
    await store.addToken('ada', 'h2');
    expect(await store.accountByTokenHash('h2')).toMatchObject({ name: 'ada', role: 'learner' });
    expect(await store.accountByTokenHash('h3')).toBeUndefined();
    expect(await store.addToken('nobody', 'h4')).toBeUndefined();
    expect(await store.countAccounts('learner')).toBe(1);
  });
});

describe('SqliteJobQueue', () => {
  let now: number;
  let queue: SqliteJobQueue;
  beforeEach(() => {
    now = 1_000_000;
    queue = new SqliteJobQueue(db, { leaseMs: 1000, now: () => now });
  });

  it('hands out the oldest available job once, with a lease', async () => {
    await queue.enqueue(2);
    now += 1;
    await queue.enqueue(1);
    await queue.enqueue(2);
    await queue.enqueue(3, 5000);
    const first = await queue.claim('w1');
    expect(first).toMatchObject({ attemptId: 2, owner: 'w1', deliveries: 1 });
    expect((await queue.claim('w2'))?.attemptId).toBe(1);
    expect(await queue.claim('w3')).toBeUndefined();
    expect(await queue.stats()).toEqual({ waiting: 1, leased: 2 });
    now += 5000;
    expect((await queue.claim('w3'))?.attemptId).toBe(3);
  });

  it('takes over expired leases; the old holder can then neither renew nor finish', async () => {
    await queue.enqueue(1);
    const lease = (await queue.claim('w1'))!;
    now += 500;
    expect(await queue.renew(lease)).toBe(true);
    now += 900;
    expect(await queue.reclaimExpired('reaper')).toEqual([]);
    now += 200;
    const [taken] = await queue.reclaimExpired('reaper');
    expect(taken).toMatchObject({ attemptId: 1, owner: 'reaper', deliveries: 1 });
    expect(await queue.renew(lease)).toBe(false);
    expect(await queue.finish(lease)).toBe(false);
    expect(await queue.retry(taken, 0)).toBe(true);
    const again = (await queue.claim('w2'))!;
    expect(again.deliveries).toBe(2);
    expect(await queue.finish(again)).toBe(true);
    expect(await queue.stats()).toEqual({ waiting: 0, leased: 0 });
  });

  it('wakes listeners when a job becomes available', async () => {
    let woken = 0;
    const stop = queue.onAvailable(() => woken++);
    await queue.enqueue(1);
    stop();
    await queue.enqueue(2);
    expect(woken).toBe(1);
  });
});
