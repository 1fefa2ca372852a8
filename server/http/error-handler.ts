import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, BadRequest, NotFound, PayloadTooLarge, ServiceUnavailable } from './errors';

/** Unknown /api paths get the contract's error body rather than the web app's HTML 404. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new NotFound(`Route ${req.method} ${req.baseUrl}${req.path}`, 'route_not_found'));
};

/** Maps every error to `{error:{code,message,details}}`; unexpected ones are logged and hidden. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = toAppError(err);
  if (!known) {
    req.log?.error({ err }, 'unhandled error');
  } else if (known.status === 503) {
    req.log?.warn({ err }, 'a dependency is unavailable');
  }
  const e =
    known ?? new AppError(500, 'internal_error', 'Something went wrong on our side; it has been logged.');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(e.status).json(e.toBody());
};

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  // body-parser's errors: malformed JSON and oversized bodies are the client's doing.
  if (e?.type === 'entity.parse.failed')
    return new BadRequest('The request body is not valid JSON.', undefined, 'invalid_json');
  if (e?.type === 'entity.too.large') return new PayloadTooLarge('The request body is too large.');
  if (e?.expose && typeof e.status === 'number' && e.status < 500) {
    return new AppError(e.status, 'bad_request', e.message ?? 'Bad request');
  }
  if (isConnectionError(err)) return new ServiceUnavailable();
  return null;
}

const CONNECTION_ERROR_NAMES = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
  'MaxRetriesPerRequestError',
  'QueueUnavailableError'
]);
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'NR_CLOSED'
]);
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|the database system is (starting up|shutting down|in recovery mode)|Connection is closed/i;

/**
 * The database (or Redis) went away under the request: the request itself was fine and may be
 * retried, so it is a 503, not a 500. Looks through Sequelize's and pg's wrappers, and at SQLSTATE
 * classes 08 (connection exception) and 57P (operator intervention: shutdown, crash, starting up).
 */
export function isConnectionError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as {
    name?: string;
    code?: unknown;
    message?: string;
    parent?: unknown;
    original?: unknown;
    cause?: unknown;
  };
  if (e.name && CONNECTION_ERROR_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && (CONNECTION_ERROR_CODES.has(e.code) || /^(08|57P)/.test(e.code)))
    return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  return [e.parent, e.original, e.cause].some(
    (inner) => inner !== err && isConnectionError(inner, depth + 1)
  );
}
