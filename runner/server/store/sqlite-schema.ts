import type Database from 'better-sqlite3';

/**
 * The schema, as numbered migrations; PRAGMA user_version records how many ran. A new version
 * appends a migration, never edits an old one.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('instructor', 'learner')),
    created_at TEXT NOT NULL
  );
  CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL
  );
  CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    learner TEXT NOT NULL,
    lab TEXT NOT NULL,
    archive TEXT NOT NULL,
    archive_bytes INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    idempotency_key TEXT,
    created_at TEXT NOT NULL,
    current_attempt INTEGER
  );
  CREATE UNIQUE INDEX submissions_idempotency ON submissions (learner, idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE INDEX submissions_content ON submissions (learner, lab, content_hash);
  CREATE INDEX submissions_learner_time ON submissions (learner, created_at);
  CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id TEXT NOT NULL REFERENCES submissions(id),
    number INTEGER NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('submit', 'regrade')),
    requested_by TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'graded', 'error')),
    fence TEXT,
    failures TEXT NOT NULL DEFAULT '[]',
    queued_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    result TEXT,
    result_status TEXT,
    score REAL,
    max_score REAL,
    error_cause TEXT,
    UNIQUE (submission_id, number),
    -- Exactly one terminal outcome: a result when graded, a cause when error, neither before.
    CHECK ((state = 'graded') = (result IS NOT NULL)),
    CHECK ((state = 'error') = (error_cause IS NOT NULL)),
    CHECK (state = 'graded' OR score IS NULL)
  );
  CREATE INDEX attempts_state ON attempts (state);
  CREATE TABLE jobs (
    attempt_id INTEGER PRIMARY KEY,
    available_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_token TEXT,
    lease_expires_at INTEGER,
    deliveries INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX jobs_available ON jobs (lease_token, available_at);
  `,
  // 2: whose failure a result of status error was, beside its status and score, so that lists
  // show "could not grade (the submission's code)" without reading the result.
  `
  ALTER TABLE attempts ADD COLUMN result_error_cause TEXT;
  UPDATE attempts SET result_error_cause = json_extract(result, '$.error.cause') WHERE result IS NOT NULL;
  `,
  // 3: the lab's content hash each attempt is to be graded against, so that a worker with another
  // version of the lab refuses it instead of grading against different tests. Earlier attempts
  // have none (nothing to check them against).
  `
  ALTER TABLE attempts ADD COLUMN lab_hash TEXT;
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the database was written by a newer backlab (schema ${current}, this one knows ${MIGRATIONS.length}); upgrade backlab`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
