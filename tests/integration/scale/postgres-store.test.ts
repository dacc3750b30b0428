import { Client } from 'pg';
import { LOCK_SPACE, LOCKS } from '../../../runner/server/store/postgres-pool';
import { PostgresStore } from '../../../runner/server/store/postgres-store';
import { SCHEMA_VERSION } from '../../../runner/server/store/postgres-schema';
import { StoreUnavailableError } from '../../../runner/server/store/store-unavailable';
import type { CreateOutcome } from '../../../runner/server/store/submission-store';
import { startPostgres, type LocalServer } from '../../support/local-servers';
import { createdOf, describeStoreContract, upload } from '../../support/store-contract';

/**
 * PostgresStore on a real PostgreSQL 15 of this file's own (tests/support/local-servers.ts), a
 * fresh database per test. Beside the contract every store keeps: what only a shared server
 * brings, stores of several processes at once, and the server going away and coming back.
 */

let server: LocalServer;
let databases = 0;

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);

afterAll(async () => {
  await server?.remove();
});

/** On the `backlab` database, a connection per statement: one kept open would not outlive a stop. */
async function admin(sql: string): Promise<void> {
  await withClient(server.url, (c) => c.query(sql));
}

/** The URL of a new, empty database on the test's server. */
async function freshDatabase(): Promise<string> {
  const name = `store_test_${++databases}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(url: string): Promise<void> {
  await admin(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
}

/** A connection of the test's own to `url`, for what it does past the store. */
async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describeStoreContract('PostgresStore', async (clock) => {
  const url = await freshDatabase();
  const store = await PostgresStore.open(url, { now: clock });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropDatabase(url);
    },
    overwriteResult: async (submissionId, text) => {
      await withClient(url, (c) =>
        c.query('UPDATE attempts SET result = $1 WHERE submission_id = $2', [text, submissionId]),
      );
    },
    gradeWithoutResult: async (attemptId) => {
      await withClient(url, (c) =>
        c.query("UPDATE attempts SET state = 'graded', result = NULL WHERE id = $1", [attemptId]),
      );
    },
  };
});

describe('PostgresStore across processes', () => {
  let url: string;
  const stores: PostgresStore[] = [];
  const open = async (opts: Parameters<typeof PostgresStore.open>[1] = {}) => {
    const store = await PostgresStore.open(url, opts);
    stores.push(store);
    return store;
  };
  beforeEach(async () => {
    url = await freshDatabase();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await dropDatabase(url);
  });

  const kinds = (outcomes: CreateOutcome[]) =>
    outcomes.reduce<Record<string, number>>((n, o) => ({ ...n, [o.kind]: (n[o.kind] ?? 0) + 1 }), {});

  it('applies the migrations once when two processes start at the same moment', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const versions = await withClient(url, (c) =>
      c.query('SELECT version FROM schema_migrations ORDER BY version'),
    );
    expect(versions.rows.map((r) => r.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
    // Both work on the same tables.
    createdOf(await a.createSubmission(upload('s-1'), { maxQueued: 10 }));
    expect(await b.findSubmission('s-1')).toMatchObject({ id: 's-1' });
    // A third, later, finds nothing to do.
    await open();
    expect(
      (await withClient(url, (c) => c.query('SELECT COUNT(*) AS n FROM schema_migrations'))).rows[0].n,
    ).toBe(String(SCHEMA_VERSION));
  });

  it('refuses a database written by a newer backlab', async () => {
    await (await open()).close();
    await withClient(url, (c) =>
      c.query("INSERT INTO schema_migrations VALUES (99, '2030-01-01T00:00:00.000Z')"),
    );
    await expect(PostgresStore.open(url)).rejects.toThrow(
      `the database was written by a newer backlab (schema 99, this one knows ${SCHEMA_VERSION}); upgrade backlab`,
    );
  });

  it('lets concurrent uploads to two API servers past the rate limit together no more than one at a time', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const limits = { maxQueued: 100, rate: { max: 3, windowMs: 60_000 } };
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).createSubmission(upload(`s-${i}`), limits)),
    );
    expect(kinds(outcomes)).toEqual({ created: 3, 'rate-limited': 13 });
    expect(await a.recentSubmissionTimes('ada', '2000-01-01T00:00:00.000Z')).toHaveLength(3);
  });

  it('lets concurrent uploads and regrades to two API servers past the queue bound no more than one at a time', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const limits = { maxQueued: 5 };
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        (i % 2 ? a : b).createSubmission(upload(`s-${i}`, { learner: `learner-${i}` }), limits),
      ),
    );
    expect(kinds(outcomes)).toEqual({ created: 5, 'queue-full': 11 });
    // End two (as error), then regrade them from both servers at once with room for one more.
    const ended = outcomes
      .filter((o) => o.kind === 'created')
      .slice(0, 2)
      .map(createdOf);
    for (const s of ended) {
      await a.startAttempt(s.attempt.id, 'f', { maxFailures: 3, cause: 'stopped' });
      await a.recordInfraFailure(s.attempt.id, 'docker down', 1, 'f');
    }
    const regrades = await Promise.all(
      [a, b, a, b].map((store, i) => store.regrade(ended[i % 2].id, 'teacher', { maxQueued: 4 })),
    );
    expect(regrades.map((r) => r.kind).sort()).toEqual(['busy', 'queue-full', 'queue-full', 'queued']);
    expect((await b.countByState()).queued).toBe(4);
  });

  it('lets two deliveries of the same job start it once', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const id = createdOf(await a.createSubmission(upload('s-1'), { maxQueued: 10 })).attempt.id;
    const takeover = { maxFailures: 3, cause: 'stopped' };
    const [first, second] = await Promise.all([
      a.startAttempt(id, 'f1', takeover),
      b.startAttempt(id, 'f2', takeover),
    ]);
    // Whichever came second took over from the first: one failure, never two starts from queued.
    expect([first, second].map((o) => o.kind === 'started' && o.takenOver).sort()).toEqual([false, true]);
    expect((await a.findSubmission('s-1'))!.attempt.failures).toEqual(['stopped']);
  });
});

describe('PostgresStore while the server is away', () => {
  let url: string;
  let store: PostgresStore;
  let errors: Error[];
  beforeEach(async () => {
    errors = [];
    url = await freshDatabase();
    store = await PostgresStore.open(url, {
      connectTimeoutMs: 2000,
      onConnectionError: (e) => errors.push(e),
    });
  });
  afterEach(async () => {
    await store.close();
    await dropDatabase(url);
  });

  it('rejects a transaction in flight when the server stops as unavailable, and recovers', async () => {
    // Another "API server" holds the admission lock, so the upload waits inside its transaction.
    const holder = new Client({ connectionString: url });
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT pg_advisory_xact_lock(${LOCK_SPACE}, ${LOCKS.admission})`);
    const upload3 = store.createSubmission(upload('s-3'), { maxQueued: 10 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    const waiting = async () =>
      (
        await holder.query(
          "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'backlab'",
        )
      ).rows[0].n === '1';
    while (!(await waiting())) await new Promise((r) => setTimeout(r, 20));
    await server.stop();
    try {
      expect(await upload3).toBeInstanceOf(StoreUnavailableError);
    } finally {
      await server.start();
      await holder.end().catch(() => undefined);
    }
    expect(await store.findSubmission('s-3')).toBeUndefined();
    expect(await store.createSubmission(upload('s-3'), { maxQueued: 10 })).toMatchObject({ kind: 'created' });
  });

  it('fails fast as unavailable while it is stopped, and works again once it is back, without reopening', async () => {
    createdOf(await store.createSubmission(upload('s-1'), { maxQueued: 10 }));
    // Idle connections in the pool when the server goes: their errors must not crash the process.
    await Promise.all([store.findSubmission('s-1'), store.countByState(), store.listSubmissions({})]);
    await server.stop();
    try {
      for (const call of [
        () => store.findSubmission('s-1'),
        () => store.createSubmission(upload('s-2'), { maxQueued: 10 }),
        () => store.startAttempt(1, 'f', { maxFailures: 3, cause: 'stopped' }),
      ]) {
        const started = Date.now();
        const failure = await call().then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(failure).toBeInstanceOf(StoreUnavailableError);
        expect((failure as Error).message).toMatch(/^the submission database is unavailable: \S/);
        expect(Date.now() - started).toBeLessThan(3000);
      }
    } finally {
      await server.start();
    }
    expect(errors.length).toBeGreaterThan(0);
    expect(await store.findSubmission('s-1')).toMatchObject({ id: 's-1' });
    expect(await store.createSubmission(upload('s-2'), { maxQueued: 10 })).toMatchObject({ kind: 'created' });
    expect(await store.countByState()).toMatchObject({ queued: 2 });
  });
});
