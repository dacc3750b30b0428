import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../common/errors';
import { processIsAlive } from '../docker/cleanup';

const LOCK_FILE = 'server.pid';

/**
 * One server per data folder: SQLite and the embedded queue assume they are alone. The lock is a
 * pid file; one left by a process that died (kill -9, power loss) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<{ release(): Promise<void> }> {
  const path = join(dataDir, LOCK_FILE);
  for (let tries = 0; tries < 2; tries++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => rm(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processIsAlive(holder)) {
        throw new UserError(
          `another backlab server (pid ${holder}) is using ${dataDir}`,
          'Stop it first, or give this one its own --data folder.',
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new UserError(`could not lock ${dataDir}`, `Remove ${path} if no backlab server is running.`);
}
