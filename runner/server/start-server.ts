import { once } from 'node:events';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { sleep } from '../common/poll';
import type { ShutdownHooks } from '../common/shutdown';
import type { DockerClient } from '../docker/docker-client';
import { issueToken } from './auth/issue-token';
import { createApp } from './create-app';
import { prepareDataDir } from './data-dir';
import { lockDataDir } from './data-dir-lock';
import { withCachedReadiness } from './grading/cached-readiness';
import { DockerGrader } from './grading/docker-grader';
import type { Grader } from './grading/grader';
import { ProgressHub } from './grading/progress-hub';
import { WorkerPool } from './grading/worker-pool';
import { LabRegistry } from './lab-registry';
import { SqliteJobQueue } from './queue/sqlite-job-queue';
import type { RateLimit } from './api/rate-limit';
import type { ServerLog } from './server-log';
import { DATABASE_FILE, openDatabase } from './store/open-database';
import { SqliteStore } from './store/sqlite-store';
import { prepareUploadFolders, UPLOADS_DIR, WORK_DIR } from './uploads/archive-files';
import type { UploadLimits } from './uploads/upload-limits';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  labsDir: string;
  workers: number;
  uploadLimits: UploadLimits;
  rateLimit: RateLimit;
  maxQueued: number;
  /** How long a worker's claim on a job lasts without renewal. */
  leaseMs: number;
  maxInfraFailures?: number;
  retryDelayMs?: (failures: number) => number;
  /** The engine the Docker grader uses; not needed when `grader` is given. */
  docker?: DockerClient;
  /** Where grades register container teardown, run on SIGINT/SIGTERM. */
  hooks: ShutdownHooks;
  runtime?: string;
  log: ServerLog;
  /** Called once, on the very first start, with the instructor token (it is stored hashed). */
  onInstructorToken: (token: string) => void;
  /** Tests replace the Docker grader. */
  grader?: Grader;
  /** On close, how long to wait for grades in progress to return (their jobs are already requeued). */
  drainTimeoutMs?: number;
  /** How long a readiness check (Docker, images) is trusted; 5 s by default. */
  readinessTtlMs?: number;
  /** Waits between tries to remove the containers of grades that failed as infrastructure. */
  teardownDelaysMs?: number[];
}

function dockerGrader(opts: ServerOptions): Grader {
  if (!opts.docker) throw new Error('internal: startServer needs docker or a grader');
  return new DockerGrader({ docker: opts.docker, hooks: opts.hooks, runtime: opts.runtime });
}

export interface RunningServer {
  url: string;
  /** Stops taking jobs (running ones go back to the queue), closes HTTP and the database. */
  close(): Promise<void>;
}

const READINESS_TTL_MS = 5000;
export const DEFAULT_INSTRUCTOR = 'instructor';

/** `backlab serve`: the data folder, store, queue, workers and the HTTP app, wired and listening. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const dataDir = resolve(opts.dataDir);
  await prepareDataDir(dataDir, opts.log);
  const lock = await lockDataDir(dataDir);
  // Half-received uploads and unpacked copies of a previous process are worthless now.
  await rm(join(dataDir, UPLOADS_DIR), { recursive: true, force: true });
  await rm(join(dataDir, WORK_DIR), { recursive: true, force: true });
  await prepareUploadFolders(dataDir);

  const db = openDatabase(join(dataDir, DATABASE_FILE));
  const store = new SqliteStore(db);
  const queue = new SqliteJobQueue(db, { leaseMs: opts.leaseMs });
  if ((await store.countAccounts('instructor')) === 0) {
    const { token } = await issueToken(store, DEFAULT_INSTRUCTOR, 'instructor');
    opts.onInstructorToken(token);
  }
  const labs = await LabRegistry.load(opts.labsDir);
  for (const broken of labs.broken)
    opts.log.warn('lab not loaded', { lab: broken.id, problems: broken.errors.length });

  const grader = withCachedReadiness(
    opts.grader ?? dockerGrader(opts),
    opts.readinessTtlMs ?? READINESS_TTL_MS,
  );
  const hub = new ProgressHub();
  const workerDeps = {
    store,
    queue,
    grader,
    labs,
    hub,
    log: opts.log,
    dataDir,
    uploadLimits: opts.uploadLimits,
    leaseMs: opts.leaseMs,
    maxInfraFailures: opts.maxInfraFailures ?? 3,
    retryDelayMs: opts.retryDelayMs ?? ((failures: number) => failures * 10_000),
  };
  const pool = new WorkerPool(workerDeps, {
    workers: opts.workers,
    instanceId: `${hostname()}:${process.pid}`,
    teardownDelaysMs: opts.teardownDelaysMs,
  });
  await pool.start();

  const app = createApp({
    ...workerDeps,
    workers: pool,
    rateLimit: opts.rateLimit,
    maxQueued: opts.maxQueued,
  });
  const server: Server = app.listen(opts.port, opts.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  opts.log.info('listening', { url, dataDir, workers: opts.workers, labs: labs.ids() });

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closing ??= (async () => {
        await pool.stop();
        await Promise.race([pool.drained(), sleep(opts.drainTimeoutMs ?? 10_000)]);
        const closed = new Promise<void>((done) => server.close(() => done()));
        // Event streams never end on their own.
        server.closeAllConnections();
        await closed;
        await store.close();
        await lock.release();
        opts.log.info('stopped');
      })()),
  };
}
