import Redis, { type RedisOptions } from 'ioredis';

/**
 * Redis connections of the scale-out mode (the BullMQ queue, the leader lease, the progress relay).
 * They reconnect forever: a Redis restart is an outage to wait out, never a reason for the process
 * to exit. Errors go to a callback of the caller (its log) instead of being thrown.
 */

/** `source` names the connection or component, for the log. */
export type RedisErrorListener = (error: Error, source: string) => void;

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 2000;
const QUIT_TIMEOUT_MS = 2000;
const DISTINCT_ERRORS_KEPT = 50;

/** Doubles from 100 ms up to 2 s: quick to come back after a restart, cheap during a long outage. */
export function reconnectDelay(attempt: number): number {
  return Math.min(BACKOFF_FIRST_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 10), BACKOFF_MAX_MS);
}

/**
 * A connection to `url`. maxRetriesPerRequest null: a command sent when the connection drops is
 * sent again once it is back rather than failed after a few tries (BullMQ requires this of its
 * blocking connections). disconnectTimeout short: closing while Redis is away arms a timer to
 * destroy the already dead socket, which would keep the process alive for ioredis' default 2 s.
 */
export function openRedis(url: string, name: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: reconnectDelay,
    connectionName: name,
    disconnectTimeout: 300,
    ...extra,
  });
}

/** Resolves once `client` is ready; rejects after `timeoutMs` (it keeps trying in the background). */
export function waitReady(client: Redis, timeoutMs: number, what: string): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`${what}: Redis at ${describe(client)} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    client.once('ready', onReady);
  });
}

/** `work`, or a rejection with `message` once `ms` have passed. */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (${ms} ms)`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes `client`: QUIT when connected (pending replies arrive first), else drops the socket. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'reconnecting' || client.status === 'wait') {
    // No socket to wait for: this cancels the next reconnection and that is all.
    client.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<'ended'>((resolve) => client.once('end', () => resolve('ended')));
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), QUIT_TIMEOUT_MS);
  });
  if (client.status === 'ready') client.quit().catch(() => client.disconnect());
  else client.disconnect();
  const how = await Promise.race([ended, timedOut]);
  clearTimeout(timer);
  if (how === 'timeout') client.disconnect();
}

/**
 * Forwards errors to the caller's listener, each distinct message once per outage: while Redis is
 * away every connection reports every reconnection attempt, and BullMQ forwards each of them
 * again from every class sharing the connection.
 */
export class RedisErrorReporter {
  private readonly seen = new Set<string>();

  constructor(private readonly listener: RedisErrorListener = defaultListener) {}

  report(error: unknown, source: string): void {
    const err = error instanceof Error ? error : new Error(String(error));
    if (this.seen.has(err.message)) return;
    if (this.seen.size < DISTINCT_ERRORS_KEPT) this.seen.add(err.message);
    try {
      this.listener(err, source);
    } catch {
      // The listener is the log; there is nowhere left to report its own failure.
    }
  }

  /** The connection is back: the next failure is news again. */
  reset(): void {
    this.seen.clear();
  }
}

function defaultListener(error: Error, source: string): void {
  console.error(`backlab: redis (${source}): ${error.message}`);
}

function describe(client: Redis): string {
  const { host, port } = client.options;
  return `${host ?? '?'}:${port ?? '?'}`;
}
