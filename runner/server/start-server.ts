import { once } from 'node:events';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../common/errors';
import { sleep } from '../common/poll';
import type { ShutdownHooks } from '../common/shutdown';
import type { DockerClient } from '../docker/docker-client';
import { issueToken } from './auth/issue-token';
import {
  backendsReadiness,
  openEmbeddedBackends,
  openScaleOutBackends,
  type Backends,
  type ScaleOutUrls,
} from './backends';
import { createApp } from './create-app';
import { prepareDataDir } from './data-dir';
import { lockDataDir } from './data-dir-lock';
import { acquireLeadership } from './queue/leadership';
import { withCachedReadiness } from './grading/cached-readiness';
import { DockerGrader } from './grading/docker-grader';
import type { Grader } from './grading/grader';
import { QueueResync } from './grading/queue-resync';
import { WorkerPool } from './grading/worker-pool';
import { LabRegistry } from './lab-registry';
import type { RateLimit } from './api/rate-limit';
import type { ServerLog } from './server-log';
import { prepareUploadFolders, UPLOADS_DIR, WORK_DIR } from './uploads/archive-files';
import type { UploadLimits } from './uploads/upload-limits';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  labsDir: string;
  /** Grades run by this process at the same time; 0 (scale-out only) leaves grading to `backlab worker`s. */
  workers: number;
  /** The scale-out mode: PostgreSQL and Redis instead of the data folder's SQLite. */
  scaleOut?: ScaleOutUrls;
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
  /** Heartbeat of server-sent event streams (15 s by default). */
  heartbeatMs?: number;
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
  const { backends, release } = await openBackends(dataDir, opts);
  const { store, queue, hub } = backends;
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
  const workerDeps = {
    store,
    queue,
    grader,
    labs,
    hub,
    log: opts.log,
    dataDir,
    workRoot: join(dataDir, WORK_DIR),
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
  const resync = await startResync(backends, opts);
  pool.start();

  const app = createApp({
    ...workerDeps,
    readiness:
      opts.scaleOut && opts.workers === 0 ? () => backendsReadiness(backends) : () => grader.readiness(),
    workers: pool,
    rateLimit: opts.rateLimit,
    maxQueued: opts.maxQueued,
    ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}),
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
        await resync.stop();
        await Promise.race([pool.drained(), sleep(opts.drainTimeoutMs ?? 10_000)]);
        const closed = new Promise<void>((done) => server.close(() => done()));
        // Event streams never end on their own.
        server.closeAllConnections();
        await closed;
        await backends.close();
        await release();
        opts.log.info('stopped');
      })()),
  };
}

/**
 * Embedded: the data folder is this server's alone (locked), and what a previous process left
 * half-done in it is removed. Scale-out: several API servers may share the data folder (shared
 * storage for archives), so it is neither locked nor swept.
 */
async function openBackends(
  dataDir: string,
  opts: ServerOptions,
): Promise<{ backends: Backends; release: () => Promise<void> }> {
  if (opts.scaleOut) {
    await prepareUploadFolders(dataDir);
    const backends = await openScaleOutBackends(opts.scaleOut, {
      leaseMs: opts.leaseMs,
      log: opts.log,
      role: 'api',
    });
    return { backends, release: async () => undefined };
  }
  const lock = await lockDataDir(dataDir);
  // Half-received uploads and unpacked copies of a previous process are worthless now.
  await rm(join(dataDir, UPLOADS_DIR), { recursive: true, force: true });
  await rm(join(dataDir, WORK_DIR), { recursive: true, force: true });
  await prepareUploadFolders(dataDir);
  return { backends: openEmbeddedBackends(dataDir, opts.leaseMs), release: () => lock.release() };
}

const RESYNC_EVERY_MS = 30_000;
/** A dead leader's successor takes over within about this. */
const LEADER_TTL_MS = 15_000;

/**
 * The queue rebuilt from the store: once at start when embedded (this process is alone), and by the
 * one leader among scale-out API servers at start and then periodically.
 */
async function startResync(backends: Backends, opts: ServerOptions): Promise<{ stop(): Promise<void> }> {
  const resync = new QueueResync(backends.store, backends.queue, opts.log);
  if (!opts.scaleOut) {
    await resync.once();
    return { stop: async () => undefined };
  }
  const leadership = await acquireLeadership(opts.scaleOut.queue, 'queue-resync', LEADER_TTL_MS, {
    onGained: () => {
      opts.log.info('leading: this server re-syncs the queue from the store');
      resync.start(RESYNC_EVERY_MS);
    },
    onLost: () => resync.stop(),
    onError: (err) => opts.log.warn('leadership', { error: errorMessage(err) }),
  });
  // Redis back after an outage may have lost jobs: the leader puts them back at once.
  const unsubscribe = backends.onQueueReconnect?.(() => {
    if (leadership.isLeader()) void resync.once().catch(() => undefined);
  });
  return {
    stop: async () => {
      unsubscribe?.();
      resync.stop();
      await leadership.release();
    },
  };
}
