import { chmod, mkdir, stat } from 'node:fs/promises';
import type { ServerLog } from './server-log';

/** Archives hold learners' code (.env files included), the database their results: owner only. */
const FOLDER_MODE = 0o700;

/** Creates the data folder for the server's user only, narrowing one that others could read. */
export async function prepareDataDir(dataDir: string, log: ServerLog): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: FOLDER_MODE });
  const mode = (await stat(dataDir)).mode & 0o777;
  if (mode === FOLDER_MODE) return;
  await chmod(dataDir, FOLDER_MODE);
  log.warn('the data folder was open to other users; it is now readable by the server only', {
    dataDir,
    was: mode.toString(8),
  });
}
