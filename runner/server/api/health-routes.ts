import { Router, type Request } from 'express';
import { errorMessage } from '../../common/errors';
import type { AppDeps } from '../app-deps';
import { bearerToken } from '../auth/authenticate';
import { hashToken } from '../auth/tokens';
import { HttpError } from './http-error';

/**
 * GET /api/health: 200 when submissions can be graded, 503 when not (Docker unreachable, images
 * missing; for a scale-out server without workers of its own, the store or queue unreachable);
 * uploads are accepted either way and wait. Monitors need no token and learn only that.
 * Why, the queue and what each worker is grading are for instructors: who submitted what, and the
 * machine's Docker setup, are nobody else's business.
 */
export function healthRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const detailed = await isInstructor(deps, req);
    const readiness = await deps.readiness().catch((err: unknown) => ({
      ready: false,
      reason: errorMessage(err),
      docker: { reachable: false, error: errorMessage(err) },
      images: [],
    }));
    res.status(readiness.ready ? 200 : 503);
    if (!detailed) return void res.json({ ok: readiness.ready });
    const [queue, counts, workers] = await Promise.all([
      // The queue (Redis in the scale-out mode) may be away while the store answers.
      deps.queue.stats().catch((err: unknown) => ({ error: errorMessage(err) })),
      deps.store.countByState(),
      deps.workers.status(),
    ]);
    res.json({
      ok: readiness.ready,
      ...(readiness.reason ? { reason: readiness.reason } : {}),
      docker: readiness.docker,
      images: readiness.images,
      queue: {
        depth: counts.queued,
        running: counts.running,
        ...('error' in queue
          ? { unreachable: queue.error }
          : { waitingJobs: queue.waiting, leasedJobs: queue.leased }),
        limit: deps.maxQueued,
      },
      workers: { count: workers.workers, busy: workers.busy },
      labs: deps.labs.ids(),
    });
  });
  return router;
}

/** No token: anonymous. A token that is not valid is refused, so a typo is not mistaken for "no details". */
async function isInstructor(deps: AppDeps, req: Request): Promise<boolean> {
  const token = bearerToken(req);
  if (!token) return false;
  const account = await deps.store.accountByTokenHash(hashToken(token));
  if (!account) {
    throw new HttpError(
      401,
      'unauthorized',
      'the token is not valid on this server; send none for the public health check',
      {},
      {
        'WWW-Authenticate': 'Bearer realm="backlab"',
      },
    );
  }
  return account.role === 'instructor';
}
