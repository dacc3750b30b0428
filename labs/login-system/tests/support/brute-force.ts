/** Helpers for the brute-force stage: failing logins on purpose and reading the lock. */
import type { Response } from 'supertest';
import { bodyExcerpt, type TestUser } from 'backlab/kit';
import { attemptLogin } from './session';

export const ALLOWED_FAILURES = 5;
export const WINDOW_SECONDS = 15 * 60;

/** Sends `count` wrong passwords for `email`; each must be an ordinary 401, not yet a lock. */
export async function failLogins(email: string, count: number): Promise<void> {
  for (let attempt = 1; attempt <= count; attempt += 1) {
    const res = await attemptLogin(email, `wrong-password-${attempt}`);
    if (res.status !== 401) {
      throw new Error(
        `Failed login ${attempt} of ${count} for ${email}: expected 401, got ${res.status} (body: ${bodyExcerpt(res)}). ` +
          `The first ${ALLOWED_FAILURES} failures must be answered normally; lock only from attempt ${ALLOWED_FAILURES + 1}.`,
      );
    }
  }
}

/** Fails unless `res` is a 429 with a usable Retry-After header. */
export function expectLocked(res: Response, context: string): void {
  if (res.status !== 429) {
    throw new Error(
      `${context}: expected 429 Too Many Requests after ${ALLOWED_FAILURES} failed logins within 15 minutes, ` +
        `got ${res.status} (body: ${bodyExcerpt(res)})`,
    );
  }
  const header = res.headers['retry-after'] as string | undefined;
  if (retryAfterSeconds(header) === undefined) {
    throw new Error(
      `${context}: the 429 needs a Retry-After header with the seconds to wait (e.g. "Retry-After: 900"), got ${header === undefined ? 'none' : JSON.stringify(header)}`,
    );
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or undefined when unusable. */
export function retryAfterSeconds(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) {
    const seconds = Number(header.trim());
    return seconds > 0 ? seconds : undefined;
  }
  const at = Date.parse(header);
  if (Number.isNaN(at) || at <= Date.now()) return undefined;
  return Math.ceil((at - Date.now()) / 1000);
}

export async function loginWithRightPassword(user: TestUser): Promise<Response> {
  return attemptLogin(user.email, user.password);
}
