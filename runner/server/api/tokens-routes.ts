import { Router } from 'express';
import { UserError } from '../../common/errors';
import { accountOf } from '../auth/authenticate';
import { issueToken } from '../auth/issue-token';
import type { SubmissionStore } from '../store/submission-store';
import { HttpError } from './http-error';

/**
 * POST /api/tokens {name, role?} (instructors): a new token for an account, created if new. The
 * token is in this answer only; the server keeps its hash.
 */
export function tokensRoutes(store: SubmissionStore): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const body = (req.body ?? {}) as { name?: unknown; role?: unknown };
    const role = body.role ?? 'learner';
    if (typeof body.name !== 'string')
      throw new HttpError(400, 'bad-request', 'send {"name": "<learner name>"} as JSON');
    if (role !== 'learner' && role !== 'instructor')
      throw new HttpError(400, 'bad-request', 'role must be learner or instructor');
    try {
      const { account, token } = await issueToken(store, body.name, role);
      res.status(201).json({ name: account.name, role: account.role, token, createdBy: accountOf(res).name });
    } catch (err) {
      if (err instanceof UserError)
        throw new HttpError(400, 'bad-request', `${err.message}. ${err.hint ?? ''}`.trim());
      throw err;
    }
  });
  return router;
}
