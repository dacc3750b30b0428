import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceSpec } from '../services/environment';
import { mongodbAppEnv } from '../services/mongodb';
import { mysqlAppEnv } from '../services/mysql';
import { redisAppEnv } from '../services/redis';

/** The value of every service setting `backlab start` could not know yet: Docker was not there. */
export const PENDING = 'pending-backlab-start';

/** Lines of ours that are not settings; each `start` drops them and writes them anew when needed. */
const NOTE = '# backlab start:';

/**
 * The settings the services will have under every name they are given (as `Environment.appEnv`
 * names them), each a placeholder: their ports and passwords are only known once they run.
 */
export function pendingSettings(specs: ServiceSpec[]): Record<string, string> {
  const at = { host: PENDING, port: 0 };
  const names = specs.flatMap((spec) =>
    Object.keys(
      spec.kind === 'mysql'
        ? mysqlAppEnv(at, PENDING, PENDING, PENDING)
        : spec.kind === 'mongodb'
          ? mongodbAppEnv(at, PENDING, PENDING, PENDING)
          : spec.kind === 'redis'
            ? redisAppEnv(at)
            : {},
    ),
  );
  return Object.fromEntries(names.map((name) => [name, PENDING]));
}

/**
 * Writes backlab's settings into the folder's .env, first, and keeps the learner's own lines (a
 * session secret kept only there) after them. `note` lines, when given, head the file.
 */
export async function writeDotEnv(
  folder: string,
  settings: Record<string, string>,
  note: string[] = [],
): Promise<void> {
  const path = join(folder, '.env');
  const previous = await readFile(path, 'utf8').catch(() => '');
  const own = previous
    .split('\n')
    .filter((line) => !line.startsWith(NOTE) && !Object.hasOwn(settings, keyOf(line)))
    .join('\n')
    .trim();
  const lines = [
    ...note.map((line) => `${NOTE} ${line}`),
    ...Object.entries(settings).map(([k, v]) => `${k}=${v}`),
    ...(own ? ['', own] : []),
  ];
  await writeFile(path, `${lines.join('\n')}\n`);
}

function keyOf(line: string): string {
  return line
    .replace(/^\s*export\s+/, '')
    .split('=')[0]
    .trim();
}
