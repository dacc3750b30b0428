import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import type { JobQueue, Lease, QueueStats } from './job-queue';

export interface SqliteJobQueueOptions {
  leaseMs: number;
  now?: () => number;
}

interface JobRow {
  attempt_id: number;
  lease_owner: string | null;
  lease_token: string | null;
  deliveries: number;
}

/**
 * The embedded queue: a `jobs` table in the server's SQLite database. The job id is the attempt id;
 * a job whose lease expired is handed out again by `claim`, like BullMQ's stalled jobs.
 */
export class SqliteJobQueue implements JobQueue {
  private readonly events = new EventEmitter();
  private readonly now: () => number;

  constructor(
    private readonly db: Database.Database,
    private readonly opts: SqliteJobQueueOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  async enqueue(attemptId: number, delayMs = 0): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO jobs (attempt_id, available_at) VALUES (?, ?)')
      .run(attemptId, this.now() + delayMs);
    this.announce(delayMs);
  }

  async claim(owner: string): Promise<Lease | undefined> {
    return this.db.transaction((): Lease | undefined => {
      // A lease that ran out belongs to a worker that died: its job is available again, in the
      // order jobs became available (a waiting job when it was due, a lost one when it expired).
      const row = this.db
        .prepare(
          `SELECT attempt_id FROM jobs
           WHERE (lease_token IS NULL AND available_at <= @now) OR lease_expires_at <= @now
           ORDER BY CASE WHEN lease_token IS NULL THEN available_at ELSE lease_expires_at END, attempt_id
           LIMIT 1`,
        )
        .get({ now: this.now() }) as { attempt_id: number } | undefined;
      if (!row) return undefined;
      return this.lease(row.attempt_id, owner);
    })();
  }

  async renew(lease: Lease): Promise<boolean> {
    return (
      this.db
        .prepare('UPDATE jobs SET lease_expires_at = ? WHERE attempt_id = ? AND lease_token = ?')
        .run(this.now() + this.opts.leaseMs, lease.attemptId, lease.token).changes === 1
    );
  }

  async finish(lease: Lease): Promise<boolean> {
    return (
      this.db
        .prepare('DELETE FROM jobs WHERE attempt_id = ? AND lease_token = ?')
        .run(lease.attemptId, lease.token).changes === 1
    );
  }

  async retry(lease: Lease, delayMs: number): Promise<boolean> {
    const changed = this.db
      .prepare(
        'UPDATE jobs SET lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, available_at = ? WHERE attempt_id = ? AND lease_token = ?',
      )
      .run(this.now() + delayMs, lease.attemptId, lease.token).changes;
    if (changed) this.announce(delayMs);
    return changed === 1;
  }

  async stats(): Promise<QueueStats> {
    const row = this.db
      .prepare('SELECT SUM(lease_token IS NULL) AS waiting, SUM(lease_token IS NOT NULL) AS leased FROM jobs')
      .get() as { waiting: number | null; leased: number | null };
    return { waiting: row.waiting ?? 0, leased: row.leased ?? 0 };
  }

  onAvailable(listener: () => void): () => void {
    this.events.on('available', listener);
    return () => this.events.off('available', listener);
  }

  /** Nothing to release: the database belongs to whoever opened it, and closes it. */
  async close(): Promise<void> {}

  private lease(attemptId: number, owner: string): Lease {
    const token = randomBytes(12).toString('hex');
    this.db
      .prepare(
        'UPDATE jobs SET lease_owner = ?, lease_token = ?, lease_expires_at = ?, deliveries = deliveries + 1 WHERE attempt_id = ?',
      )
      .run(owner, token, this.now() + this.opts.leaseMs, attemptId);
    const row = this.db.prepare('SELECT * FROM jobs WHERE attempt_id = ?').get(attemptId) as JobRow;
    return { jobId: String(attemptId), attemptId, token, owner, deliveries: row.deliveries };
  }

  private announce(delayMs: number): void {
    if (delayMs <= 0) this.events.emit('available');
    else setTimeout(() => this.events.emit('available'), delayMs).unref();
  }
}
