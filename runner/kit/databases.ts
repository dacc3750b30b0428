import type { Connection } from 'mysql2/promise';
import type { Redis } from 'ioredis';
import type { Db, MongoClient } from 'mongodb';
import { KIT_ENV, requireEnv } from './env';

let mysqlConnection: Promise<Connection> | undefined;
let mongoClient: Promise<MongoClient> | undefined;
let redisClient: Promise<Redis> | undefined;

/** A mysql2/promise connection to the lab database with the run's credentials. Closed after the file. */
export function mysql(): Promise<Connection> {
  mysqlConnection ??= newMysqlSession();
  return mysqlConnection;
}

/**
 * A separate session on the lab database (a second user of the app, a concurrent transaction).
 * The caller closes it with `end()`.
 */
export async function newMysqlSession(): Promise<Connection> {
  // Loaded on first use: each test file loads its modules afresh, and a lab of one database
  // should not pay for the other's driver in every file.
  const { createConnection } = await import('mysql2/promise');
  return createConnection({
    host: requireEnv(KIT_ENV.mysqlHost, 'MySQL'),
    port: Number(process.env[KIT_ENV.mysqlPort] ?? 3306),
    user: requireEnv(KIT_ENV.mysqlUser, 'MySQL'),
    password: requireEnv(KIT_ENV.mysqlPassword, 'MySQL'),
    database: requireEnv(KIT_ENV.mysqlDatabase, 'MySQL'),
    multipleStatements: true,
  });
}

/** The lab's MongoDB database with the run's credentials. Closed after the file. */
export async function mongo(): Promise<Db> {
  const { MongoClient } = await import('mongodb');
  mongoClient ??= new MongoClient(requireEnv(KIT_ENV.mongoUri, 'MongoDB')).connect();
  const client = await mongoClient;
  return client.db(requireEnv(KIT_ENV.mongoDatabase, 'MongoDB'));
}

/**
 * MariaDB's server-wide status counters (SHOW GLOBAL STATUS), by name: `Com_select` counts the
 * SELECTs every client ran, the app's included, which is how a suite sees whether a cache spared
 * the database. Reading them runs a SHOW, which counts under Com_show_status, not Com_select.
 */
export async function mysqlStatus(...names: string[]): Promise<Record<string, number>> {
  const [rows] = await (await mysql()).query('SHOW GLOBAL STATUS');
  const all = rows as { Variable_name: string; Value: string }[];
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  return Object.fromEntries(
    all
      .filter((row) => wanted.has(row.Variable_name.toLowerCase()))
      .map((row) => [row.Variable_name, Number(row.Value)]),
  );
}

/** The SELECTs every MySQL client ran while `work` ran: 0 when a cache answered. Run no query of your own in it. */
export async function mysqlSelectsDuring<T>(work: () => Promise<T>): Promise<{ result: T; selects: number }> {
  const before = (await mysqlStatus('Com_select')).Com_select;
  const result = await work();
  const after = (await mysqlStatus('Com_select')).Com_select;
  return { result, selects: after - before };
}

/** An ioredis client on the lab's Redis, to read what the app cached (keys, TTLs, INFO). Closed after the file. */
export function redis(): Promise<Redis> {
  redisClient ??= (async () => {
    const { Redis } = await import('ioredis');
    const client = new Redis(requireEnv(KIT_ENV.redisUrl, 'Redis'), {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
    });
    await client.connect();
    return client;
  })();
  return redisClient;
}

/** Redis's keyspace hits and misses since the stage began (the reset zeroes them). */
export async function redisHitsAndMisses(): Promise<{ hits: number; misses: number }> {
  const info = await (await redis()).info('stats');
  const read = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  return { hits: read('keyspace_hits'), misses: read('keyspace_misses') };
}

/**
 * The Redis keys whose value (a string, or a hash's fields) holds `text`, such as a product's
 * name: how a suite finds what the app cached without prescribing its key names.
 */
export async function redisKeysHolding(text: string): Promise<string[]> {
  const client = await redis();
  const found: string[] = [];
  for (const key of await client.keys('*')) {
    const type = await client.type(key);
    const value =
      type === 'string'
        ? await client.get(key)
        : type === 'hash'
          ? JSON.stringify(await client.hgetall(key))
          : '';
    if (value?.includes(text)) found.push(key);
  }
  return found;
}

export async function closeDatabases(): Promise<void> {
  const [m, c, r] = [mysqlConnection, mongoClient, redisClient];
  mysqlConnection = undefined;
  mongoClient = undefined;
  redisClient = undefined;
  await Promise.allSettled([
    m?.then((conn) => conn.end()),
    c?.then((client) => client.close()),
    r?.then((client) => client.quit()),
  ]);
}

// Registered once per test file when jest provides afterAll, so suites never leak connections.
const g = globalThis as { afterAll?: (fn: () => Promise<void>) => void };
if (typeof g.afterAll === 'function') g.afterAll(closeDatabases);
