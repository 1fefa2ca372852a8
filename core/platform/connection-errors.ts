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
 * The database (or Redis) went away under the operation: the operation itself was fine and may be
 * retried. Looks through Sequelize's and pg's wrappers, and at SQLSTATE classes 08 (connection
 * exception) and 57P (operator intervention: shutdown, crash, starting up).
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
