import type { AttemptState, ListedSubmission, SubmissionFilter } from './records';
import {
  BEST_SCORES_SQL,
  COUNT_BY_STATE_SQL,
  countQuery,
  listQuery,
  postgresParam,
  stateCounts,
  toBestScore,
  toListed,
  type BestScoreRow,
  type ListingRow,
} from './listing-query';
import type { Sql } from './postgres-pool';
import type { BestScore } from './submission-store';

/** The listing queries of listing-query.ts, run on PostgreSQL. */
export async function listSubmissions(db: Sql, filter: SubmissionFilter): Promise<ListedSubmission[]> {
  const { sql, params } = listQuery(filter, postgresParam);
  return (await db.rows<ListingRow>(sql, params)).map(toListed);
}

export async function countSubmissions(db: Sql, filter: SubmissionFilter): Promise<number> {
  const { sql, params } = countQuery(filter, postgresParam);
  return (await db.row<{ n: number }>(sql, params))!.n;
}

export async function bestScores(db: Sql): Promise<BestScore[]> {
  return (await db.rows<BestScoreRow>(BEST_SCORES_SQL)).map(toBestScore);
}

export async function countByState(db: Sql): Promise<Record<AttemptState, number>> {
  return stateCounts(await db.rows<{ state: AttemptState; n: number }>(COUNT_BY_STATE_SQL));
}
