import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InfraError } from '../common/errors';
import { archiveFiles } from '../docker/archive';
import { IMAGE } from '../docker/images/catalog';
import { resourceName, randomSecret } from '../docker/names';
import { startContainer } from '../docker/start-container';
import { LogLineWait } from '../docker/wait/log-line-wait';
import { withRole } from '../docker/labels';
import { askServerVersion } from './server-version';
import type { Endpoint, RunningService, ServiceContext } from './service';

export interface MysqlOptions {
  database: string;
  /** Absolute paths of SQL files applied in order at start and on every reset. */
  initScripts: string[];
  memoryBytes?: number;
}

const PORT = 3306;
/** BACKLAB_READY_LINE of docker/mariadb/db-lib.sh. */
const READY_LINE = 'backlab: MariaDB is ready for connections';
const USER = 'lab';

/**
 * A MySQL-compatible server (MariaDB) with a fresh database, a lab user with a random password,
 * and the lab's init scripts applied. Ready means the lab user can run SELECT 1 over TCP, which
 * the image's start script checks after the init scripts succeeded, and then logs a line for.
 */
export async function startMysql(ctx: ServiceContext, opts: MysqlOptions): Promise<RunningService> {
  const password = randomSecret();
  const rootPassword = randomSecret();
  const scripts = await Promise.all(
    opts.initScripts.map(async (path, i) => ({
      name: `${String(i + 1).padStart(2, '0')}-${basename(path)}`,
      content: await readFile(path),
    })),
  );
  const env = {
    BACKLAB_DB_NAME: opts.database,
    BACKLAB_DB_USER: USER,
    BACKLAB_DB_PASSWORD: password,
    BACKLAB_ROOT_PASSWORD: rootPassword,
  };
  const state = await startContainer(
    ctx.docker,
    {
      name: resourceName(ctx.runId, 'mysql'),
      image: IMAGE.mariadb,
      labels: withRole(ctx.labels, 'mysql'),
      env,
      network: { name: ctx.network, aliases: ['mysql'] },
      publish: ctx.publish ? [PORT] : [],
      // The data of a run is thrown away with it: tmpfs makes start and resets fast.
      mounts: [{ type: 'tmpfs', target: '/var/lib/mysql', sizeBytes: 512 * 1024 ** 2 }],
      limits: { memoryBytes: opts.memoryBytes ?? 768 * 1024 ** 2, pids: 512 },
      logMaxBytes: 1024 ** 2,
    },
    {
      subject: 'MySQL',
      timeoutMs: ctx.timeoutMs,
      prepare: async (id) => {
        if (scripts.length) await ctx.docker.putArchive(id, '/backlab/initdb', await archiveFiles(scripts));
      },
      // The start script says so once the lab user ran SELECT 1 over TCP (docker/mariadb/start.sh).
      wait: new LogLineWait(
        'MySQL',
        `become ready for user ${USER} on database ${opts.database}`,
        (line) => line === READY_LINE,
      ),
    },
  );
  const internal: Endpoint = { host: 'mysql', port: PORT };
  const published = state.ports[PORT] ? { host: '127.0.0.1', port: state.ports[PORT] } : undefined;
  // Asked now, while the run goes on to install the app, so the result's provenance costs no wait.
  const version = askServerVersion(
    ctx.docker,
    state.id,
    [
      'mariadb',
      '--protocol=TCP',
      '-h',
      '127.0.0.1',
      '-u',
      USER,
      opts.database,
      '-N',
      '-e',
      'SELECT VERSION()',
    ],
    (output) => output.split('\n')[0] || undefined,
    { env: { MYSQL_PWD: password } },
  );
  return {
    kind: 'mysql',
    title: 'MySQL',
    containerId: state.id,
    internal,
    published,
    appEnv: (at) => mysqlAppEnv(at, opts.database, USER, password),
    kitEnv: () => ({
      BACKLAB_MYSQL_HOST: internal.host,
      BACKLAB_MYSQL_PORT: String(internal.port),
      BACKLAB_MYSQL_USER: USER,
      BACKLAB_MYSQL_PASSWORD: password,
      BACKLAB_MYSQL_DATABASE: opts.database,
    }),
    reset: async () => {
      const result = await ctx.docker.exec(state.id, ['backlab-db-reset']);
      if (result.exitCode !== 0) {
        throw new InfraError(`MySQL reset failed: ${(result.stderr || result.stdout).trim()}`);
      }
    },
    summary: () => `database ${opts.database}, user ${USER}`,
    origin: async () => ({ implementation: 'mariadb', image: IMAGE.mariadb, version: await version }),
  };
}

/**
 * Every spelling of MySQL settings that learners' apps and common boilerplates read (Express and
 * Sequelize generators, Railway-style MYSQLHOST, Laravel-style DB_CONNECTION). HOST is not among
 * them: apps use it for their own bind address as often as for the database's.
 */
export function mysqlAppEnv(
  at: Endpoint,
  database: string,
  user: string,
  password: string,
): Record<string, string> {
  const host = at.host;
  const port = String(at.port);
  const url = `mysql://${user}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
  const names = (prefixes: string[], suffixes: string[], value: string) =>
    Object.fromEntries(prefixes.flatMap((p) => suffixes.map((s) => [`${p}${s}`, value])));
  return {
    DATABASE_URL: url,
    MYSQL_URL: url,
    DB_URL: url,
    ...names(['MYSQL_', 'DB_', 'DATABASE_', 'MYSQL'], ['HOST'], host),
    ...names(['DB_', 'DATABASE_'], ['HOSTNAME', 'SERVER'], host),
    ...names(['MYSQL_', 'DB_', 'DATABASE_', 'MYSQL'], ['PORT'], port),
    ...names(['MYSQL_', 'DB_', 'DATABASE_', 'MYSQL'], ['USER'], user),
    ...names(['MYSQL_', 'DB_', 'DATABASE_'], ['USERNAME'], user),
    ...names(['MYSQL_', 'DB_', 'DATABASE_', 'MYSQL'], ['PASSWORD'], password),
    ...names(['MYSQL_', 'DB_'], ['PASS', 'PWD'], password),
    ...names(['MYSQL_', 'DB_', 'MYSQL'], ['DATABASE'], database),
    ...names(['MYSQL_', 'DB_', 'DATABASE_'], ['NAME', 'DB'], database),
    DB_DIALECT: 'mysql',
    DB_CONNECTION: 'mysql',
  };
}
