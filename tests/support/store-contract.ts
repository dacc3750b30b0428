import type { NewSubmission, Submission } from '../../runner/server/store/records';
import type { CreateOutcome, SubmissionStore } from '../../runner/server/store/submission-store';
import { loadResult } from '../unit/reporters/result-fixtures';

/**
 * What every SubmissionStore must do, written once and run against each implementation (SQLite
 * in memory in tests/unit/server/sqlite-store.test.ts, a real PostgreSQL in
 * tests/integration/scale/postgres-store.test.ts), so the two cannot drift apart.
 */

export type Clock = () => Date;

/** A fresh, empty store for one test, and what the contract needs beside its methods. */
export interface StoreFixture {
  store: SubmissionStore;
  cleanup(): Promise<void>;
  /** Writes `text` as the stored result document of a submission's attempts, past the store. */
  overwriteResult(submissionId: string, text: string): Promise<void>;
  /** Marks an attempt graded with no result, past the store: the schema must refuse it. */
  gradeWithoutResult(attemptId: number): Promise<void>;
}

export const upload = (id: string, more: Partial<NewSubmission> = {}): NewSubmission => ({
  id,
  learner: 'ada',
  lab: 'login-system',
  archive: `archives/${id}.tar.gz`,
  archiveBytes: 100,
  contentHash: `hash-${id}`,
  ...more,
});

const roomy = { maxQueued: 100 };
const takeover = { maxFailures: 3, cause: 'the worker grading it stopped' };

/** The submission an outcome created; fails the test when it created none. */
export function createdOf(outcome: CreateOutcome): Submission {
  if (outcome.kind !== 'created') throw new Error(`expected a new submission, got ${outcome.kind}`);
  return outcome.submission;
}

