import type { SubmissionStore } from '../store/submission-store';
import { HttpError } from './http-error';

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
  return times.length < limit.max ? undefined : secondsUntilFree(times, limit, now);
}

/** With the window full (`times`, oldest first), seconds until its oldest blocking entry leaves it. */
export function secondsUntilFree(times: string[], limit: RateLimit, now: Date): number {
  const blocking = new Date(times[times.length - limit.max]).getTime();
  return Math.max(1, Math.ceil((blocking + limit.windowMs - now.getTime()) / 1000));
}

/** The 429 answer, with Retry-After. */
export function rateLimited(limit: RateLimit, waitSeconds: number): HttpError {
  return new HttpError(
    429,
    'rate-limited',
    `you may submit ${limit.max} times per ${Math.round(limit.windowMs / 60000)} minutes; try again in ${waitSeconds} s`,
    { retryAfter: waitSeconds },
    { 'Retry-After': String(waitSeconds), Connection: 'close' },
  );
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
