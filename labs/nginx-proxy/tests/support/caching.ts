/** Reading cache lifetimes from Cache-Control. */
import type { Response } from 'supertest';

export const ONE_DAY = 24 * 60 * 60;
/** Pages may be cached this long at most, so a new version shows up quickly. */
export const PAGE_MAX_AGE = 5 * 60;

/** max-age in seconds, 0 for no-cache/no-store, undefined when the response says nothing. */
export function maxAge(res: Response): number | undefined {
  const header = cacheControl(res);
  if (header === undefined) return undefined;
  if (/\b(no-cache|no-store)\b/i.test(header)) return 0;
  const match = /\bmax-age=(\d+)/i.exec(header);
  return match ? Number(match[1]) : undefined;
}

export function cacheControl(res: Response): string | undefined {
  const value = res.headers['cache-control'];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Fails unless browsers may keep the asset for at least a day. */
export function expectLongCache(res: Response, context: string): void {
  const age = maxAge(res);
  if (age === undefined || age < ONE_DAY) {
    throw new Error(
      `${context}: expected Cache-Control with max-age of at least ${ONE_DAY} (one day), got ${describeCache(res)}. ` +
        'Give /assets/ a cache lifetime, e.g. expires 7d;',
    );
  }
}

export function describeCache(res: Response): string {
  const header = cacheControl(res);
  return header === undefined ? 'no Cache-Control header' : `"Cache-Control: ${header}"`;
}
