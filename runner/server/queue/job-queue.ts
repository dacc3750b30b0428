/**
 * Delivery of grading jobs to workers, with leases. A job is an attempt id; what the attempt is
 * lives in the SubmissionStore, which stays the record of truth. Two implementations: the embedded
 * queue in the server's SQLite file, and BullMQ on Redis for workers on several machines. The shape
 * is BullMQ's: a job id derived from the attempt makes `enqueue` idempotent, the job's lock is the
 * lease and `renew` extends it, and a job whose lock ran out (its worker died) is simply delivered
 * again by `claim` (BullMQ's stalled-job detection). Counting that as a failure is the store's
 * part: `startAttempt` sees the attempt still running under another fence.
 */
export interface JobQueue {
  /** Makes an attempt claimable after `delayMs`. A job already there (even leased) is left alone. */
  enqueue(attemptId: number, delayMs?: number): Promise<void>;
  /**
   * The oldest available job, leased to `owner` for the queue's lease time; undefined when none.
   * A job whose lease ran out without renewal is available again.
   */
  claim(owner: string): Promise<Lease | undefined>;
  /** Extends the lease; false when it was lost (expired and taken over). */
  renew(lease: Lease): Promise<boolean>;
  /** Removes the job; false when the lease was lost. */
  finish(lease: Lease): Promise<boolean>;
  /** Gives the job back, available again after `delayMs`; false when the lease was lost. */
  retry(lease: Lease, delayMs: number): Promise<boolean>;
  stats(): Promise<QueueStats>;
  /** Calls `listener` when a job may have become available (to wake idle workers early). */
  onAvailable(listener: () => void): () => void;
  /** Releases connections; the jobs stay where they are. */
  close(): Promise<void>;
}

export interface Lease {
  /** The queue's own id of the job (BullMQ ids are strings). */
  jobId: string;
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
