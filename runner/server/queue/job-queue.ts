/**
 * Delivery of grading jobs to workers, with leases. A job is an attempt id; what the attempt is
 * lives in the SubmissionStore, which stays the record of truth. The embedded queue keeps its jobs
 * in the server's SQLite file; a Redis-backed queue (BullMQ, workers on several Docker hosts) can
 * implement the same interface: jobId = attempt id makes `enqueue` idempotent, BullMQ's job lock is
 * the lease, and on start the server re-enqueues every unfinished attempt from the store.
 */
export interface JobQueue {
  /** Makes an attempt claimable after `delayMs`. A job already there (even leased) is left alone. */
  enqueue(attemptId: number, delayMs?: number): Promise<void>;
  /** The oldest available job, leased to `owner` for the queue's lease time; undefined when none. */
  claim(owner: string): Promise<Lease | undefined>;
  /** Extends the lease; false when it was lost (expired and taken over). */
  renew(lease: Lease): Promise<boolean>;
  /** Removes the job; false when the lease was lost. */
  finish(lease: Lease): Promise<boolean>;
  /** Gives the job back, available again after `delayMs`; false when the lease was lost. */
  retry(lease: Lease, delayMs: number): Promise<boolean>;
  /** Takes over every job whose lease ran out, leased anew to `owner` (for recording the failure). */
  reclaimExpired(owner: string): Promise<Lease[]>;
  /** Removes a job whatever its lease (its attempt finished by other means). */
  remove(attemptId: number): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Calls `listener` when a job may have become available (to wake idle workers early). */
  onAvailable(listener: () => void): () => void;
}

export interface Lease {
  attemptId: number;
  /** Proves ownership; also the fence the store checks on every write of the worker. */
  token: string;
  owner: string;
  /** How many times this job was handed out, this one included. */
  deliveries: number;
}

export interface QueueStats {
  /** Jobs waiting for a worker (delayed retries included). */
  waiting: number;
  /** Jobs held by a worker. */
  leased: number;
}
