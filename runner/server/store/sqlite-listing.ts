import type Database from 'better-sqlite3';
import type { AttemptState, ListedSubmission, SubmissionFilter } from './records';
import {
  BEST_SCORES_SQL,
  COUNT_BY_STATE_SQL,
  countQuery,
  listQuery,
  sqliteParam,
  stateCounts,
  toBestScore,
  toListed,
  type BestScoreRow,
  type ListingRow,
} from './listing-query';
import type { BestScore } from './submission-store';

/** The listing queries of listing-query.ts, run on SQLite. */
export function listSubmissions(db: Database.Database, filter: SubmissionFilter): ListedSubmission[] {
  const { sql, params } = listQuery(filter, sqliteParam);
  return (db.prepare(sql).all(...params) as ListingRow[]).map(toListed);
}

export function countSubmissions(db: Database.Database, filter: SubmissionFilter): number {
  const { sql, params } = countQuery(filter, sqliteParam);
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

export function bestScores(db: Database.Database): BestScore[] {
  return (db.prepare(BEST_SCORES_SQL).all() as BestScoreRow[]).map(toBestScore);
}

export function countByState(db: Database.Database): Record<AttemptState, number> {
  return stateCounts(db.prepare(COUNT_BY_STATE_SQL).all() as Array<{ state: AttemptState; n: number }>);
}
