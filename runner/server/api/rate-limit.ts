import type { SubmissionStore } from '../store/submission-store';

/** At most `max` new submissions per learner within any `windowMs`. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { max: 10, windowMs: 10 * 60_000 };

/** Seconds until `learner` may submit again, or undefined when they may now. */
export async function secondsUntilAllowed(
  store: SubmissionStore,
  learner: string,
  limit: RateLimit,
  now: Date,
): Promise<number | undefined> {
  const since = new Date(now.getTime() - limit.windowMs).toISOString();
  const times = await store.recentSubmissionTimes(learner, since);
  if (times.length < limit.max) return undefined;
  // The window frees up when the oldest submission that keeps it full leaves it.
  const blocking = new Date(times[times.length - limit.max]).getTime();
  return Math.max(1, Math.ceil((blocking + limit.windowMs - now.getTime()) / 1000));
}

/** "10/10m" → { max: 10, windowMs: 600000 }; undefined when it does not parse. */
export function parseRateLimit(
  text: string,
  parseDuration: (t: string) => number | undefined,
): RateLimit | undefined {
  const match = /^(\d+)\s*\/\s*(.+)$/.exec(text.trim());
  if (!match) return undefined;
  const windowMs = parseDuration(match[2]);
  const max = Number(match[1]);
  return windowMs && max > 0 ? { max, windowMs } : undefined;
}
