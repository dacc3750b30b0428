import type { ErrorRequestHandler } from 'express';
import { errorMessage } from '../../common/errors';
import type { ServerLog } from '../server-log';
import { StoreUnavailableError } from '../store/store-unavailable';
import { UploadRejected } from '../uploads/upload-rejected';

/** How soon a client may try again while the store cannot be reached. */
const STORE_RETRY_AFTER_SECONDS = 10;

/** An answer other than success: status, a stable code for programs, a message for people. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Every API error as `{ error: { code, message, ... } }`; anything unexpected is logged and 500. */
export function apiErrorHandler(log: ServerLog): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) {
      res
        .set(err.headers)
        .status(err.status)
        .json({ error: { code: err.code, message: err.message, ...err.extra } });
      return;
    }
    if (err instanceof UploadRejected) {
      // The client may still be sending; closing is kinder than reading a body we refuse.
      res
        .set('Connection', 'close')
        .status(err.status)
        .json({
          error: {
            code: 'upload-rejected',
            message: err.message,
            ...(err.entry !== undefined ? { entry: err.entry } : {}),
          },
        });
      return;
    }
    if (err instanceof StoreUnavailableError) {
      // No 202 was given, so the client keeps its upload and tries again; a write cut off during
      // its commit may still have landed, which a retry with the same Idempotency-Key finds.
      log.warn('store unreachable', { method: req.method, path: req.path, error: err.message });
      res
        .set('Retry-After', String(STORE_RETRY_AFTER_SECONDS))
        .status(503)
        .json({
          error: {
            code: 'store-unavailable',
            message:
              'the submission database cannot be reached right now; try again (the same Idempotency-Key is safe to resend)',
          },
        });
      return;
    }
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'bad-request', message: errorMessage(err) } });
      return;
    }
    log.error('request failed', {
      method: req.method,
      path: req.path,
      error: errorMessage(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'the server failed; the error is in its log' } });
  };
}
