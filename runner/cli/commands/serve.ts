import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../../common/errors';
import { parseDuration, parseSize } from '../../common/units';
import { DockerodeClient } from '../../docker/dockerode-client';
import { issueToken } from '../../server/auth/issue-token';
import { DEFAULT_RATE_LIMIT, parseRateLimit } from '../../server/api/rate-limit';
import { jsonLinesLog } from '../../server/server-log';
import { startServer } from '../../server/start-server';
import { DATABASE_FILE, openDatabase } from '../../server/store/open-database';
import { SqliteStore } from '../../server/store/sqlite-store';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../../server/uploads/upload-limits';
import { EXIT, type CliContext } from '../cli-context';

/** Where `backlab serve` keeps its database and uploads unless --data or BACKLAB_DATA says otherwise. */
export const DEFAULT_DATA_DIR = 'backlab-data';

export interface ServeOptions {
  host: string;
  port: string;
  data?: string;
  workers: string;
  maxUpload?: string;
  maxFiles?: string;
  maxUnpacked?: string;
  maxDepth?: string;
  rate?: string;
  maxQueue: string;
  lease: string;
  runtime?: string;
}

/** `backlab serve`: the submission server, until Ctrl-C or SIGTERM. */
export async function serve(ctx: CliContext, opts: ServeOptions): Promise<number> {
  const port = integer('--port', opts.port, 0, 65535);
  const workers = integer('--workers', opts.workers, 1, 64);
  const maxQueued = integer('--max-queue', opts.maxQueue, 1, 1_000_000);
  const leaseMs = duration('--lease', opts.lease);
  const rateLimit = opts.rate === undefined ? DEFAULT_RATE_LIMIT : parseRateLimit(opts.rate, parseDuration);
  if (!rateLimit)
    throw new UserError(
      `--rate "${opts.rate}" is not a rate`,
      'Write it as submissions per time, e.g. --rate 10/10m.',
    );
  const uploadLimits = uploadLimitsOf(opts);
  const dataDir = dataDirOf(ctx, opts.data);

  const server = await startServer({
    host: opts.host,
    port,
    dataDir,
    labsDir: ctx.labsDir,
    workers,
    uploadLimits,
    rateLimit,
    maxQueued,
    leaseMs,
    // The server starts without Docker too: submissions wait and /api/health says why.
    docker: new DockerodeClient(),
    hooks: ctx.hooks,
    ...((opts.runtime ?? ctx.runtime) ? { runtime: opts.runtime ?? ctx.runtime } : {}),
    log: jsonLinesLog(),
    onInstructorToken: (token) =>
      ctx.out(
        [
          'First start: created the instructor account "instructor". Its token, shown only this once:',
          '',
          `  ${token}`,
          '',
          'Keep it safe (the server stores only its hash). Create learner tokens with',
          '`backlab serve token create <learner>` or POST /api/tokens.',
        ].join('\n'),
      ),
  });
  ctx.hooks.add(() => server.close());
  ctx.out(
    `backlab server listening on ${server.url} (data in ${dataDir}, ${workers} worker${workers > 1 ? 's' : ''}); dashboard: ${server.url}/dashboard`,
  );
  // Runs until a signal: the CLI's handler closes the server through the shutdown hook.
  return new Promise<number>(() => undefined);
}

export interface TokenCreateOptions {
  name: string;
  data?: string;
  instructor: boolean;
  json: boolean;
}

/** `backlab serve token create <learner>`: writes to the server's database directly (it may be running). */
export async function serveTokenCreate(ctx: CliContext, opts: TokenCreateOptions): Promise<number> {
  const dataDir = dataDirOf(ctx, opts.data);
  const database = join(dataDir, DATABASE_FILE);
  if (!existsSync(database)) {
    throw new UserError(
      `no backlab server data in ${dataDir}`,
      'Pass the --data folder the server uses (or set BACKLAB_DATA); the server creates it on its first start.',
    );
  }
  const store = new SqliteStore(openDatabase(database));
  try {
    const { account, token } = await issueToken(store, opts.name, opts.instructor ? 'instructor' : 'learner');
    ctx.out(
      opts.json
        ? JSON.stringify({ name: account.name, role: account.role, token }, null, 2)
        : `Token for ${account.role} ${account.name} (shown only now):\n  ${token}`,
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

function dataDirOf(ctx: CliContext, option: string | undefined): string {
  return resolve(ctx.cwd, option ?? process.env.BACKLAB_DATA ?? DEFAULT_DATA_DIR);
}

function uploadLimitsOf(opts: ServeOptions): UploadLimits {
  return {
    maxCompressedBytes:
      opts.maxUpload === undefined
        ? DEFAULT_UPLOAD_LIMITS.maxCompressedBytes
        : size('--max-upload', opts.maxUpload),
    maxEntries:
      opts.maxFiles === undefined
        ? DEFAULT_UPLOAD_LIMITS.maxEntries
        : integer('--max-files', opts.maxFiles, 1, 10_000_000),
    maxUnpackedBytes:
      opts.maxUnpacked === undefined
        ? DEFAULT_UPLOAD_LIMITS.maxUnpackedBytes
        : size('--max-unpacked', opts.maxUnpacked),
    maxPathDepth:
      opts.maxDepth === undefined
        ? DEFAULT_UPLOAD_LIMITS.maxPathDepth
        : integer('--max-depth', opts.maxDepth, 1, 1000),
  };
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UserError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

function size(flag: string, text: string): number {
  const value = parseSize(text);
  if (!value) throw new UserError(`${flag} "${text}" is not a size`, 'Write it like 10m, 512k or 1g.');
  return value;
}

function duration(flag: string, text: string): number {
  const value = parseDuration(text);
  if (!value) throw new UserError(`${flag} "${text}" is not a duration`, 'Write it like 30s or 2m.');
  return value;
}
