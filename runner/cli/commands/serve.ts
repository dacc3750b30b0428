import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../../common/errors';
import { redactUrl } from '../../common/redact-url';
import { parseDuration, parseSize } from '../../common/units';
import { DockerodeClient } from '../../docker/dockerode-client';
import { issueToken } from '../../server/auth/issue-token';
import { DEFAULT_RATE_LIMIT, parseRateLimit } from '../../server/api/rate-limit';
import { jsonLinesLog } from '../../server/server-log';
import type { ScaleOutUrls } from '../../server/backends';
import { startServer } from '../../server/start-server';
import { DATABASE_FILE, openDatabase } from '../../server/store/open-database';
import { SqliteStore } from '../../server/store/sqlite-store';
import type { SubmissionStore } from '../../server/store/submission-store';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../../server/uploads/upload-limits';
import { EXIT, type CliContext } from '../cli-context';

/** Where `backlab serve` keeps its database and uploads unless --data or BACKLAB_DATA says otherwise. */
export const DEFAULT_DATA_DIR = 'backlab-data';

export interface UploadLimitOptions {
  maxUpload?: string;
  maxFiles?: string;
  maxUnpacked?: string;
  maxDepth?: string;
}

export interface ServeOptions extends UploadLimitOptions {
  host: string;
  port: string;
  data?: string;
  workers: string;
  rate?: string;
  maxQueue: string;
  lease: string;
  runtime?: string;
  queue?: string;
  store?: string;
}

/** `backlab serve`: the submission server, until Ctrl-C or SIGTERM. */
export async function serve(ctx: CliContext, opts: ServeOptions): Promise<number> {
  const port = integer('--port', opts.port, 0, 65535);
  const scaleOut = scaleOutUrls(opts);
  // With a shared queue, an API server may leave all grading to `backlab worker`s.
  if (!scaleOut && opts.workers.trim() === '0')
    throw new UserError(
      '--workers 0 leaves nobody to grade: an embedded server grades its submissions itself',
      'Give --workers 1 or more, or --queue and --store so that `backlab worker` processes grade.',
    );
  const workers = integer('--workers', opts.workers, scaleOut ? 0 : 1, 64);
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
    ...(scaleOut ? { scaleOut } : {}),
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
  const where = scaleOut ? `archives in ${dataDir}, store and queue shared` : `data in ${dataDir}`;
  ctx.out(
    `backlab server listening on ${server.url} (${where}, ${workers} worker${workers === 1 ? '' : 's'}); dashboard: ${server.url}/dashboard`,
  );
  // Runs until a signal: the CLI's handler closes the server through the shutdown hook.
  return new Promise<number>(() => undefined);
}

export interface TokenCreateOptions {
  name: string;
  data?: string;
  store?: string;
  instructor: boolean;
  json: boolean;
}

/**
 * `backlab serve token create <learner>`: writes to the server's store directly (it may be
 * running): the data folder's SQLite, or with --store (BACKLAB_STORE_URL) the PostgreSQL of a
 * scale-out server.
 */
export async function serveTokenCreate(ctx: CliContext, opts: TokenCreateOptions): Promise<number> {
  const store = await openStoreForTokens(ctx, opts);
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

async function openStoreForTokens(ctx: CliContext, opts: TokenCreateOptions): Promise<SubmissionStore> {
  const url = opts.store ?? process.env.BACKLAB_STORE_URL;
  if (url) {
    checkUrl('--store', url, ['postgres:', 'postgresql:']);
    const { openSharedStore } = await import('../../server/backends');
    return openSharedStore(url);
  }
  const dataDir = dataDirOf(ctx, opts.data);
  const database = join(dataDir, DATABASE_FILE);
  if (!existsSync(database)) {
    throw new UserError(
      `no backlab server data in ${dataDir}`,
      'Pass the --data folder the server uses (or set BACKLAB_DATA), or --store for a scale-out server; the server creates it on its first start.',
    );
  }
  return new SqliteStore(openDatabase(database));
}

export function dataDirOf(ctx: CliContext, option: string | undefined): string {
  return resolve(ctx.cwd, option ?? process.env.BACKLAB_DATA ?? DEFAULT_DATA_DIR);
}

export function uploadLimitsOf(opts: UploadLimitOptions): UploadLimits {
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

export function integer(flag: string, text: string, min: number, max: number): number {
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

export function duration(flag: string, text: string): number {
  const value = parseDuration(text);
  if (!value) throw new UserError(`${flag} "${text}" is not a duration`, 'Write it like 30s or 2m.');
  return value;
}

/**
 * The scale-out mode's URLs, from --queue/--store or BACKLAB_QUEUE_URL/BACKLAB_STORE_URL (which
 * keep passwords off the process list); undefined for the embedded mode. Both or neither.
 */
export function scaleOutUrls(opts: { queue?: string; store?: string }): ScaleOutUrls | undefined {
  const queue = opts.queue ?? process.env.BACKLAB_QUEUE_URL;
  const store = opts.store ?? process.env.BACKLAB_STORE_URL;
  if (!queue && !store) return undefined;
  if (!queue || !store)
    throw new UserError(
      `--${queue ? 'store' : 'queue'} is missing: the scale-out mode needs both a queue and a store`,
      'Give --queue redis://HOST:6379 and --store postgres://USER@HOST/DB (or BACKLAB_QUEUE_URL and BACKLAB_STORE_URL), or neither for the embedded SQLite mode.',
    );
  checkUrl('--queue', queue, ['redis:', 'rediss:']);
  checkUrl('--store', store, ['postgres:', 'postgresql:']);
  return { queue, store };
}

function checkUrl(flag: string, text: string, protocols: string[]): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(text).protocol;
  } catch {
    protocol = undefined;
  }
  if (!protocol || !protocols.includes(protocol))
    throw new UserError(
      `${flag} must be a ${protocols.map((p) => `${p}//…`).join(' or ')} URL, not "${redactUrl(text)}"`,
    );
}
