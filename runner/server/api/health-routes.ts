import { Router } from 'express';
import { errorMessage } from '../../common/errors';
import type { AppDeps } from '../app-deps';

/**
 * GET /api/health, without a token (for monitors): 200 when submissions can be graded, 503 with
 * the reason when not (Docker unreachable, images missing). Uploads are accepted either way and wait.
 */
export function healthRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const [readiness, queue, counts, workers] = await Promise.all([
      deps.grader.readiness().catch((err: unknown) => ({
        ready: false,
        reason: errorMessage(err),
        docker: { reachable: false, error: errorMessage(err) },
        images: [],
      })),
      deps.queue.stats(),
      deps.store.countByState(),
      deps.workers.status(),
    ]);
    res.status(readiness.ready ? 200 : 503).json({
      ok: readiness.ready,
      ...(readiness.reason ? { reason: readiness.reason } : {}),
      docker: readiness.docker,
      images: readiness.images,
      queue: {
        depth: counts.queued,
        running: counts.running,
        waitingJobs: queue.waiting,
        leasedJobs: queue.leased,
        limit: deps.maxQueued,
      },
      workers: { count: workers.workers, busy: workers.busy },
      labs: deps.labs.ids(),
    });
  });
  return router;
}