export function describeStoreContract(
  name: string,
  makeStore: (clock: Clock) => Promise<StoreFixture>,
): void {
  describe(`${name} (SubmissionStore contract)`, () => {
    let fixture: StoreFixture;
    let store: SubmissionStore;
    let clock: number;
    beforeEach(async () => {
      clock = Date.parse('2026-11-21T10:00:00Z');
      fixture = await makeStore(() => new Date(clock));
      store = fixture.store;
    });
    afterEach(() => fixture.cleanup());

    /** A new submission's attempt id, created with `roomy` limits. */
    const submit = async (id: string, more: Partial<NewSubmission> = {}) =>
      createdOf(await store.createSubmission(upload(id, more), roomy)).attempt.id;

    describeSubmissions();
    describeAttempts();
    describeListings();
    describeAccounts();

    function describeSubmissions() {
      it('records a submission and its first attempt as queued, with the lab version to grade against', async () => {
        const created = await store.createSubmission(upload('s-1', { labHash: 'sha256:lab-v1' }), roomy);
        expect(created.kind).toBe('created');
        const found = await store.findSubmission('s-1');
        expect(found).toEqual({
          id: 's-1',
          learner: 'ada',
          lab: 'login-system',
          archive: 'archives/s-1.tar.gz',
          archiveBytes: 100,
          contentHash: 'hash-s-1',
          createdAt: '2026-11-21T10:00:00.000Z',
          attempt: {
            id: found!.attempt.id,
            submissionId: 's-1',
            number: 1,
            reason: 'submit',
            requestedBy: 'ada',
            state: 'queued',
            failures: [],
            queuedAt: '2026-11-21T10:00:00.000Z',
            labHash: 'sha256:lab-v1',
          },
        });
        expect(createdOf(created)).toEqual(found);
        expect(await store.unfinishedAttempts()).toEqual([found!.attempt.id]);
        expect(await store.findSubmission('nope')).toBeUndefined();
      });

      it('leaves out the lab version when none was given', async () => {
        await submit('s-1');
        expect((await store.findSubmission('s-1'))!.attempt).not.toHaveProperty('labHash');
      });

      it('finds duplicates by idempotency key and by content; a reused key with other content conflicts', async () => {
        await store.createSubmission(upload('s-1', { idempotencyKey: 'k' }), roomy);
        expect(
          await store.createSubmission(
            upload('s-2', { idempotencyKey: 'k', contentHash: 'hash-s-1' }),
            roomy,
          ),
        ).toMatchObject({ kind: 'existing', matchedBy: 'idempotency-key', submission: { id: 's-1' } });
        expect(await store.createSubmission(upload('s-3', { idempotencyKey: 'k' }), roomy)).toMatchObject({
          kind: 'key-conflict',
          submission: { id: 's-1' },
        });
        expect(await store.createSubmission(upload('s-4', { contentHash: 'hash-s-1' }), roomy)).toMatchObject(
          {
            kind: 'existing',
            matchedBy: 'content',
          },
        );
        expect(
          await store.createSubmission(upload('s-5', { contentHash: 'hash-s-1', lab: 'other' }), roomy),
        ).toMatchObject({ kind: 'created' });
        expect(
          await store.createSubmission(upload('s-6', { contentHash: 'hash-s-1', learner: 'bob' }), roomy),
        ).toMatchObject({ kind: 'created' });
        expect(await store.findByIdempotencyKey('ada', 'k')).toMatchObject({ id: 's-1' });
        expect(await store.findByIdempotencyKey('bob', 'k')).toBeUndefined();
      });

      it('takes the same content again once backlab failed to grade it', async () => {
        const id = await submit('s-1');
        expect(await store.recordInfraFailure(id, 'docker down', 1)).toBe('error');
        clock += 1000;
        expect(await store.createSubmission(upload('s-2', { contentHash: 'hash-s-1' }), roomy)).toMatchObject(
          {
            kind: 'created',
            submission: { id: 's-2' },
          },
        );
        // The newest with that content is the one a repeat now matches.
        expect(await store.createSubmission(upload('s-3', { contentHash: 'hash-s-1' }), roomy)).toMatchObject(
          {
            kind: 'existing',
            submission: { id: 's-2' },
          },
        );
      });

      it('refuses a new submission or regrade when the queue is full', async () => {
        await store.createSubmission(upload('s-1'), { maxQueued: 1 });
        expect(await store.createSubmission(upload('s-2'), { maxQueued: 1 })).toEqual({
          kind: 'queue-full',
          queued: 1,
        });
        await store.createSubmission(upload('s-3'), { maxQueued: 2 });
        const s3 = (await store.findSubmission('s-3'))!.attempt.id;
        await store.startAttempt(s3, 'f', takeover);
        await store.completeAttempt(s3, 'f', loadResult('pass'));
        expect(await store.regrade('s-3', 'teacher', { maxQueued: 1 })).toEqual({
          kind: 'queue-full',
          queued: 1,
        });
        expect(await store.countSubmissions({})).toBe(2);
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
        expect(
          await store.createSubmission(upload('s-4', { contentHash: 'hash-s-1' }), limits),
        ).toMatchObject({
          kind: 'existing',
        });
        expect(await store.createSubmission(upload('s-5', { learner: 'bob' }), limits)).toMatchObject({
          kind: 'created',
        });
        clock += 50_001;
        expect(await store.createSubmission(upload('s-6'), limits)).toMatchObject({ kind: 'created' });
      });

      it('regrades as a new attempt against the lab version given, and keeps the old one', async () => {
        const id = await submit('s-1', { labHash: 'sha256:lab-v1' });
        expect(await store.regrade('s-1', 'teacher', roomy)).toMatchObject({ kind: 'busy', attempt: { id } });
        await store.startAttempt(id, 'f', takeover);
        expect(await store.regrade('s-1', 'teacher', roomy)).toMatchObject({ kind: 'busy' });
        await store.completeAttempt(id, 'f', loadResult('fail'));
        expect(await store.regrade('nope', 'teacher', roomy)).toEqual({ kind: 'not-found' });
        clock += 1000;
        const regraded = await store.regrade('s-1', 'teacher', { ...roomy, labHash: 'sha256:lab-v2' });
        expect(regraded).toMatchObject({
          kind: 'queued',
          attempt: {
            number: 2,
            reason: 'regrade',
            requestedBy: 'teacher',
            state: 'queued',
            queuedAt: '2026-11-21T10:00:01.000Z',
            labHash: 'sha256:lab-v2',
          },
        });
        expect((await store.attempts('s-1')).map((a) => [a.number, a.state, a.labHash])).toEqual([
          [1, 'graded', 'sha256:lab-v1'],
          [2, 'queued', 'sha256:lab-v2'],
        ]);
        expect((await store.findSubmission('s-1'))!.attempt.number).toBe(2);
        expect(await store.bestScores()).toEqual([
          {
            learner: 'ada',
            lab: 'login-system',
            best: loadResult('fail').score,
            maxScore: 100,
            submissions: 1,
          },
        ]);
      });
    }

    function describeAttempts() {
      it('starts a queued attempt for a worker, with what it needs to find and check the upload', async () => {
        const id = await submit('s-1', { labHash: 'sha256:lab-v1' });
        clock += 5000;
        expect(await store.startAttempt(id, 'fence-a', takeover)).toEqual({
          kind: 'started',
          takenOver: false,
          job: {
            attemptId: id,
            attemptNumber: 1,
            submissionId: 's-1',
            learner: 'ada',
            lab: 'login-system',
            archive: 'archives/s-1.tar.gz',
            contentHash: 'hash-s-1',
            labHash: 'sha256:lab-v1',
          },
        });
        // The same worker asking again (its first answer was lost) still holds it, no failure counted.
        expect(await store.startAttempt(id, 'fence-a', takeover)).toMatchObject({
          kind: 'started',
          takenOver: false,
        });
        expect((await store.findSubmission('s-1'))!.attempt).toMatchObject({
          state: 'running',
          startedAt: '2026-11-21T10:00:05.000Z',
          failures: [],
        });
        expect(await store.unfinishedAttempts()).toEqual([id]);
        expect(await store.startAttempt(id + 1000, 'fence-a', takeover)).toEqual({ kind: 'finished' });
      });

      it('counts the takeover of an attempt whose worker stopped as a failure, up to the limit', async () => {
        const id = await submit('s-1');
        await store.startAttempt(id, 'f1', takeover);
        const second = await store.startAttempt(id, 'f2', takeover);
        expect(second).toMatchObject({ kind: 'started', takenOver: true, job: { attemptId: id } });
        expect(second).not.toHaveProperty('job.labHash');
        // The stopped worker, were it only slow, can write nothing any more.
        expect(await store.completeAttempt(id, 'f1', loadResult('pass'))).toBe(false);
        expect(await store.recordInfraFailure(id, 'late', 3, 'f1')).toBe('not-running');
        expect(await store.startAttempt(id, 'f3', takeover)).toMatchObject({
          kind: 'started',
          takenOver: true,
        });
        expect((await store.findSubmission('s-1'))!.attempt).toMatchObject({
          state: 'running',
          failures: [takeover.cause, takeover.cause],
        });
        expect(await store.startAttempt(id, 'f4', takeover)).toEqual({ kind: 'failed' });
        const attempt = (await store.findSubmission('s-1'))!.attempt;
        expect(attempt).toMatchObject({
          state: 'error',
          failures: [takeover.cause, takeover.cause, takeover.cause],
        });
        expect(attempt.errorCause).toBe(
          `backlab could not grade this submission after 3 tries; last cause: ${takeover.cause}`,
        );
        expect(await store.completeAttempt(id, 'f3', loadResult('pass'))).toBe(false);
        expect(await store.startAttempt(id, 'f5', takeover)).toEqual({ kind: 'finished' });
        expect(await store.unfinishedAttempts()).toEqual([]);
      });

      it('moves an attempt to exactly one terminal state, and only for the worker holding it', async () => {
        const id = await submit('s-1');
        expect(await store.startAttempt(id, 'fence-a', takeover)).toMatchObject({ kind: 'started' });
        expect(await store.completeAttempt(id, 'fence-b', loadResult('pass'))).toBe(false);
        clock += 1000;
        expect(await store.completeAttempt(id, 'fence-a', loadResult('pass'))).toBe(true);
        expect(await store.completeAttempt(id, 'fence-a', loadResult('fail'))).toBe(false);
        expect(await store.recordInfraFailure(id, 'late', 3)).toBe('not-running');
        expect(await store.startAttempt(id, 'fence-c', takeover)).toEqual({ kind: 'finished' });
        await store.returnToQueue(id, 'fence-a');
        const found = await store.findSubmission('s-1');
        expect(found!.attempt).toMatchObject({ state: 'graded', finishedAt: '2026-11-21T10:00:01.000Z' });
        expect(found!.attempt.result).toEqual(loadResult('pass'));
        // The schema itself refuses an attempt that is graded without a result.
        // Matched by its message, not with toThrow: better-sqlite3's native part keeps the error class of
        // the first test file that loaded it in a jest worker, which is no Error of later files' realm.
        await expect(fixture.gradeWithoutResult(id)).rejects.toMatchObject({
          message: expect.stringMatching(/check constraint/i),
        });
      });

      it('requeues after an infrastructure failure and ends as error with the cause at the limit', async () => {
        const id = await submit('s-1');
        await store.startAttempt(id, 'f1', takeover);
        expect(await store.recordInfraFailure(id, 'docker down', 3, 'other-fence')).toBe('not-running');
        expect(await store.recordInfraFailure(id, 'docker down', 3, 'f1')).toBe('requeued');
        expect((await store.findSubmission('s-1'))!.attempt.state).toBe('queued');
        // Started again from queued: a new start, not a takeover.
        expect(await store.startAttempt(id, 'f2', takeover)).toMatchObject({ takenOver: false });
        expect(await store.recordInfraFailure(id, 'mariadb did not start', 3)).toBe('requeued');
        expect(await store.recordInfraFailure(id, 'image missing', 3)).toBe('error');
        const attempt = (await store.findSubmission('s-1'))!.attempt;
        expect(attempt).toMatchObject({
          state: 'error',
          failures: ['docker down', 'mariadb did not start', 'image missing'],
          finishedAt: '2026-11-21T10:00:00.000Z',
        });
        expect(attempt.errorCause).toBe(
          'backlab could not grade this submission after 3 tries; last cause: image missing',
        );
        expect(attempt.result).toBeUndefined();
        expect(await store.unfinishedAttempts()).toEqual([]);
        expect(await store.recordInfraFailure(id, 'again', 3)).toBe('not-running');
      });

      it('returns an attempt to the queue without a failure, for its holder only', async () => {
        const id = await submit('s-1');
        await store.startAttempt(id, 'f1', takeover);
        await store.returnToQueue(id, 'other');
        expect((await store.findSubmission('s-1'))!.attempt.state).toBe('running');
        await store.returnToQueue(id, 'f1');
        expect((await store.findSubmission('s-1'))!.attempt).toMatchObject({ state: 'queued', failures: [] });
        expect(await store.completeAttempt(id, 'f1', loadResult('pass'))).toBe(false);
        expect(await store.startAttempt(id, 'f2', takeover)).toMatchObject({
          kind: 'started',
          takenOver: false,
        });
      });
    }

    function describeListings() {
      it('reports submission times within a window and counts by state', async () => {
        await submit('s-1');
        clock += 60_000;
        await submit('s-2');
        expect(await store.recentSubmissionTimes('ada', new Date(clock - 30_000).toISOString())).toEqual([
          new Date(clock).toISOString(),
        ]);
        expect(await store.recentSubmissionTimes('bob', '2000-01-01T00:00:00.000Z')).toEqual([]);
        expect(await store.countByState()).toEqual({ queued: 2, running: 0, graded: 0, error: 0 });
      });

      it('pages through a filtered list newest first, and counts the same rows it pages', async () => {
        for (let n = 1; n <= 7; n++) {
          clock += 1000;
          await submit(`s-${n}`, { learner: n % 2 ? 'ada' : 'lin' });
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
        expect(await store.countSubmissions({ lab: 'login-system', state: 'queued' })).toBe(7);
        expect(await store.listSubmissions({ lab: 'other' })).toEqual([]);
      });

      it('orders submissions of the same time by id, in byte order', async () => {
        for (const id of ['s-b', 's-B', 's-a', 's-10', 's-9']) await submit(id);
        expect((await store.listSubmissions({})).map((s) => s.id)).toEqual([
          's-10',
          's-9',
          's-B',
          's-a',
          's-b',
        ]);
      });

      it('lists outcomes from their own columns, never the result document, whose failure included', async () => {
        const finish = async (id: string, result: ReturnType<typeof loadResult>) => {
          const attemptId = await submit(id, { labHash: 'sha256:lab-v1' });
          await store.startAttempt(attemptId, `fence-${id}`, takeover);
          await store.completeAttempt(attemptId, `fence-${id}`, result);
        };
        clock += 1000;
        await finish('s-pass', loadResult('pass'));
        clock += 1000;
        await finish('s-crash', loadResult('sandbox-error'));
        clock += 1000;
        await submit('s-queued');
        // A result that no longer parses cannot break a list that never reads it.
        await fixture.overwriteResult('s-pass', '{not json');
        const [queued, crash, pass] = await store.listSubmissions({});
        expect(pass.attempt).not.toHaveProperty('result');
        expect(pass.attempt).toMatchObject({ state: 'graded', labHash: 'sha256:lab-v1' });
        expect(pass.attempt.outcome).toEqual({
          status: 'pass',
          score: loadResult('pass').score,
          maxScore: loadResult('pass').maxScore,
        });
        expect(crash.attempt.outcome).toMatchObject({ status: 'error', errorCause: 'sandbox' });
        expect(queued.attempt).not.toHaveProperty('outcome');
        expect((await store.listSubmissions({ state: 'graded' })).map((s) => s.id)).toEqual([
          's-crash',
          's-pass',
        ]);
      });

      it("gives a lab's graded submissions with their results, and the best score per learner and lab", async () => {
        const grade = async (id: string, learner: string, result: ReturnType<typeof loadResult>) => {
          clock += 1000;
          const attemptId = await submit(id, { learner });
          await store.startAttempt(attemptId, 'f', takeover);
          await store.completeAttempt(attemptId, 'f', result);
        };
        await grade('s-1', 'ada', loadResult('fail'));
        await grade('s-2', 'ada', loadResult('pass'));
        await grade('s-3', 'bob', loadResult('fail'));
        await submit('s-4', { learner: 'cy' });
        await submit('s-5', { lab: 'other' });
        const graded = await store.gradedSubmissions('login-system');
        expect(graded.map((s) => s.id)).toEqual(['s-3', 's-2', 's-1']);
        expect(graded[1].attempt.result).toEqual(loadResult('pass'));
        expect(await store.bestScores()).toEqual([
          {
            learner: 'ada',
            lab: 'login-system',
            best: Math.max(loadResult('pass').score, loadResult('fail').score),
            maxScore: 100,
            submissions: 2,
          },
          { learner: 'ada', lab: 'other', best: undefined, maxScore: undefined, submissions: 1 },
          {
            learner: 'bob',
            lab: 'login-system',
            best: loadResult('fail').score,
            maxScore: 100,
            submissions: 1,
          },
          { learner: 'cy', lab: 'login-system', best: undefined, maxScore: undefined, submissions: 1 },
        ]);
        expect(await store.countByState()).toEqual({ queued: 2, running: 0, graded: 3, error: 0 });
      });
    }

    function describeAccounts() {
      it('keeps accounts with hashed tokens', async () => {
        const ada = await store.createAccount('ada', 'learner', 'h1');
        expect(ada).toEqual({
          id: ada.id,
          name: 'ada',
          role: 'learner',
          createdAt: '2026-11-21T10:00:00.000Z',
        });
        await store.createAccount('Zoe', 'instructor', 'h0');
        expect(await store.addToken('ada', 'h2')).toEqual(ada);
        expect(await store.accountByTokenHash('h1')).toEqual(ada);
        expect(await store.accountByTokenHash('h2')).toMatchObject({ name: 'ada', role: 'learner' });
        expect(await store.accountByTokenHash('h3')).toBeUndefined();
        expect(await store.addToken('nobody', 'h4')).toBeUndefined();
        expect(await store.accountByTokenHash('h4')).toBeUndefined();
        expect(await store.accountByName('Zoe')).toMatchObject({ role: 'instructor' });
        expect(await store.accountByName('zoe')).toBeUndefined();
        expect(await store.countAccounts('learner')).toBe(1);
        expect(await store.countAccounts('instructor')).toBe(1);
        expect((await store.listAccounts()).map((a) => a.name)).toEqual(['Zoe', 'ada']);
      });

      it('refuses a second account of the same name, and changes nothing', async () => {
        await store.createAccount('ada', 'learner', 'h1');
        await expect(store.createAccount('ada', 'instructor', 'h2')).rejects.toMatchObject({
          message: expect.stringMatching(/unique|duplicate/i),
        });
        expect(await store.accountByTokenHash('h2')).toBeUndefined();
        expect(await store.listAccounts()).toHaveLength(1);
      });
    }
  });
}
