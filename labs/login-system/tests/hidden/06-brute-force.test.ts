import { uniqueUser } from 'backlab/kit';
import {
  ALLOWED_FAILURES,
  WINDOW_SECONDS,
  expectLocked,
  failLogins,
  retryAfterSeconds,
} from '../support/brute-force';
import { attemptLogin, register } from '../support/session';

jest.setTimeout(60_000);

describe('brute-force protection (more cases)', () => {
  test('an email nobody registered is locked too', async () => {
    const nobody = uniqueUser('ghost');
    await failLogins(nobody.email, ALLOWED_FAILURES);
    expectLocked(
      await attemptLogin(nobody.email, nobody.password),
      `Login 6 for the unregistered ${nobody.email}`,
    );
  });

  test('failures in different letter cases count for the same email', async () => {
    const user = uniqueUser('cased');
    await register(user);
    const spellings = [
      user.email,
      user.email.toUpperCase(),
      user.email,
      user.email.toUpperCase(),
      user.email,
    ];
    for (const spelling of spellings) await failLogins(spelling, 1);
    expectLocked(
      await attemptLogin(user.email.toUpperCase(), user.password),
      `Login for ${user.email.toUpperCase()} after 5 failures in mixed case`,
    );
  });

  test('Retry-After is at most the 15-minute window', async () => {
    const user = uniqueUser('retry');
    await register(user);
    await failLogins(user.email, ALLOWED_FAILURES);
    const res = await attemptLogin(user.email, user.password);
    expectLocked(res, `Login 6 for ${user.email}`);
    const seconds = retryAfterSeconds(res.headers['retry-after'] as string | undefined) ?? 0;
    if (seconds > WINDOW_SECONDS + 5) {
      throw new Error(
        `Retry-After says ${seconds} s, but the lock lasts at most 15 minutes (${WINDOW_SECONDS} s)`,
      );
    }
  });

  test('failures spread over several emails do not add up', async () => {
    const users = [uniqueUser('spread'), uniqueUser('spread'), uniqueUser('spread')];
    for (const user of users) {
      await register(user);
      await failLogins(user.email, 2);
    }
    for (const user of users) {
      const res = await attemptLogin(user.email, user.password);
      if (res.status !== 200) {
        throw new Error(
          `Login for ${user.email} after only 2 of its own failures (6 across three emails): expected 200, got ${res.status}`,
        );
      }
    }
  });
});
