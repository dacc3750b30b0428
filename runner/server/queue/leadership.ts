import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type Redis from 'ioredis';
import {
  closeRedis,
  openRedis,
  RedisErrorReporter,
  waitReady,
  type RedisErrorListener,
} from './redis-connection';

export interface LeadershipOptions {
  /** Called when this process becomes the leader (possibly before acquireLeadership returns). */
  onGained?: () => void;
  /** Called when it stops being the leader: renewal refused, or not confirmed within the ttl. */
  onLost?: () => void;
  onError?: RedisErrorListener;
  /** Key prefix (default `backlab`): the key is `<prefix>:leader:<name>`. */
  prefix?: string;
  /** How long the first try waits for Redis (default 5 s); the following ones happen anyway. */
  connectTimeoutMs?: number;
}

export interface Leadership {
  /** This contender's value of the key: host, pid and a random part. */
  readonly id: string;
  /** True while the key is this process's and was confirmed less than the ttl ago. */
  isLeader(): boolean;
  /** Stops trying, gives the key up when it is ours, and closes the connection. */
  release(): Promise<void>;
}

// SET NX PX takes a free key; the holder prolongs its own. One script for both, so that a holder
// that thought it had lost the key (a slow reply) simply finds it again on the next try.
const ACQUIRE_OR_RENEW = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
const RELEASE_IF_OURS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Leader election among the processes sharing a Redis: a key held with a ttl and renewed every
 * third of it, so that when the leader dies another takes over within about the ttl. The leader
 * counts its time from before each renewal was sent, so it gives up (onLost) no later than the key
 * can expire in Redis, never after another process could have taken it.
 */
export async function acquireLeadership(
  redisUrl: string,
  name: string,
  ttlMs: number,
  opts: LeadershipOptions = {},
): Promise<Leadership> {
  const lease = new LeaderLease(redisUrl, name, ttlMs, opts);
  await lease.start(opts.connectTimeoutMs ?? 5000);
  return lease;
}

class LeaderLease implements Leadership {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  private readonly client: Redis;
  private readonly key: string;
  private readonly errors: RedisErrorReporter;
  private leading = false;
  /** performance.now() up to which the key is surely ours. */
  private heldUntil = 0;
  private renewTimer?: NodeJS.Timeout;
  private expiryTimer?: NodeJS.Timeout;
  private trying = false;
  private released = false;

  constructor(
    url: string,
    private readonly name: string,
    private readonly ttlMs: number,
    private readonly opts: LeadershipOptions,
  ) {
    this.key = `${opts.prefix ?? 'backlab'}:leader:${name}`;
    this.errors = new RedisErrorReporter(opts.onError);
    // Fail fast rather than queue while Redis is away: a renewal that arrives late is worthless.
    this.client = openRedis(url, `backlab:leader:${name}`, {
      enableOfflineQueue: false,
      commandTimeout: Math.max(50, Math.floor(ttlMs / 3)),
    });
    this.client.on('error', (err: Error) => this.errors.report(err, `leadership ${name}`));
    this.client.on('ready', () => this.errors.reset());
  }

  async start(connectTimeoutMs: number): Promise<void> {
    await waitReady(this.client, connectTimeoutMs, `leadership ${this.name}`).catch((err: unknown) =>
      this.errors.report(err, `leadership ${this.name}`),
    );
    await this.tryToHold();
    this.renewTimer = setInterval(() => void this.tryToHold(), Math.max(20, Math.floor(this.ttlMs / 3)));
    // The process's own work keeps it alive, not its candidacy.
    this.renewTimer.unref();
  }

  isLeader(): boolean {
    return this.leading && performance.now() < this.heldUntil;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.renewTimer);
    clearTimeout(this.expiryTimer);
    if (this.leading && this.client.status === 'ready') {
      await this.client
        .eval(RELEASE_IF_OURS, 1, this.key, this.id)
        .catch((err: unknown) => this.errors.report(err, `leadership ${this.name}`));
    }
    this.setLeading(false);
    await closeRedis(this.client);
  }

  private async tryToHold(): Promise<void> {
    if (this.trying || this.released) return;
    this.trying = true;
    const sentAt = performance.now();
    try {
      const held = (await this.client.eval(ACQUIRE_OR_RENEW, 1, this.key, this.id, this.ttlMs)) === 1;
      if (this.released) return;
      if (held) this.holdUntil(sentAt + this.ttlMs);
      else this.setLeading(false);
    } catch (err) {
      // Unconfirmed: still the leader until heldUntil, when the expiry timer says otherwise.
      this.errors.report(err, `leadership ${this.name}`);
    } finally {
      this.trying = false;
    }
  }

  private holdUntil(until: number): void {
    this.heldUntil = until;
    this.setLeading(true);
    this.watchExpiry();
  }

  /** Says onLost as soon as heldUntil passes without a confirmed renewal. */
  private watchExpiry(): void {
    clearTimeout(this.expiryTimer);
    const left = this.heldUntil - performance.now();
    if (left <= 0) return this.setLeading(false);
    this.expiryTimer = setTimeout(() => this.watchExpiry(), Math.ceil(left));
    this.expiryTimer.unref();
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    try {
      (leading ? this.opts.onGained : this.opts.onLost)?.();
    } catch (err) {
      this.errors.report(err, `leadership ${this.name} listener`);
    }
  }
}
