import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import {
  closeRedis,
  openRedis,
  RedisErrorReporter,
  waitReady,
  type RedisErrorListener,
} from '../queue/redis-connection';
import type { ProgressEvent, ProgressHub } from './progress-hub';

export interface RedisProgressRelayOptions {
  /**
   * Also feed the hub with the events of other processes. API servers do (their event streams and
   * dashboard follow grades done elsewhere); a worker-only process need not.
   */
  subscribe?: boolean;
  /** Channel prefix (default `backlab:progress:`): one channel per submission, `<prefix><id>`. */
  prefix?: string;
  /** Where connection errors and dropped events are reported (the server log); default stderr. */
  onError?: RedisErrorListener;
  /** How long `open` waits for Redis before giving up (default 30 s). */
  connectTimeoutMs?: number;
}

/** On the wire, as JSON. `origin` lets a process skip its own events coming back. */
interface RelayMessage {
  origin: string;
  item: ProgressEvent | 'reset';
}

// Events published while Redis is away wait in the connection's queue and go out once it is back;
// past this many, newer ones are dropped rather than let memory grow through a long outage.
const PENDING_MAX = 1000;
const EVENT_TYPES = new Set(['state', 'step', 'info', 'warn']);

/**
 * Live progress across processes: every event of the local hub is PUBLISHed on its submission's
 * channel, and with `subscribe` the events of every other process (PSUBSCRIBE on the prefix) are
 * ingested into the local hub, so its history and feed show grades done on other machines.
 * Best effort, like the hub itself: an event lost in a Redis outage is not sent again (the store
 * has the outcome).
 */
export class RedisProgressRelay {
  private readonly origin = randomBytes(8).toString('hex');
  private pending = 0;
  private closing?: Promise<void>;

  private constructor(
    private readonly hub: ProgressHub,
    private readonly publisher: Redis,
    private readonly subscriber: Redis | undefined,
    private readonly prefix: string,
    private readonly errors: RedisErrorReporter,
  ) {
    publisher.on('error', (err: Error) => errors.report(err, 'progress publisher'));
    publisher.on('ready', () => errors.reset());
    subscriber?.on('error', (err: Error) => errors.report(err, 'progress subscriber'));
    subscriber?.on('pmessage', (_pattern: string, channel: string, message: string) =>
      this.receive(channel, message),
    );
  }

  /** Connects, subscribes if asked, then relays every later event of `hub`. */
  static async open(
    url: string,
    hub: ProgressHub,
    opts: RedisProgressRelayOptions = {},
  ): Promise<RedisProgressRelay> {
    const prefix = opts.prefix ?? 'backlab:progress:';
    const timeoutMs = opts.connectTimeoutMs ?? 30_000;
    const publisher = openRedis(url, 'backlab:progress');
    const subscriber = opts.subscribe ? openRedis(url, 'backlab:progress:follow') : undefined;
    const relay = new RedisProgressRelay(
      hub,
      publisher,
      subscriber,
      prefix,
      new RedisErrorReporter(opts.onError),
    );
    try {
      await waitReady(publisher, timeoutMs, 'progress relay');
      if (subscriber) {
        await waitReady(subscriber, timeoutMs, 'progress relay');
        // ioredis subscribes again by itself after a reconnection.
        await subscriber.psubscribe(`${escapeGlob(prefix)}*`);
      }
    } catch (err) {
      await relay.close();
      throw err;
    }
    hub.relayTo((submissionId, item) => relay.send(submissionId, item));
    return relay;
  }

  /** Stops relaying; events already handed to Redis still go out before the connection closes. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.hub.relayTo(undefined);
      await Promise.all([closeRedis(this.publisher), this.subscriber && closeRedis(this.subscriber)]);
    })();
    return this.closing;
  }

  private send(submissionId: string, item: ProgressEvent | 'reset'): void {
    if (this.closing) return;
    if (this.pending >= PENDING_MAX) {
      this.errors.report(
        new Error(`live progress events dropped: ${PENDING_MAX} already wait for Redis`),
        'progress relay',
      );
      return;
    }
    const message: RelayMessage = { origin: this.origin, item };
    this.pending++;
    this.publisher
      .publish(this.prefix + submissionId, JSON.stringify(message))
      .catch((err: unknown) => this.errors.report(err, 'progress publisher'))
      .finally(() => this.pending--);
  }

  private receive(channel: string, raw: string): void {
    if (!channel.startsWith(this.prefix)) return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      message = undefined;
    }
    if (!isRelayMessage(message)) {
      this.errors.report(new Error(`ignored a malformed progress message on ${channel}`), 'progress relay');
      return;
    }
    if (message.origin === this.origin) return;
    this.hub.ingest(channel.slice(this.prefix.length), message.item);
  }
}

function isRelayMessage(value: unknown): value is RelayMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { origin, item } = value as Partial<RelayMessage>;
  if (typeof origin !== 'string') return false;
  if (item === 'reset') return true;
  return (
    typeof item === 'object' && item !== null && EVENT_TYPES.has(item.type) && typeof item.at === 'string'
  );
}

/** PSUBSCRIBE patterns are globs: a prefix is matched literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
