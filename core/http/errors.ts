import {
  DomainError,
  Internal,
  InvalidInput,
  TooLarge,
  Unavailable,
  type ErrorBody,
  type ErrorKind
} from '../../contracts/errors';
import { isConnectionError } from '../platform/connection-errors';

/** The one mapping from domain errors to HTTP: a status per kind, the contract's body as is. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  too_large: 413,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
  unavailable: 503,
  internal: 500
};

/** An HTTP answer for an error: a status and the contract's `{error:{code,message,details}}`. */
export interface HttpError {
  status: number;
  body: ErrorBody;
  /** False for errors nothing in the product knew (the caller logs them as bugs). */
  known: boolean;
}

/**
 * Maps any error to its HTTP answer. Besides domain errors it knows body-parser's (malformed JSON,
 * oversized bodies, other client errors it exposes) and lost database or Redis connections (503:
 * the request was fine and may be retried); anything else is a 500 that hides the cause.
 */
export function toHttpError(err: unknown): HttpError {
  const domain = toDomainError(err);
  if (domain) return { status: HTTP_STATUS[domain.kind], body: domain.toBody(), known: true };
  const e = err as { status?: number; expose?: boolean; message?: string };
  if (e?.expose && typeof e.status === 'number' && e.status < 500) {
    // http-errors from body-parser already carry their status: it is the HTTP layer's own.
    return { status: e.status, body: new InvalidInput(e.message ?? 'Bad request').toBody(), known: true };
  }
  return { status: 500, body: new Internal().toBody(), known: false };
}

function toDomainError(err: unknown): DomainError | null {
  if (err instanceof DomainError) return err;
  const e = err as { type?: string };
  if (e?.type === 'entity.parse.failed')
    return new InvalidInput('The request body is not valid JSON.', undefined, 'invalid_json');
  if (e?.type === 'entity.too.large') return new TooLarge('The request body is too large.');
  if (isConnectionError(err)) return new Unavailable();
  return null;
}
