import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { hashToken } from '../auth/tokens';
import type { SubmissionStore } from '../store/submission-store';

/**
 * The dashboard signs in with the same bearer token, pasted once into a form and then kept in an
 * HttpOnly, SameSite=Strict cookie (scripts cannot read it, other sites cannot send it). Forms that
 * change something also carry a token derived from it, as a second guard against cross-site posts.
 */
export const SESSION_COOKIE = 'backlab_session';

export function cookieToken(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}; Max-Age=${60 * 60 * 24 * 30}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

export function csrfFor(token: string): string {
  return createHash('sha256').update(`csrf\0${token}`).digest('hex').slice(0, 32);
}

/** Signed-in pages: the account in res.locals (and the form token), or a redirect to /login. */
export function dashboardAuth(store: SubmissionStore): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = cookieToken(req);
    const account = token ? await store.accountByTokenHash(hashToken(token)) : undefined;
    if (!token || !account) {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    res.locals.account = account;
    res.locals.csrf = csrfFor(token);
    next();
  };
}

/** Rejects a form post whose csrf field does not match the session. */
export function checkCsrf(req: Request, res: Response, next: NextFunction): void {
  const sent = Buffer.from(String((req.body as Record<string, unknown> | undefined)?.csrf ?? ''));
  const expected = Buffer.from(String(res.locals.csrf ?? ''));
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    res.status(403).type('text/plain').send('This form has expired; reload the page and try again.');
    return;
  }
  next();
}
