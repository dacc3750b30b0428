import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Queue, Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import type { JobQueue, Lease, QueueStats } from './job-queue';
import {
  closeRedis,
  openRedis,
  RedisErrorReporter,
  waitReady,
  withTimeout,
  type RedisErrorListener,
} from './redis-connection';

export const GRADING_QUEUE = 'backlab-grading';

export interface BullmqJobQueueOptions {
  /** How long a claim holds its job without renewal: BullMQ's lockDuration. */
  leaseMs: number;
  /** Prefix of the queue's keys in Redis (default `backlab`). */
  prefix?: string;
  /** Default `backlab-grading`. */
  queueName?: string;
  /** Where connection and BullMQ errors go (the server log); default stderr. */
  onError?: RedisErrorListener;
  /** How often jobs whose lease ran out are looked for (default half the lease). */
  stalledIntervalMs?: number;
  /** How long `open` waits for Redis before giving up (default 30 s). */
  connectTimeoutMs?: number;
  /** How long one command may take before it fails (default 5 s). */
  commandTimeoutMs?: number;
}

/** Thrown when an operation needs Redis while it is not reachable (`claim` returns nothing). */
export class QueueUnavailableError extends Error {
  constructor(status: string) {
    super(`the grading queue is not reachable (Redis connection ${status})`);
    this.name = 'QueueUnavailableError';
  }
}

interface JobData {
  attemptId: number;
}
type GradingJob = Job<JobData, null, 'grade'>;

// BullMQ fails a job that stalled more than this many times. Giving up is the store's decision
// (it counts the failures of each attempt), so BullMQ must never reach it.
const NEVER_FAIL_STALLED = 1_000_000;
const CLOSE_STEP_TIMEOUT_MS = 3000;

/** BullMQ refuses purely numeric custom job ids. */
export function jobIdOf(attemptId: number): string {
  return `attempt-${attemptId}`;
}

function attemptIdOf(jobId: string): number | undefined {
  const match = /^attempt-(\d+)$/.exec(jobId);
  return match ? Number(match[1]) : undefined;
}

/** BullMQ's scripts answer a negative code when the lock or the job is not there any more. */
function isLeaseLost(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && code < 0;
}

/**
 * The grading queue on Redis, for API servers and workers on several machines. Jobs are processed
 * manually: a claim is `getNextJob` with a fresh token, which is the job's lock and also the
 * store's fence; the lock lasts `leaseMs` and `renew` extends it. A worker that dies stops renewing;
 * BullMQ's stalled checker (run by every instance, at most once per interval across them) then puts
 * its job back in wait, and the next claim delivers it again.
 *
 * While Redis is away, `claim` returns nothing and the other operations throw
 * QueueUnavailableError rather than wait: callers already survive a failed call (the store is the
 * record of truth and the leader re-enqueues from it). Connections reconnect by themselves. A
 * command caught in flight by a disconnection fails after `commandTimeoutMs` but is still sent once
 * Redis is back: a claim that failed so leaves its job locked by nobody for one lease.
 */
export class BullmqJobQueue implements JobQueue {
  private readonly events = new EventEmitter();
  /** The jobs of this instance's live leases, by token: finishing needs BullMQ's Job object. */
  private readonly held = new Map<string, GradingJob>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private wasReady = false;
  private closing?: Promise<void>;

  private constructor(
    private readonly client: Redis,
    /** Subscribed to `channel`: a message there says a job may have become available. */
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly queue: Queue<JobData, null, 'grade'>,
    private readonly worker: Worker<JobData, null, 'grade'>,
    private readonly leaseMs: number,
    private readonly errors: RedisErrorReporter,
  ) {
    this.events.setMaxListeners(0);
    client.on('error', (err: Error) => errors.report(err, 'connection'));
    client.on('ready', () => this.connected());
    subscriber.on('error', (err: Error) => errors.report(err, 'subscriber'));
    subscriber.on('message', () => this.events.emit('available'));
    queue.on('error', (err) => errors.report(err, 'queue'));
    worker.on('error', (err) => errors.report(err, 'worker'));
    // This instance's stalled checker put a dead worker's job back in wait.
    worker.on('stalled', () => this.announce());
  }

