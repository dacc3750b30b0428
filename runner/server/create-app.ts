import express, { type Express } from 'express';
import type { AppDeps } from './app-deps';
import { authenticate, requireInstructor } from './auth/authenticate';
import { healthRoutes } from './api/health-routes';
import { apiErrorHandler, HttpError } from './api/http-error';
import { labsRoutes } from './api/labs-routes';
import { submissionsRoutes } from './api/submissions-routes';
import { tokensRoutes } from './api/tokens-routes';
import { dashboardRoutes } from './dashboard/dashboard-routes';

/**
 * The submission server's HTTP app: the JSON API under /api and the dashboard. Built from its
 * dependencies and never listening itself, so tests mount it on any port with fakes.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  const api = express.Router();
  api.use('/health', healthRoutes(deps));
  api.use(authenticate(deps.store));
  api.use('/labs', labsRoutes(deps.labs));
  api.use('/submissions', submissionsRoutes(deps));
  api.use('/tokens', requireInstructor, express.json({ limit: '16kb' }), tokensRoutes(deps.store));
  api.use((req) => {
    throw new HttpError(404, 'not-found', `no API route ${req.method} ${req.originalUrl}`);
  });
  api.use(apiErrorHandler(deps.log));
  app.use('/api', api);

  app.use(dashboardRoutes(deps));
  app.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    deps.log.error('dashboard request failed', {
      path: req.path,
      error: err instanceof Error ? err.message : String(err),
    });
    if (res.headersSent) return next(err);
    res.status(500).type('text/plain').send('The server failed; the error is in its log.');
  });
  return app;
}
