import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Account } from '../store/records';
import type { SubmissionStore } from '../store/submission-store';
import { HttpError } from '../api/http-error';
import { hashToken } from './tokens';

/** The account of an authenticated request (set by `authenticate`). */
export function accountOf(res: Response): Account {
  const account = res.locals.account as Account | undefined;
  if (!account) throw new Error('internal: route used without authenticate()');
  return account;
}

export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

/** Bearer token → account; a missing or unknown token is 401. */
export function authenticate(store: SubmissionStore): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    const account = token ? await store.accountByTokenHash(hashToken(token)) : undefined;
    if (!account) {
      res.set('WWW-Authenticate', 'Bearer realm="backlab"');
      throw new HttpError(
        401,
        'unauthorized',
        token
          ? 'the token is not valid on this server'
          : 'send your token as "Authorization: Bearer <token>"',
      );
    }
    res.locals.account = account;
    next();
  };
}

export function requireInstructor(_req: Request, res: Response, next: NextFunction): void {
  if (accountOf(res).role !== 'instructor')
    throw new HttpError(403, 'forbidden', 'only instructors may do this');
  next();
}