  /** Connects (waiting up to `connectTimeoutMs` for Redis) and starts the stalled checker. */
  static async open(url: string, opts: BullmqJobQueueOptions): Promise<BullmqJobQueue> {
    const name = opts.queueName ?? GRADING_QUEUE;
    // One connection for the commands of the queue and the worker; BullMQ duplicates it for the
    // worker's blocking connection (unused: claims do not block) and closes that itself. A command
    // caught in flight when the connection drops would otherwise wait for Redis to come back.
    const client = openRedis(url, `backlab:${name}`, { commandTimeout: opts.commandTimeoutMs ?? 5000 });
    const subscriber = openRedis(url, `backlab:${name}:available`);
    const prefix = opts.prefix ?? 'backlab';
    const common = { connection: client, prefix };
    const queue = new Queue<JobData, null, 'grade'>(name, {
      ...common,
      // Finished jobs go away, so that the attempt can be enqueued again (a re-sync after Redis
      // lost data): the store keeps the outcome.
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
    });
    const worker = new Worker<JobData, null, 'grade'>(name, null, {
      ...common,
      autorun: false,
      lockDuration: opts.leaseMs,
      stalledInterval: opts.stalledIntervalMs ?? Math.max(100, Math.floor(opts.leaseMs / 2)),
      maxStalledCount: NEVER_FAIL_STALLED,
    });
    const errors = new RedisErrorReporter(opts.onError);
    const channel = `${prefix}:${name}:available`;
    const self = new BullmqJobQueue(client, subscriber, channel, queue, worker, opts.leaseMs, errors);
    const timeoutMs = opts.connectTimeoutMs ?? 30_000;
    try {
      await waitReady(client, timeoutMs, 'grading queue');
      await withTimeout(
        Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]),
        timeoutMs,
        'grading queue: BullMQ did not get ready',
      );
      await waitReady(subscriber, timeoutMs, 'grading queue events');
      await subscriber.subscribe(channel);
      await worker.startStalledCheckTimer();
    } catch (err) {
      await self.close();
      throw err;
    }
    return self;
  }

  async enqueue(attemptId: number, delayMs = 0): Promise<void> {
    this.requireConnection();
    // A job of that id already there (waiting, delayed or active) makes this a no-op.
    await this.queue.add('grade', { attemptId }, { jobId: jobIdOf(attemptId), delay: Math.max(0, delayMs) });
    this.announceAfter(delayMs);
  }

  async claim(owner: string): Promise<Lease | undefined> {
    if (this.client.status !== 'ready' || this.closing) return undefined;
    const token = randomBytes(16).toString('hex');
    const job = (await this.worker.getNextJob(token, { block: false })) as GradingJob | undefined;
    if (!job?.id) return undefined;
    const attemptId = attemptIdOf(job.id);
    if (attemptId === undefined) {
      // Not one of ours (someone else wrote into this queue): out of the way for good.
      await job.moveToFailed(new Error('not a grading job'), token, false);
      return undefined;
    }
    this.held.set(token, job);
    // attemptsStarted counts every move to active: claims, including those after a stall.
    return { jobId: job.id, attemptId, token, owner, deliveries: job.attemptsStarted };
  }

  async renew(lease: Lease): Promise<boolean> {
    this.requireConnection();
    const failed = await this.worker.extendJobLocks([lease.jobId], [lease.token], this.leaseMs);
    if (failed.length === 0) return true;
    this.held.delete(lease.token);
    return false;
  }

  finish(lease: Lease): Promise<boolean> {
    return this.settle(lease, (job) => job.moveToCompleted(null, lease.token, false));
  }

  /** Delay 0 puts the job at the head of wait (it was already someone's turn); else it is delayed. */
  async retry(lease: Lease, delayMs: number): Promise<boolean> {
    const moved = await this.settle(lease, (job) =>
      delayMs > 0 ? job.moveToDelayed(Date.now() + delayMs, lease.token) : job.moveToWait(lease.token),
    );
    if (moved) this.announceAfter(delayMs);
    return moved;
  }

  async stats(): Promise<QueueStats> {
    this.requireConnection();
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    const count = (state: string) => counts[state] ?? 0;
    return {
      waiting: count('waiting') + count('prioritized') + count('delayed'),
      leased: count('active'),
    };
  }

  onAvailable(listener: () => void): () => void {
    this.events.on('available', listener);
    return () => this.events.off('available', listener);
  }

  /**
   * Calls `listener` each time the connection is back after a loss. Redis may have lost data
   * (a restart without its append-only file): the leader re-enqueues unfinished attempts.
   */
  onReconnect(listener: () => void): () => void {
    this.events.on('reconnect', listener);
    return () => this.events.off('reconnect', listener);
  }

  /** Closes the worker, the events and the connections; jobs and leases stay in Redis. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.held.clear();
    // Each step is bounded: with Redis away, BullMQ may wait for an 'end' that never comes.
    const steps: Array<[string, () => Promise<void>]> = [
      ['worker', () => this.worker.close(true)],
      ['queue', () => this.queue.close()],
    ];
    for (const [what, step] of steps) {
      await withTimeout(step(), CLOSE_STEP_TIMEOUT_MS, `closing the ${what} took too long`).catch(
        (err: unknown) => this.errors.report(err, what),
      );
    }
    await Promise.all([closeRedis(this.client), closeRedis(this.subscriber)]);
    this.events.removeAllListeners();
  }

  private async settle(lease: Lease, move: (job: GradingJob) => Promise<unknown>): Promise<boolean> {
    this.requireConnection();
    const job = this.held.get(lease.token) ?? (await this.queue.getJob(lease.jobId));
    if (!job) return false;
    try {
      await move(job);
    } catch (err) {
      if (!isLeaseLost(err)) throw err;
      this.held.delete(lease.token);
      return false;
    }
    this.held.delete(lease.token);
    return true;
  }

  private connected(): void {
    this.errors.reset();
    if (this.wasReady && !this.closing) {
      this.events.emit('reconnect');
      this.events.emit('available');
    }
    this.wasReady = true;
  }

  private requireConnection(): void {
    if (this.closing) throw new Error('the grading queue is closed');
    if (this.client.status !== 'ready') throw new QueueUnavailableError(this.client.status);
  }

  /** Tells the idle workers of every instance (this one included) to try a claim. */
  private announce(): void {
    if (this.closing || this.client.status !== 'ready') return;
    this.client.publish(this.channel, '').catch((err: unknown) => this.errors.report(err, 'announce'));
  }

  /**
   * A delayed job is promoted only by someone's claim, and nothing in Redis says when it is due:
   * the instance that delayed it announces it then (the others' polling covers a crash meanwhile).
   */
  private announceAfter(delayMs: number): void {
    if (delayMs <= 0) return this.announce();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.announce();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }
}
