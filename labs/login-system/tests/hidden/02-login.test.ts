import { expectStatus, uniqueUser } from 'backlab/kit';
import { attemptLogin, register } from '../support/session';

jest.setTimeout(30_000);

describe('POST /api/login (more cases)', () => {
  test('the email is case-insensitive at login', async () => {
    const user = uniqueUser('case');
    await register(user);
    const res = await attemptLogin(user.email.toUpperCase(), user.password);
    expectStatus(res, 200, `POST /api/login as ${user.email.toUpperCase()} (registered as ${user.email})`);
  });

  test('the password is case- and space-sensitive', async () => {
    const user = uniqueUser('exact');
    await register(user);
    for (const password of [user.password.toUpperCase(), `${user.password} `, ` ${user.password}`]) {
      const res = await attemptLogin(user.email, password);
      expectStatus(
        res,
        401,
        `POST /api/login for ${user.email} with the password altered to ${JSON.stringify(password)}`,
      );
    }
  });

  test('a user registered later logs in while earlier ones still can', async () => {
    const users = [uniqueUser('many'), uniqueUser('many'), uniqueUser('many')];
    for (const user of users) await register(user);
    for (const user of [...users].reverse()) {
      const res = await attemptLogin(user.email, user.password);
      expectStatus(res, 200, `POST /api/login as ${user.email}`);
    }
  });

  test('an email with a +tag logs in like any other', async () => {
    const base = uniqueUser('plus');
    const user = { ...base, email: base.email.replace('@', '+news@') };
    await register(user, 'with a +tag in the email');
    const res = await attemptLogin(user.email, user.password);
    expectStatus(res, 200, `POST /api/login as ${user.email}`);
  });
});
