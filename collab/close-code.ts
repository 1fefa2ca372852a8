import { DomainError, type ErrorKind } from '../contracts/errors';
import { CLOSE } from './protocol';

/**
 * The one mapping from domain errors to collab close codes. Refusals get 44xx (the stock provider
 * stops reconnecting: asking again cannot help); failures on our side get 1011, which it retries.
 */
export const CLOSE_CODE: Record<ErrorKind, number> = {
  invalid_input: CLOSE.badMessage,
  unauthenticated: CLOSE.signedOut,
  forbidden: CLOSE.accessRevoked,
  not_found: CLOSE.notFound,
  conflict: CLOSE.changeRefused,
  precondition_failed: CLOSE.changeRefused,
  too_large: CLOSE.badMessage,
  unprocessable: CLOSE.changeRefused,
  locked: CLOSE.signedOut,
  rate_limited: CLOSE.tryAgainLater,
  unavailable: CLOSE.internalError,
  internal: CLOSE.internalError
};

/** The close code for an error; errors of no known class are our failure (1011). */
export function closeCodeOf(err: unknown): number {
  return err instanceof DomainError ? CLOSE_CODE[err.kind] : CLOSE.internalError;
}
