import { pollUntil, sleep } from '../../../runner/common/poll';
import { BullmqJobQueue, QueueUnavailableError } from '../../../runner/server/queue/bullmq-job-queue';
import type { Lease } from '../../../runner/server/queue/job-queue';
import { startRedis, type LocalServer } from '../../support/local-servers';

/**
 * BullmqJobQueue on a real Redis of this file's own. Two instances stand for two processes (an API
 * server and a worker machine, or two workers): they share nothing but Redis.
 */

let redis: LocalServer;
const reported: string[] = [];
const opened: BullmqJobQueue[] = [];
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis.remove());
afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
});

/** Two instances on a queue of the test's own (its own key prefix). */
async function twoInstances(leaseMs = 1000): Promise<[BullmqJobQueue, BullmqJobQueue]> {
  const prefix = `test${++prefixes}`;
  const open = () =>
    BullmqJobQueue.open(redis.url, {
      leaseMs,
      prefix,
      onError: (err, source) => reported.push(`${source}: ${err.message}`),
    });
  const [a, b] = await Promise.all([open(), open()]);
  opened.push(a, b);
  return [a, b];
}

function claimSoon(queue: BullmqJobQueue, owner: string, timeoutMs: number): Promise<Lease> {
  return pollUntil(() => queue.claim(owner), { timeoutMs, intervalMs: 100, describe: `${owner} got no job` });
}

