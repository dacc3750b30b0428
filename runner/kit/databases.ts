import type { Connection } from 'mysql2/promise';
import type { Db, MongoClient } from 'mongodb';
import { KIT_ENV, requireEnv } from './env';

let mysqlConnection: Promise<Connection> | undefined;
let mongoClient: Promise<MongoClient> | undefined;

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

export async function closeDatabases(): Promise<void> {
  const [m, c] = [mysqlConnection, mongoClient];
  mysqlConnection = undefined;
  mongoClient = undefined;
  await Promise.allSettled([m?.then((conn) => conn.end()), c?.then((client) => client.close())]);
}

// Registered once per test file when jest provides afterAll, so suites never leak connections.
const g = globalThis as { afterAll?: (fn: () => Promise<void>) => void };
if (typeof g.afterAll === 'function') g.afterAll(closeDatabases);
