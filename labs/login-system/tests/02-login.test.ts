import { bodyExcerpt, expectStatus, uniqueUser } from 'backlab/kit';
import { attemptLogin, register, setCookies } from './support/session';

jest.setTimeout(30_000);

describe('POST /api/login', () => {
  test('logs in with the right password: 200 and an HttpOnly session cookie or a token', async () => {
    const user = uniqueUser('login');
    await register(user);
    const res = await attemptLogin(user.email, user.password);
    expectStatus(res, 200, `POST /api/login with the right password for ${user.email}`);
    if (typeof res.body?.token === 'string' && res.body.token.length > 0) return;
    const cookies = setCookies(res);
    if (cookies.length === 0) {
      throw new Error(
        `POST /api/login: expected a Set-Cookie header (a session cookie) or a JSON body with "token", got neither. Body: ${bodyExcerpt(res)}`,
      );
    }
    if (!cookies.some((cookie) => /;\s*httponly/i.test(cookie))) {
      throw new Error(
        `POST /api/login: the session cookie must be HttpOnly so page scripts cannot read it; got Set-Cookie: ${cookies.join(' | ')}`,
      );
    }
  });

  test('rejects a wrong password with 401 {error}', async () => {
    const user = uniqueUser('login');
    await register(user);
    const res = await attemptLogin(user.email, `${user.password}-wrong`);
    expectStatus(res, 401, `POST /api/login with a wrong password for ${user.email}`);
    if (typeof res.body?.error !== 'string') {
      throw new Error(
        `POST /api/login with a wrong password: expected a JSON body like {"error": "…"}, got ${bodyExcerpt(res)}`,
      );
    }
    if (res.body?.token !== undefined) {
      throw new Error(`POST /api/login with a wrong password handed out a token: ${bodyExcerpt(res)}`);
    }
  });

  test('answers an unknown email exactly like a wrong password (401, same body)', async () => {
    const user = uniqueUser('login');
    await register(user);
    const wrongPassword = await attemptLogin(user.email, `${user.password}-wrong`);
    const unknown = uniqueUser('nobody');
    const unknownEmail = await attemptLogin(unknown.email, unknown.password);
    expectStatus(unknownEmail, 401, `POST /api/login with an email nobody registered (${unknown.email})`);
    if (unknownEmail.status !== wrongPassword.status || unknownEmail.text !== wrongPassword.text) {
      throw new Error(
        `POST /api/login must not reveal which emails have accounts: an unknown email got ${unknownEmail.status} ` +
          `${bodyExcerpt(unknownEmail)} but a wrong password got ${wrongPassword.status} ${bodyExcerpt(wrongPassword)}`,
      );
    }
  });

  test('never returns the password or its hash', async () => {
    const user = uniqueUser('login');
    await register(user);
    const res = await attemptLogin(user.email, user.password);
    expectStatus(res, 200, `POST /api/login with the right password for ${user.email}`);
    const text = res.text ?? '';
    if (text.includes(user.password) || /\$2[aby]?\$|\$argon2|password_hash|passwordHash/.test(text)) {
      throw new Error(
        `POST /api/login: the response reveals the password or its hash. Body: ${bodyExcerpt(res)}`,
      );
    }
  });

  test('rejects missing fields with 400 or 401, never 200 or 500', async () => {
    const user = uniqueUser('login');
    await register(user);
    const cases: Array<[string, unknown, unknown]> = [
      ['no email and no password', undefined, undefined],
      ['no password', user.email, undefined],
      ['an empty password', user.email, ''],
      ['no email', undefined, user.password],
    ];
    for (const [what, email, password] of cases) {
      const res = await attemptLogin(email, password);
      expectStatus(res, [400, 401], `POST /api/login with ${what}`);
    }
  });
});