describe('BullmqJobQueue', () => {
  it('hands out the oldest job first, each job to one instance only', async () => {
    const [a, b] = await twoInstances();
    for (const attemptId of [3, 1, 2, 4, 5, 6]) await a.enqueue(attemptId);
    await b.enqueue(3);
    const first = await a.claim('a/1');
    expect(first).toMatchObject({ jobId: 'attempt-3', attemptId: 3, owner: 'a/1', deliveries: 1 });
    expect((await b.claim('b/1'))?.attemptId).toBe(1);
    const rest = await Promise.all([a, b, a, b, a, b].map((queue, i) => queue.claim(`w${i}`)));
    expect(
      rest
        .map((lease) => lease?.attemptId)
        .filter(Boolean)
        .sort(),
    ).toEqual([2, 4, 5, 6]);
    const tokens = [first, ...rest].flatMap((lease) => (lease ? [lease.token] : []));
    expect(new Set(tokens).size).toBe(5);
    // Enqueueing a leased job again leaves it alone.
    await b.enqueue(3);
    expect(await a.stats()).toEqual({ waiting: 0, leased: 6 });
  });

  it('renews and finishes a lease, and refuses both once the job is finished', async () => {
    const [a] = await twoInstances();
    await a.enqueue(1);
    const lease = (await a.claim('a'))!;
    await sleep(600);
    expect(await a.renew(lease)).toBe(true);
    await sleep(600);
    // Renewed at 600 ms for 1 s: still ours at 1200 ms.
    expect(await a.renew(lease)).toBe(true);
    expect(await a.finish(lease)).toBe(true);
    expect(await a.finish(lease)).toBe(false);
    expect(await a.renew(lease)).toBe(false);
    expect(await a.stats()).toEqual({ waiting: 0, leased: 0 });
    // Finished jobs are removed, so the attempt can be enqueued again (a re-sync from the store).
    await a.enqueue(1);
    expect(await a.claim('a')).toMatchObject({ attemptId: 1, deliveries: 1 });
  });

  it('retries after a delay or at once, counting deliveries', async () => {
    const [a, b] = await twoInstances();
    await a.enqueue(7);
    const lease = (await a.claim('a'))!;
    expect(await a.retry(lease, 400)).toBe(true);
    expect(await a.retry(lease, 0)).toBe(false);
    expect(await a.stats()).toEqual({ waiting: 1, leased: 0 });
    expect(await b.claim('b')).toBeUndefined();
    const again = await claimSoon(b, 'b', 2000);
    expect(again).toMatchObject({ attemptId: 7, deliveries: 2 });
    expect(await b.retry(again, 0)).toBe(true);
    const third = (await a.claim('a'))!;
    expect(third.deliveries).toBe(3);
    expect(await a.finish(third)).toBe(true);
    await a.enqueue(8, 300);
    expect(await b.claim('b')).toBeUndefined();
    expect((await claimSoon(b, 'b', 2000)).attemptId).toBe(8);
  });

  it('delivers the job of a worker that stopped renewing to another one', async () => {
    const [a, b] = await twoInstances(1000);
    await a.enqueue(5);
    const dead = (await a.claim('a'))!;
    expect(await b.claim('b')).toBeUndefined();
    // "a" is killed: it never renews. Lease 1 s, stalled check every 0.5 s.
    const started = Date.now();
    const taken = await claimSoon(b, 'b', 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(taken).toMatchObject({ attemptId: 5, owner: 'b', deliveries: 2 });
    expect(await a.renew(dead)).toBe(false);
    expect(await a.finish(dead)).toBe(false);
    expect(await a.retry(dead, 0)).toBe(false);
    expect(await b.finish(taken)).toBe(true);
    expect(await a.stats()).toEqual({ waiting: 0, leased: 0 });
  });

  it('wakes idle listeners of every instance when a job becomes available', async () => {
    const [a, b] = await twoInstances();
    let woken = 0;
    const stop = b.onAvailable(() => woken++);
    await a.enqueue(1);
    await pollUntil(async () => (woken > 0 ? true : undefined), {
      timeoutMs: 3000,
      describe: 'b was not woken',
    });
    const lease = (await b.claim('b'))!;
    const before = woken;
    await b.retry(lease, 0);
    await pollUntil(async () => (woken > before ? true : undefined), {
      timeoutMs: 3000,
      describe: 'no wake',
    });
    stop();
    const after = woken;
    await a.enqueue(2);
    await sleep(300);
    expect(woken).toBe(after);
  });

  it('keeps its jobs and works again, unopened, when Redis restarts', async () => {
    const [a, b] = await twoInstances(10_000);
    await a.enqueue(1);
    await a.enqueue(2);
    const lease = (await b.claim('b'))!;
    const reconnected = { a: 0, b: 0 };
    a.onReconnect(() => reconnected.a++);
    b.onReconnect(() => reconnected.b++);
    reported.length = 0;
    await redis.stop();
    // Until the clients have seen their sockets close, a call is sent and times out instead.
    await sleep(200);
    expect(await a.claim('a')).toBeUndefined();
    await expect(a.enqueue(3)).rejects.toBeInstanceOf(QueueUnavailableError);
    await expect(b.renew(lease)).rejects.toBeInstanceOf(QueueUnavailableError);
    await sleep(1000);
    await redis.start();
    await pollUntil(async () => (reconnected.a && reconnected.b ? true : undefined), {
      timeoutMs: 10_000,
      describe: 'the instances did not reconnect',
    });
    expect(reported.length).toBeGreaterThan(0);
    expect(await b.renew(lease)).toBe(true);
    expect(await claimSoon(a, 'a', 3000)).toMatchObject({ attemptId: 2, deliveries: 1 });
    expect(await b.finish(lease)).toBe(true);
    await b.enqueue(3);
    expect((await claimSoon(a, 'a', 3000)).attemptId).toBe(3);
    expect(await a.stats()).toEqual({ waiting: 0, leased: 2 });
  });

  it('closes without leaving connections to Redis behind, even with Redis away', async () => {
    const [a, b] = await twoInstances();
    await a.enqueue(1);
    expect(socketsToRedis()).toBeGreaterThan(0);
    await a.close();
    await b.close();
    expect(socketsToRedis()).toBe(0);
    const [c] = await twoInstances();
    await redis.stop();
    const started = Date.now();
    await Promise.all(opened.splice(0).map((queue) => queue.close()));
    expect(Date.now() - started).toBeLessThan(10_000);
    await redis.start();
    // A closed instance does not reconnect once Redis is back.
    await sleep(400);
    expect(socketsToRedis()).toBe(0);
    await expect(c.enqueue(2)).rejects.toThrow('closed');
  });
});

/**
 * Open sockets of this process to this test's Redis. Counted by port, not by kind: the
 * integration tests share one process, and other files' sockets (Docker's, say) come and go.
 */
function socketsToRedis(): number {
  const port = Number(new URL(redis.url).port);
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter(
    (h) =>
      (h as { remotePort?: number; destroyed?: boolean }).remotePort === port &&
      !(h as { destroyed?: boolean }).destroyed,
  ).length;
}
