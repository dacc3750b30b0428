import Database from 'better-sqlite3';
import { migrate } from './sqlite-schema';

export const DATABASE_FILE = 'backlab.db';

/**
 * Opens (creating if needed) the server database. WAL lets readers run while a grade is written;
 * synchronous=FULL makes a commit durable before the 202 answer goes out; busy_timeout lets
 * `backlab serve token create` write while the server runs.
 */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
