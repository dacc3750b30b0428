import type Database from 'better-sqlite3';
import { openDatabase } from '../../../runner/server/store/open-database';
import { SqliteStore } from '../../../runner/server/store/sqlite-store';
import { migrate } from '../../../runner/server/store/sqlite-schema';
import { createdOf, describeStoreContract, upload } from '../../support/store-contract';
import { loadResult } from '../reporters/result-fixtures';

describeStoreContract('SqliteStore', async (clock) => {
  const db = openDatabase(':memory:');
  return {
    store: new SqliteStore(db, clock),
    cleanup: async () => {
      if (db.open) db.close();
    },
    overwriteResult: async (submissionId, text) => {
      db.prepare('UPDATE attempts SET result = ? WHERE submission_id = ?').run(text, submissionId);
    },
    gradeWithoutResult: async (attemptId) => {
      db.prepare("UPDATE attempts SET state = 'graded', result = NULL WHERE id = ?").run(attemptId);
    },
  };
});

/** What only the SQLite store has: its migrations, counted in PRAGMA user_version. */
describe('SqliteStore migrations', () => {
  const now = () => new Date('2026-11-21T10:00:00Z');
  const takeover = { maxFailures: 3, cause: 'stopped' };
  let db: Database.Database;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  it('migrates a database of schema 1: the error causes of its results are filled in', async () => {
    const store = new SqliteStore(db, now);
    const id = createdOf(await store.createSubmission(upload('s-old'), { maxQueued: 10 })).attempt.id;
    await store.startAttempt(id, 'f', takeover);
    await store.completeAttempt(id, 'f', loadResult('sandbox-error'));
    // As schema 1 wrote it: no column for the cause nor the lab version; then the migrations run again.
    db.exec('ALTER TABLE attempts DROP COLUMN result_error_cause');
    db.exec('ALTER TABLE attempts DROP COLUMN lab_hash');
    db.pragma('user_version = 1');
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect((await store.listSubmissions({}))[0].attempt.outcome?.errorCause).toBe('sandbox');
  });

  it('migrates a database of schema 2: its attempts have no lab version, new ones do', async () => {
    const store = new SqliteStore(db, now);
    await store.createSubmission(upload('s-old'), { maxQueued: 10 });
    db.exec('ALTER TABLE attempts DROP COLUMN lab_hash');
    db.pragma('user_version = 2');
    migrate(db);
    const old = (await store.findSubmission('s-old'))!;
    expect(old.attempt).not.toHaveProperty('labHash');
    expect(await store.startAttempt(old.attempt.id, 'f', takeover)).toMatchObject({
      kind: 'started',
      job: { contentHash: 'hash-s-old' },
    });
    await store.createSubmission(upload('s-new', { labHash: 'sha256:lab' }), { maxQueued: 10 });
    expect((await store.findSubmission('s-new'))!.attempt.labHash).toBe('sha256:lab');
  });

  it('refuses a database written by a newer backlab', () => {
    db.pragma('user_version = 99');
    expect(() => migrate(db)).toThrow(/schema 99, this one knows 3\); upgrade backlab/);
  });
});
