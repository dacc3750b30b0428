import Redis from 'ioredis';
import { pollUntil, sleep } from '../../../runner/common/poll';
import { acquireLeadership, type Leadership } from '../../../runner/server/queue/leadership';
import { startRedis, type LocalServer } from '../../support/local-servers';

/** The leader lease of scale-out API servers, on a real Redis of this file's own. */

let redis: LocalServer;
const held: Leadership[] = [];
let names = 0;

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis.remove());
afterEach(async () => {
  await Promise.all(held.splice(0).map((leadership) => leadership.release()));
});

interface Contender {
  leadership: Leadership;
  events: string[];
}

async function contenders(count: number, name: string, ttlMs: number): Promise<Contender[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const events: string[] = [];
      const leadership = await acquireLeadership(redis.url, name, ttlMs, {
        onGained: () => events.push('gained'),
        onLost: () => events.push('lost'),
        onError: () => undefined,
      });
      held.push(leadership);
      return { leadership, events };
    }),
  );
}

const leaders = (all: Contender[]) => all.filter((c) => c.leadership.isLeader());

function oneLeader(all: Contender[], timeoutMs: number): Promise<Contender> {
  return pollUntil(async () => (leaders(all).length === 1 ? leaders(all)[0] : undefined), {
    timeoutMs,
    intervalMs: 20,
    describe: 'no single leader',
  });
}

describe('acquireLeadership', () => {
  it('makes exactly one of several contenders the leader, and another one when it leaves', async () => {
    const all = await contenders(3, `resync-${++names}`, 600);
    const first = await oneLeader(all, 1000);
    expect(first.events).toEqual(['gained']);
    await sleep(700);
    expect(leaders(all)).toEqual([first]);
    expect(all.flatMap((c) => c.events)).toEqual(['gained']);
    await first.leadership.release();
    expect(first.events).toEqual(['gained', 'lost']);
    const rest = all.filter((c) => c !== first);
    // Released, not expired: the next try of another contender (every ttl/3) takes it.
    const second = await oneLeader(rest, 400);
    expect(second.events).toEqual(['gained']);
  });

  it('hears at its next renewal that another process holds the key', async () => {
    const name = `resync-${++names}`;
    const [only] = await contenders(1, name, 900);
    expect(only.leadership.isLeader()).toBe(true);
    const other = new Redis(redis.url);
    await other.set(`backlab:leader:${name}`, 'someone-else', 'PX', 5000);
    await other.quit();
    await pollUntil(async () => (only.events.includes('lost') ? true : undefined), {
      timeoutMs: 600,
      intervalMs: 20,
      describe: 'the leader did not hear it lost the key',
    });
    expect(only.leadership.isLeader()).toBe(false);
  });

  it('steps down within its ttl when Redis goes away, and someone leads again after', async () => {
    const all = await contenders(2, `resync-${++names}`, 1000);
    const leader = await oneLeader(all, 1000);
    await sleep(400);
    const stoppedAt = Date.now();
    await redis.stop();
    await pollUntil(async () => (leader.events.includes('lost') ? true : undefined), {
      timeoutMs: 2000,
      intervalMs: 20,
      describe: 'the leader did not step down',
    });
    // Its last confirmed renewal was at most a third of the ttl before the stop.
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(1000);
    expect(leaders(all)).toEqual([]);
    await redis.start();
    await oneLeader(all, 5000);
  });
});
