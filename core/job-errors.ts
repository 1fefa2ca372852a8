import { isConnectionError } from './platform/connection-errors';
import { DomainError, isRefusal } from '../contracts/errors';

/**
 * A job failure that running again cannot fix (a malformed or missing file, input that fails its
 * rules): the job fails at once with this message instead of after its retries.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** A job failure that may pass on its own (a dependency down, a timeout): the queue retries it. */
export class TransientJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientJobError';
  }
}

/**
 * Whether a failed job run is worth another attempt, decided by the error's class: permanent job
 * errors and domain refusals (not found, invalid, forbidden …) are not; transient job errors, lost
 * connections and an unavailable dependency are. Errors of no known class are retried, as every
 * error was before classes decided, so an unforeseen failure still gets its retries.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof PermanentJobError) return false;
  if (err instanceof TransientJobError) return true;
  if (isConnectionError(err)) return true;
  if (err instanceof DomainError) return !isRefusal(err);
  return true;
}
