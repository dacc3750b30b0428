import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { UserError } from '../../common/errors';
import { migrate } from './sqlite-schema';

export const DATABASE_FILE = 'backlab.db';

/** The database holds token hashes and every learner's results: for the server's user only. */
const FILE_MODE = 0o600;

/**
 * Opens (creating if needed) the server database. WAL lets readers run while a grade is written;
 * synchronous=FULL makes a commit durable before the 202 answer goes out; busy_timeout lets
 * `backlab serve token create` write while the server runs.
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') restrictDatabaseFiles(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/**
 * Creates the file 0600 before SQLite does (it would follow the umask, usually 0644); SQLite
 * gives the -wal and -shm files it creates later the database file's mode. Files made by an
 * earlier version are narrowed too.
 */
function restrictDatabaseFiles(file: string): void {
  closeSync(openSync(file, 'a', FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, FILE_MODE);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPERM')
        throw new UserError(
          `cannot make ${path} readable by its owner only: it belongs to another user`,
          'Run backlab as the user that owns the data folder.',
        );
      if (code !== 'ENOENT') throw err;
    }
  }
}
