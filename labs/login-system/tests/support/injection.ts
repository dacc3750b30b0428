/** Helpers for the SQL injection stage: classic payloads, and checks that they did nothing. */
import { app, bodyExcerpt, expectStatus, type TestUser } from 'backlab/kit';
import { attemptLogin } from './session';
import { findUserRow, usersTableExists } from './users-table';

/** Statuses a refused login may have: bad input, wrong credentials, or locked by the rate limit. */
export const REFUSED = [400, 401, 429];

const ADVICE =
  'build queries with ? placeholders (pool.execute(sql, [values])), never by pasting values into the SQL text';

/** Tries to log in with each payload and fails on any answer but a refusal, explaining what it means. */
export async function expectLoginsRefused(
  attempts: Array<{ email: unknown; password: unknown }>,
  what: string,
): Promise<void> {
  for (const { email, password } of attempts) {
    const res = await attemptLogin(email, password);
    if (REFUSED.includes(res.status)) continue;
    const sent = `email ${JSON.stringify(email)} and password ${JSON.stringify(password)}`;
    const meaning =
      res.status === 200
        ? 'the injected SQL logged the attacker in'
        : res.status >= 500
          ? 'the input broke the SQL query'
          : 'unexpected status';
    throw new Error(
      `POST /api/login with ${what} (${sent}): expected 400, 401 or 429, got ${res.status} — ${meaning}. ` +
        `Body: ${bodyExcerpt(res)}. Fix: ${ADVICE}.`,
    );
  }
}

/** Fails unless /health answers 200, the users table exists and every one of `users` is still in it. */
export async function expectDatabaseIntact(users: TestUser[]): Promise<void> {
  const health = await app().get('/health');
  expectStatus(health, 200, 'GET /health after the injection attempts');
  if (!(await usersTableExists())) {
    throw new Error(
      `The users table no longer exists after the injection attempts: a DROP TABLE got through. Fix: ${ADVICE}.`,
    );
  }
  for (const user of users) {
    if (!(await findUserRow(user.email))) {
      throw new Error(
        `The users row for ${user.email} disappeared during the injection attempts. Fix: ${ADVICE}.`,
      );
    }
  }
}
