import { join } from 'node:path';
import { errorMessage, InfraError } from '../common/errors';
import { redactUrl } from '../common/redact-url';
import type { GraderReadiness } from './grading/grader';
import { ProgressHub } from './grading/progress-hub';
import { RedisProgressRelay } from './grading/redis-progress-relay';
import { BullmqJobQueue } from './queue/bullmq-job-queue';
import type { JobQueue } from './queue/job-queue';
import { SqliteJobQueue } from './queue/sqlite-job-queue';
import type { ServerLog } from './server-log';
import { DATABASE_FILE, openDatabase } from './store/open-database';
import { PostgresStore } from './store/postgres-store';
import { SqliteStore } from './store/sqlite-store';
import type { SubmissionStore } from './store/submission-store';

/**
 * Where the server's state lives. Embedded (the default): SQLite in the data folder holds both the
 * store and the queue, and progress stays in this process. Scale-out: the store in PostgreSQL, the
 * queue in BullMQ on Redis, and progress relayed through Redis, so API servers and workers on
 * several machines share them.
 */
export interface Backends {
  mode: 'embedded' | 'scale-out';
  store: SubmissionStore;
  queue: JobQueue;
  hub: ProgressHub;
  /** Scale-out: calls `listener` each time Redis answers again after it was lost. */
  onQueueReconnect?(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface ScaleOutUrls {
  /** redis://… for BullMQ and the progress relay. */
  queue: string;
  /** postgres://… for the submission store. */
  store: string;
}

export function openEmbeddedBackends(dataDir: string, leaseMs: number): Backends {
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  const store = new SqliteStore(db);
  return {
    mode: 'embedded',
    store,
    queue: new SqliteJobQueue(db, { leaseMs }),
    hub: new ProgressHub(),
    close: () => store.close(),
  };
}

/**
 * `role` api: this process serves event streams, so it subscribes to every grade's progress;
 * worker: it only publishes the progress of its own grades.
 */
export async function openScaleOutBackends(
  urls: ScaleOutUrls,
  opts: { leaseMs: number; log: ServerLog; role: 'api' | 'worker' },
): Promise<Backends> {
  const onError = (what: string) => (err: Error) =>
    opts.log.warn(`${what} connection`, { error: err.message });
  const store = await openSharedStore(urls.store);
  const opened: Array<{ close(): Promise<void> }> = [store];
  try {
    const queue = await reachable('queue', urls.queue, () =>
      BullmqJobQueue.open(urls.queue, { leaseMs: opts.leaseMs, onError: onError('redis queue') }),
    );
    opened.push(queue);
    const hub = new ProgressHub();
    const relay = await RedisProgressRelay.open(urls.queue, hub, {
      subscribe: opts.role === 'api',
      onError: onError('redis progress'),
    });
    opened.push(relay);
    return {
      mode: 'scale-out',
      store,
      queue,
      hub,
      onQueueReconnect: (listener) => queue.onReconnect(listener),
      close: async () => {
        for (const part of opened.reverse()) await part.close();
      },
    };
  } catch (err) {
    for (const part of opened.reverse()) await part.close().catch(() => undefined);
    throw err;
  }
}

/**
 * Readiness of a scale-out API server that grades nothing itself (--workers 0): Docker is the
 * workers' business; what this server needs is the store and the queue.
 */
export async function backendsReadiness(backends: Backends): Promise<GraderReadiness> {
  const docker = { reachable: false, error: 'not used here: backlab worker processes grade' };
  try {
    await Promise.all([backends.store.countByState(), backends.queue.stats()]);
    return { ready: true, docker, images: [] };
  } catch (err) {
    return {
      ready: false,
      reason: `the shared store or queue is unreachable: ${errorMessage(err)}`,
      docker,
      images: [],
    };
  }
}

/** The scale-out store alone (`serve token create --store`), with the same error when unreachable. */
export function openSharedStore(url: string): Promise<PostgresStore> {
  return reachable('store', url, () => PostgresStore.open(url));
}

/** A server that cannot be reached at start is the machine's problem, named with what to check. */
async function reachable<T>(what: 'store' | 'queue', url: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    const server = what === 'store' ? 'PostgreSQL' : 'Redis';
    const flag = what === 'store' ? '--store (or BACKLAB_STORE_URL)' : '--queue (or BACKLAB_QUEUE_URL)';
    throw new InfraError(
      `cannot use the ${what} at ${redactUrl(url)}: ${errorMessage(err)}`,
      `Check ${flag}, and that ${server} is running and accepts connections from this machine.`,
    );
  }
}
