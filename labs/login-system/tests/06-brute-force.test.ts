import { bodyExcerpt, expectStatus, uniqueUser } from 'backlab/kit';
import { ALLOWED_FAILURES, expectLocked, failLogins, loginWithRightPassword } from './support/brute-force';
import { attemptLogin, register } from './support/session';

jest.setTimeout(60_000);

describe('brute-force protection', () => {
  test('five failed logins get 401, the sixth attempt gets 429', async () => {
    const user = uniqueUser('brute');
    await register(user);
    await failLogins(user.email, ALLOWED_FAILURES);
    const sixth = await attemptLogin(user.email, 'wrong-password-6');
    expectLocked(sixth, `Failed login 6 for ${user.email}`);
  });

  test('a locked email is refused even with the right password, with Retry-After', async () => {
    const user = uniqueUser('locked');
    await register(user);
    await failLogins(user.email, ALLOWED_FAILURES);
    const res = await loginWithRightPassword(user);
    expectLocked(
      res,
      `POST /api/login with the RIGHT password for ${user.email} after ${ALLOWED_FAILURES} failures`,
    );
  });

  test('the lock is per email: another user still logs in', async () => {
    const attacked = uniqueUser('attacked');
    const bystander = uniqueUser('bystander');
    await register(attacked);
    await register(bystander);
    await failLogins(attacked.email, ALLOWED_FAILURES);
    expectLocked(
      await loginWithRightPassword(attacked),
      `POST /api/login for ${attacked.email} after ${ALLOWED_FAILURES} failures`,
    );
    const res = await loginWithRightPassword(bystander);
    if (res.status !== 200) {
      throw new Error(
        `POST /api/login for ${bystander.email} (no failures of its own) while ${attacked.email} is locked: expected 200, got ${res.status} ` +
          `(body: ${bodyExcerpt(res)}). Count failures per email, not for the whole app or per IP address.`,
      );
    }
  });

  test('four failures do not lock: the right password still works', async () => {
    const user = uniqueUser('four');
    await register(user);
    await failLogins(user.email, ALLOWED_FAILURES - 1);
    const res = await loginWithRightPassword(user);
    expectStatus(
      res,
      200,
      `POST /api/login with the right password for ${user.email} after only ${ALLOWED_FAILURES - 1} failures`,
    );
  });
});
