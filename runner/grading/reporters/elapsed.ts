import type { GradeResult } from '../result';

/** How long the whole run took: start to finish, or the phases' sum if the times do not parse. */
export function elapsedMs(result: GradeResult): number {
  const elapsed = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
  if (Number.isFinite(elapsed) && elapsed >= 0) return elapsed;
  return Object.values(result.timings).reduce((sum, ms) => sum + ms, 0);
}
