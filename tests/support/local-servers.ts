import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

/**
 * Real Redis and PostgreSQL servers of a test's own, on 127.0.0.1 and a free port, from Debian's
 * packages (scripts/bootstrap.sh --for-tests installs them). Each test file starts its own, so it
 * can stop and restart them (what the scale-out mode must survive) without touching anything else.
 */

const run = promisify(execFile);
const PG_BIN = process.env.BACKLAB_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface LocalServer {
  url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port, with the data it had. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  remove(): Promise<void>;
}

async function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not start within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** redis-server with an append-only file fsynced on every write, as the deployment guide asks. */
export async function startRedis(): Promise<LocalServer> {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', [
      ...['--bind', '127.0.0.1', '--port', String(port), '--dir', dir],
      ...['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
    ]);
    child.stdout?.resume();
    child.stderr?.resume();
    await until('redis-server', async () => {
      const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'PING']);
      return stdout.trim() === 'PONG';
    });
  };
  const stop = async () => {
    if (!child) return;
    child.kill('SIGTERM');
    await waitForExit(child);
    child = undefined;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    remove: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

/** A fresh PostgreSQL cluster in a temporary folder, with a `backlab` database. */
export async function startPostgres(): Promise<LocalServer> {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  const port = await freePort();
  const [initdb, initArgs] = asServerUser(join(PG_BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'backlab',
    '--auth=trust',
    '--no-sync',
  ]);
  await run(initdb, initArgs);
  const pgCtl = (...args: string[]) => {
    const [command, all] = asServerUser(join(PG_BIN, 'pg_ctl'), ['-D', data, ...args]);
    return run(command, all);
  };
  const start = async () => {
    // Unix sockets in the cluster's own folder: nothing shared with a system server.
    await pgCtl('-w', '-l', join(dir, 'log'), '-o', `-h 127.0.0.1 -p ${port} -k ${dir} -F`, 'start');
  };
  const stop = async () => {
    await pgCtl('-w', '-m', 'fast', 'stop').catch(() => undefined);
  };
  await start();
  const [createdb, createArgs] = asServerUser(join(PG_BIN, 'createdb'), [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'backlab',
    'backlab',
  ]);
  await run(createdb, createArgs);
  return {
    url: `postgres://backlab@127.0.0.1:${port}/backlab`,
    start,
    stop,
    remove: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
