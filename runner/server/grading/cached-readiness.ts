import type { Grader, GraderReadiness } from './grader';

/**
 * The same grader, with its readiness remembered for `ttlMs`: workers ask before every claim and
 * monitors poll /api/health, and neither should cost a Docker round trip each time.
 */
export function withCachedReadiness(grader: Grader, ttlMs: number, now: () => number = Date.now): Grader {
  let cached: { value: Promise<GraderReadiness>; at: number } | undefined;
  return {
    readiness: () => {
      if (!cached || now() - cached.at >= ttlMs) {
        const value = grader.readiness();
        cached = { value, at: now() };
        // A failed check is not remembered.
        value.catch(() => (cached = undefined));
      }
      return cached.value;
    },
    recover: () => grader.recover(),
    grade: (job, progress, signal) => grader.grade(job, progress, signal),
    removeRun: (runId) => grader.removeRun(runId),
  };
}
