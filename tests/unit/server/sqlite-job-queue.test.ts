import type Database from 'better-sqlite3';
import { SqliteJobQueue } from '../../../runner/server/queue/sqlite-job-queue';
import { openDatabase } from '../../../runner/server/store/open-database';

let db: Database.Database;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

describe('SqliteJobQueue', () => {
  let now: number;
  let queue: SqliteJobQueue;
  beforeEach(() => {
    now = 1_000_000;
    queue = new SqliteJobQueue(db, { leaseMs: 1000, now: () => now });
  });

  it('hands out the oldest available job once, with a lease', async () => {
    await queue.enqueue(2);
    now += 1;
    await queue.enqueue(1);
    await queue.enqueue(2);
    await queue.enqueue(3, 5000);
    const first = await queue.claim('w1');
    expect(first).toMatchObject({ jobId: '2', attemptId: 2, owner: 'w1', deliveries: 1 });
    const second = (await queue.claim('w2'))!;
    expect(second.attemptId).toBe(1);
    expect(await queue.claim('w3')).toBeUndefined();
    expect(await queue.stats()).toEqual({ waiting: 1, leased: 2 });
    expect(await queue.finish(first!)).toBe(true);
    expect(await queue.finish(second)).toBe(true);
    now += 5000;
    expect((await queue.claim('w3'))?.attemptId).toBe(3);
  });

  it('hands a job whose lease expired to another worker; the old holder has lost it', async () => {
    await queue.enqueue(1);
    const lease = (await queue.claim('w1'))!;
    expect(lease).toMatchObject({ jobId: '1', attemptId: 1, deliveries: 1 });
    now += 500;
    expect(await queue.renew(lease)).toBe(true);
    now += 900;
    expect(await queue.claim('w2')).toBeUndefined();
    now += 200;
    const again = (await queue.claim('w2'))!;
    expect(again).toMatchObject({ jobId: '1', attemptId: 1, owner: 'w2', deliveries: 2 });
    expect(again.token).not.toBe(lease.token);
    expect(await queue.renew(lease)).toBe(false);
    expect(await queue.finish(lease)).toBe(false);
    expect(await queue.retry(lease, 0)).toBe(false);
    expect(await queue.stats()).toEqual({ waiting: 0, leased: 1 });
    expect(await queue.finish(again)).toBe(true);
    expect(await queue.stats()).toEqual({ waiting: 0, leased: 0 });
  });

  it('orders a job whose lease expired by when it expired', async () => {
    await queue.enqueue(1);
    const lease = (await queue.claim('w1'))!;
    now += 600;
    await queue.enqueue(2);
    now += 500;
    // Lease of 1 expired at +1000, job 2 was due at +600: 2 first.
    expect((await queue.claim('w2'))?.attemptId).toBe(2);
    expect((await queue.claim('w3'))?.attemptId).toBe(lease.attemptId);
  });

  it('retries after a delay; the retried lease is gone', async () => {
    await queue.enqueue(1);
    const lease = (await queue.claim('w1'))!;
    expect(await queue.retry(lease, 300)).toBe(true);
    expect(await queue.renew(lease)).toBe(false);
    expect(await queue.claim('w2')).toBeUndefined();
    now += 300;
    const again = (await queue.claim('w2'))!;
    expect(again.deliveries).toBe(2);
    expect(await queue.finish(again)).toBe(true);
    expect(await queue.stats()).toEqual({ waiting: 0, leased: 0 });
    await queue.close();
  });

  it('wakes listeners when a job becomes available', async () => {
    let woken = 0;
    const stop = queue.onAvailable(() => woken++);
    await queue.enqueue(1);
    stop();
    await queue.enqueue(2);
    expect(woken).toBe(1);
  });
});
