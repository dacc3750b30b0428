/**
 * The store's database cannot be reached (down, restarting, refusing connections, or the
 * connection broke mid-call). The API answers 503 with Retry-After: it is worth trying again, and
 * is not the request's fault. A write whose COMMIT was cut off may or may not have been recorded;
 * a repeated upload with the same Idempotency-Key, or of the same content, finds it if it was.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(cause: unknown) {
    super(`the submission database is unavailable: ${causeMessage(cause)}`, { cause });
  }
}

/** Node's AggregateError (one error per address tried) often has no message of its own. */
function causeMessage(err: unknown): string {
  const { message, errors } = (typeof err === 'object' && err ? err : {}) as {
    message?: unknown;
    errors?: unknown;
  };
  if (!message && Array.isArray(errors)) return errors.map(causeMessage).join('; ');
  return typeof message === 'string' ? message : String(err);
}

/** Socket errors of a connection that could not be made or broke. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is there but will not serve now: admin_shutdown, crash_shutdown,
 * cannot_connect_now (starting or stopping), too_many_connections. Class 08 (connection
 * exceptions) is matched by prefix.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What pg says, without a code, when a connection ended, timed out, or broke earlier. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
];

/**
 * Whether `err` means the database is unreachable now, rather than a mistake of the query. Read
 * from the error's fields, not its class: errors of Node's sockets may come from another realm
 * (jest's sandbox, a worker) where `instanceof Error` is false.
 */
export function isConnectionError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message, errors } = err as { code?: unknown; message?: unknown; errors?: unknown };
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  if (Array.isArray(errors) && errors.some(isConnectionError)) return true;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || /^08/.test(code)))
    return true;
  return typeof message === 'string' && PG_MESSAGES.some((pattern) => pattern.test(message));
}

/** `err` as a StoreUnavailableError when it is a connection failure, else as it is. */
export function unavailableOr(err: unknown): unknown {
  return isConnectionError(err) && !(err instanceof StoreUnavailableError)
    ? new StoreUnavailableError(err)
    : err;
}
