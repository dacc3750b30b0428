import type { GradeResult } from '../../grading/result';
import type {
  Account,
  Attempt,
  ListedSubmission,
  NewSubmission,
  Role,
  Submission,
  SubmissionFilter,
} from './records';

export type CreateOutcome =
  | { kind: 'created'; submission: Submission }
  /** The same Idempotency-Key, or the same learner, lab and content: nothing new was recorded. */
  | { kind: 'existing'; submission: Submission; matchedBy: 'idempotency-key' | 'content' }
  /** The key was used before for a different upload. */
  | { kind: 'key-conflict'; submission: Submission }
  | { kind: 'queue-full'; queued: number }
  /** The learner already has `max` submissions in the window: their times, oldest first. */
  | { kind: 'rate-limited'; recent: string[] };

/** What createSubmission enforces in the same transaction as the insert. */
export interface CreateLimits {
  maxQueued: number;
  /** At most `max` new submissions per learner within any `windowMs`. */
  rate?: { max: number; windowMs: number };
}

export type RegradeOutcome =
  | { kind: 'queued'; attempt: Attempt }
  | { kind: 'not-found' }
  | { kind: 'busy'; attempt: Attempt }
  | { kind: 'queue-full'; queued: number };

export interface BestScore {
  learner: string;
  lab: string;
  best?: number;
  maxScore?: number;
  submissions: number;
}

/**
 * What `startAttempt` found. `started`: the worker holds the attempt now; `takenOver` when it was
 * still running under another fence (that worker stopped without finishing, and the queue
 * delivered the job again), which counted as a failure. `finished`: nothing to do. `failed`: that
 * takeover was the last failure allowed; the attempt is now `error`.
 */
export type StartOutcome =
  { kind: 'started'; job: AttemptJob; takenOver: boolean } | { kind: 'finished' } | { kind: 'failed' };

/** What counts when a worker takes over an attempt whose previous worker stopped. */
export interface Takeover {
  maxFailures: number;
  cause: string;
}

/** What happened to an attempt after an infrastructure failure. */
export type FailureOutcome = 'requeued' | 'error' | 'not-running';

/** The job a worker runs: an attempt and what it needs to find the upload. */
export interface AttemptJob {
  attemptId: number;
  attemptNumber: number;
  submissionId: string;
  learner: string;
  lab: string;
  archive: string;
  /** sha256 of the archive's bytes: a worker checks what it read against it. */
  contentHash: string;
  /** The lab's content hash when the attempt was queued; a worker with another version refuses. */
  labHash?: string;
}

/**
 * Where submissions, attempts and accounts live: SQLite embedded (SqliteStore), or PostgreSQL
 * shared by several servers (PostgresStore, whose calls throw StoreUnavailableError while the
 * database cannot be reached). Every method that changes several rows does so in one transaction.
 */
export interface SubmissionStore {
  // Accounts.
  createAccount(name: string, role: Role, tokenHash: string): Promise<Account>;
  addToken(accountName: string, tokenHash: string): Promise<Account | undefined>;
  accountByName(name: string): Promise<Account | undefined>;
  accountByTokenHash(tokenHash: string): Promise<Account | undefined>;
  countAccounts(role: Role): Promise<number>;
  listAccounts(): Promise<Account[]>;

  // Submissions.
  /**
   * Records the upload and its first attempt as queued, unless a duplicate, the learner's rate or
   * a full queue says otherwise. Checks and insert are one transaction, so concurrent uploads
   * cannot get past a limit together.
   */
  createSubmission(input: NewSubmission, limits: CreateLimits): Promise<CreateOutcome>;
  findSubmission(id: string): Promise<Submission | undefined>;
  findByIdempotencyKey(learner: string, key: string): Promise<Submission | undefined>;
  /** Newest first, with each latest attempt's outcome but not its result document. */
  listSubmissions(filter: SubmissionFilter): Promise<ListedSubmission[]>;
  /** How many submissions the filter matches, whatever its limit and offset. */
  countSubmissions(filter: SubmissionFilter): Promise<number>;
  /** A lab's submissions whose latest attempt was graded, with their results (per-stage rates). */
  gradedSubmissions(lab: string): Promise<Submission[]>;
  attempts(submissionId: string): Promise<Attempt[]>;
  /** `labHash`: the lab's content hash now, which the new attempt is to be graded against. */
  regrade(
    submissionId: string,
    requestedBy: string,
    opts: { maxQueued: number; labHash?: string },
  ): Promise<RegradeOutcome>;
  /** Submissions by `learner` created at or after `since` (ISO time), oldest first. */
  recentSubmissionTimes(learner: string, since: string): Promise<string[]>;
  /** Per learner and lab: the best score over every graded attempt (undefined when none was graded). */
  bestScores(): Promise<BestScore[]>;
  countByState(): Promise<Record<Attempt['state'], number>>;

  // Attempt lifecycle, driven by workers. `fence` is the lease token of the worker.
  /** Attempts not finished (queued or running), for rebuilding the queue after a restart. */
  unfinishedAttempts(): Promise<number[]>;
  startAttempt(attemptId: number, fence: string, takeover: Takeover): Promise<StartOutcome>;
  completeAttempt(attemptId: number, fence: string, result: GradeResult): Promise<boolean>;
  /** `fence` given: only when that worker still holds the attempt (a reaper passes none). */
  recordInfraFailure(
    attemptId: number,
    cause: string,
    maxFailures: number,
    fence?: string,
  ): Promise<FailureOutcome>;
  /** Back to queued without counting a failure (graceful shutdown). */
  returnToQueue(attemptId: number, fence: string): Promise<void>;

  close(): Promise<void>;
}
