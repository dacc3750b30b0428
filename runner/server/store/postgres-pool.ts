import { Pool, types, type CustomTypesConfig, type PoolClient, type QueryResultRow } from 'pg';
import { unavailableOr } from './store-unavailable';

/** How PostgresStore connects; `now` is the clock its records' times come from (tests set it). */
export interface PostgresOptions {
  now?: () => Date;
  /** How long a call waits for a connection (new or from the pool) before it fails as unavailable. */
  connectTimeoutMs?: number;
  /** Connections this process keeps at most. */
  maxConnections?: number;
  /** Hears errors of idle connections (the server went away); the pool has dropped them already. */
  onConnectionError?: (err: Error) => void;
}

/** Queries, in a transaction or not. Errors of a connection that failed are StoreUnavailableError. */
export interface Sql {
  rows<T extends QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  row<T extends QueryResultRow>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** Runs a statement; how many rows it changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

/**
 * Transaction-scoped advisory locks (pg_advisory_xact_lock(space, key)): released by COMMIT or
 * ROLLBACK, or by the server when the session dies, so a crashed process cannot keep one.
 */
export const LOCK_SPACE = 0x626c6162; // "blab"
export const LOCKS = { migrations: 1, admission: 2 } as const;

export function lockSql(key: number): string {
  return `SELECT pg_advisory_xact_lock(${LOCK_SPACE}, ${key})`;
}

/**
 * Counts (COUNT(*) is bigint) as numbers, as SQLite gives them: every bigint here (a count, an
 * archive's bytes) is far below 2^53.
 */
const NUMERIC_BIGINTS: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/** A process's connections to the store's PostgreSQL database. */
export class PgDatabase implements Sql {
  private readonly pool: Pool;

  constructor(url: string, opts: PostgresOptions = {}) {
    this.pool = new Pool({
      connectionString: url,
      max: opts.maxConnections ?? 10,
      // A request waits this long at most for the database, then answers 503 instead of hanging.
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      // A peer that vanished without closing (a cut network) is noticed on idle connections too.
      keepAlive: true,
      // A process frozen inside a transaction must not hold the admission lock for long.
      idle_in_transaction_session_timeout: 30_000,
      application_name: 'backlab',
      types: NUMERIC_BIGINTS,
    });
    // An idle connection whose server stopped emits 'error' on the pool, which has removed it
    // already; unheard, the event would crash the process. The next call connects anew, so the
    // store comes back by itself when the server does.
    this.pool.on('error', (err) => opts.onConnectionError?.(err));
  }

  async rows<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query<T>(sql, params)).rows;
    } catch (err) {
      throw unavailableOr(err);
    }
  }

  async row<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.rows<T>(sql, params))[0];
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    try {
      return (await this.pool.query(sql, params)).rowCount ?? 0;
    } catch (err) {
      throw unavailableOr(err);
    }
  }

  /**
   * Runs `work` in one transaction (READ COMMITTED: each statement sees what committed before it
   * started, which is what the advisory locks serialize on), committed if it returns and rolled
   * back if it throws.
   */
  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((err: unknown) => {
      throw unavailableOr(err);
    });
    // The pool listens for errors of idle connections only: one that breaks while checked out
    // emits 'error' on the client, which must be heard (or the process crashes) and then
    // destroyed rather than returned to the pool.
    let broken: Error | undefined;
    const onError = (err: Error) => (broken ??= err);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(clientSql(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken ??= rollbackErr));
      throw unavailableOr(err);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

function clientSql(client: PoolClient): Sql {
  const query = async <T extends QueryResultRow>(sql: string, params: unknown[]) => {
    try {
      return await client.query<T>(sql, params);
    } catch (err) {
      throw unavailableOr(err);
    }
  };
  return {
    rows: async <T extends QueryResultRow>(sql: string, params: unknown[] = []) =>
      (await query<T>(sql, params)).rows,
    row: async <T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T | undefined> =>
      (await query<T>(sql, params)).rows[0],
    run: async (sql: string, params: unknown[] = []) => (await query(sql, params)).rowCount ?? 0,
  };
}
