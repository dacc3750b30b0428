/**
 * Logging in the way the lab allows: a session cookie, a bearer token, or both.
 * A Session sends whatever the app handed out, so tests work with either design.
 */
import type { Response, Test } from 'supertest';
import { agent, app, bodyExcerpt, expectStatus, type TestUser } from 'backlab/kit';

type Client = ReturnType<typeof agent>;
type Method = 'get' | 'post';

export interface Session {
  user: TestUser;
  /** Keeps the cookies the app sets, like a browser. */
  client: Client;
  /** The `token` from the login response body, when the app uses tokens. */
  token?: string;
  /** `name=value` of every cookie set at login, to replay them later from a fresh client. */
  cookies: string[];
  loginResponse: Response;
}

export interface RegisteredUser {
  id: unknown;
  email: string;
}

const json = { 'Content-Type': 'application/json' };

/** Registers `user` and returns the response body; fails with the app's answer when it is not 201. */
export async function register(user: TestUser, why = 'to set up this test'): Promise<RegisteredUser> {
  const res = await app().post('/api/register').set(json).send(user);
  expectStatus(res, 201, `POST /api/register (${why}) for ${user.email}`);
  return res.body as RegisteredUser;
}

/** POST /api/login from `client` (a fresh one unless given), without judging the answer. */
export function attemptLogin(email: unknown, password: unknown, client: Client = agent()): Test {
  return client.post('/api/login').set(json).send({ email, password });
}

/** Logs `user` in; fails with the app's answer when it is not 200 or hands out no cookie or token. */
export async function login(user: TestUser, why = 'to set up this test'): Promise<Session> {
  const client = agent();
  const res = await attemptLogin(user.email, user.password, client);
  expectStatus(res, 200, `POST /api/login (${why}) with the right password for ${user.email}`);
  const token = typeof res.body?.token === 'string' ? (res.body.token as string) : undefined;
  const cookies = setCookies(res).map((header) => header.split(';')[0].trim());
  if (!token && cookies.length === 0) {
    throw new Error(
      `POST /api/login returned 200 but no session: expected a Set-Cookie header or a JSON body with "token", ` +
        `got headers without Set-Cookie and body ${bodyExcerpt(res)}`,
    );
  }
  return { user, client, token, cookies, loginResponse: res };
}

/** A request as the logged-in client: its cookie jar plus the bearer token, if any. */
export function asSession(session: Session, method: Method, path: string): Test {
  return withToken(session.client[method](path), session.token);
}

/** A request from a brand-new client that replays the cookies and token captured at login. */
export function replaySession(session: Session, method: Method, path: string): Test {
  const req = app()[method](path);
  if (session.cookies.length > 0) req.set('Cookie', session.cookies.join('; '));
  return withToken(req, session.token);
}

/** A request carrying altered copies of the session's cookies and token, as a forger would send. */
export function forgedSession(session: Session, method: Method, path: string): Test {
  const req = app()[method](path);
  const cookies = session.cookies.map((pair) => {
    const eq = pair.indexOf('=');
    return `${pair.slice(0, eq)}=${tamper(pair.slice(eq + 1))}`;
  });
  if (cookies.length > 0) req.set('Cookie', cookies.join('; '));
  return withToken(req, session.token === undefined ? undefined : tamper(session.token));
}

/** Every Set-Cookie header of a response (supertest gives a string, an array or nothing). */
export function setCookies(res: Response): string[] {
  const header = res.headers['set-cookie'] as string | string[] | undefined;
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [header];
}

function withToken(req: Test, token: string | undefined): Test {
  return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
}

// Changes characters in the middle, where signatures and ids live (an edge character may be padding).
function tamper(value: string): string {
  if (value.length < 4) return `${value}forged`;
  const at = Math.floor(value.length / 2);
  const swapped = [...value.slice(at, at + 3)].map((c) => (c === 'A' ? 'B' : 'A')).join('');
  return value.slice(0, at) + swapped + value.slice(at + 3);
}
