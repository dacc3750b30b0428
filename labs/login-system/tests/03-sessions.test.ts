import { app, agent, bodyExcerpt, expectStatus, uniqueUser } from 'backlab/kit';
import {
  asSession,
  forgedSession,
  login,
  register,
  replaySession,
  type RegisteredUser,
  type Session,
} from './support/session';

jest.setTimeout(30_000);

function expectMe(res: { status: number; body: unknown }, registered: RegisteredUser, context: string): void {
  const body = (res.body ?? {}) as { id?: unknown; email?: unknown };
  const sameId = String(body.id) === String(registered.id);
  const sameEmail =
    typeof body.email === 'string' && body.email.toLowerCase() === registered.email.toLowerCase();
  if (!sameId || !sameEmail) {
    throw new Error(
      `${context}: expected {"id": ${JSON.stringify(registered.id)}, "email": ${JSON.stringify(registered.email)}}, ` +
        `got ${JSON.stringify(res.body)}`,
    );
  }
}

async function loggedIn(prefix: string): Promise<{ session: Session; registered: RegisteredUser }> {
  const user = uniqueUser(prefix);
  const registered = await register(user);
  return { session: await login(user), registered };
}

describe('sessions: GET /api/me and POST /api/logout', () => {
  test('GET /api/me without a session answers 401', async () => {
    const res = await app().get('/api/me');
    expectStatus(res, 401, 'GET /api/me with no cookie and no token');
  });

  test('GET /api/me after login answers 200 {id, email} of that user', async () => {
    const { session, registered } = await loggedIn('me');
    const res = await asSession(session, 'get', '/api/me');
    expectStatus(res, 200, `GET /api/me as ${session.user.email}, with the cookie/token from login`);
    expectMe(res, registered, `GET /api/me as ${session.user.email}`);
    if (/\$2[aby]?\$|\$argon2|password/i.test(res.text ?? '')) {
      throw new Error(`GET /api/me reveals the password or its hash: ${bodyExcerpt(res)}`);
    }
  });

  test('two users logged in at once each see themselves', async () => {
    const first = await loggedIn('first');
    const second = await loggedIn('second');
    const meFirst = await asSession(first.session, 'get', '/api/me');
    expectStatus(meFirst, 200, `GET /api/me as ${first.session.user.email}`);
    expectMe(
      meFirst,
      first.registered,
      `GET /api/me as ${first.session.user.email} (logged in before ${second.session.user.email})`,
    );
    const meSecond = await asSession(second.session, 'get', '/api/me');
    expectStatus(meSecond, 200, `GET /api/me as ${second.session.user.email}`);
    expectMe(meSecond, second.registered, `GET /api/me as ${second.session.user.email}`);
  });

  test('a forged or altered cookie/token gets 401', async () => {
    const { session } = await loggedIn('forged');
    const altered = await forgedSession(session, 'get', '/api/me');
    expectStatus(altered, 401, 'GET /api/me with the session cookie/token altered in the middle');
    const made = await agent()
      .get('/api/me')
      .set('Authorization', 'Bearer made-up-token')
      .set('Cookie', 'sid=made-up; connect.sid=made-up; token=made-up');
    expectStatus(made, 401, 'GET /api/me with a made-up bearer token and made-up cookies');
  });

  test('POST /api/logout answers 200 or 204, then GET /api/me answers 401', async () => {
    const { session } = await loggedIn('logout');
    const out = await asSession(session, 'post', '/api/logout');
    expectStatus(out, [200, 204], `POST /api/logout as ${session.user.email}`);
    const me = await asSession(session, 'get', '/api/me');
    expectStatus(me, 401, 'GET /api/me from the same client after POST /api/logout');
  });

  test('after logout, a saved copy of the old cookie/token no longer works', async () => {
    const { session, registered } = await loggedIn('replay');
    const before = await replaySession(session, 'get', '/api/me');
    expectStatus(before, 200, 'GET /api/me with a copy of the login cookie/token (before logout)');
    expectMe(before, registered, 'GET /api/me with a copy of the login cookie/token');
    const out = await asSession(session, 'post', '/api/logout');
    expectStatus(out, [200, 204], `POST /api/logout as ${session.user.email}`);
    const after = await replaySession(session, 'get', '/api/me');
    if (after.status !== 401) {
      throw new Error(
        `GET /api/me with a copy of the cookie/token taken before logout: expected 401, got ${after.status} ` +
          `(body: ${bodyExcerpt(after)}). Logout must end the session on the server, not only clear the cookie.`,
      );
    }
  });
});
