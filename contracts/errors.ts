/**
 * The one error hierarchy of the product. Services, repositories and jobs throw these; they say
 * what went wrong, never how a transport reports it. Each transport maps them in one place:
 * HTTP (core/http/errors.ts), Socket.IO acks (server/realtime/ack-error.ts) and collab
 * WebSocket close codes (collab/close-code.ts). Free of express and every transport on purpose:
 * workers use it too.
 */

/** What kind of failure an error is; every mapping is a total record over these. */
export type ErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'too_large'
  | 'unprocessable'
  | 'locked'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** The contract's error body: `{error:{code,message,details}}`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;

  constructor(
    /** The contract's machine-readable code, e.g. `dataset_not_ready`. */
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message);
    this.name = new.target.name;
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details })
      }
    };
  }
}

/** The input is malformed; `details` carries field issues where there are any. */
export class InvalidInput extends DomainError {
  readonly kind = 'invalid_input';
  constructor(message: string, details?: unknown, code = 'bad_request') {
    super(code, message, details);
  }
}

export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated';
  constructor(message = 'Sign in to continue.', code = 'unauthorized', details?: unknown) {
    super(code, message, details);
  }
}

export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
  constructor(message = 'You are not allowed to do that.', code = 'forbidden') {
    super(code, message);
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(what = 'Resource', code = 'not_found') {
    super(code, `${what} not found.`);
  }
}

/** The subject is not in a state that allows this (e.g. `dataset_not_ready`, `name_taken`). */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(code, message, details);
  }
}

/** A one-time thing was already done (an upload link used twice). */
export class PreconditionFailed extends DomainError {
  readonly kind = 'precondition_failed';
  constructor(message: string, code = 'precondition_failed') {
    super(code, message);
  }
}

export class TooLarge extends DomainError {
  readonly kind = 'too_large';
  constructor(message: string, details?: unknown) {
    super('payload_too_large', message, details);
  }
}

/** Well-formed input that breaks a rule (e.g. a pipeline that does not validate). */
export class Unprocessable extends DomainError {
  readonly kind = 'unprocessable';
  constructor(message: string, details?: unknown, code = 'unprocessable') {
    super(code, message, details);
  }
}

export class Locked extends DomainError {
  readonly kind = 'locked';
  constructor(message: string, details?: unknown, code = 'account_locked') {
    super(code, message, details);
  }
}

export class RateLimited extends DomainError {
  readonly kind = 'rate_limited';
  constructor(message = 'Too many requests; try again shortly.') {
    super('rate_limited', message);
  }
}

/** A dependency (database, Redis, storage) is unreachable: the same request may succeed shortly. */
export class Unavailable extends DomainError {
  readonly kind = 'unavailable';
  constructor(
    message = 'The service is temporarily unavailable; try again shortly.',
    code = 'service_unavailable'
  ) {
    super(code, message);
  }
}

/** Our fault; the message is safe to show, the cause is logged. */
export class Internal extends DomainError {
  readonly kind = 'internal';
  constructor(message = 'Something went wrong on our side; it has been logged.', code = 'internal_error') {
    super(code, message);
  }
}

/**
 * The caller is refused (bad input, no rights, no such thing), as opposed to a failure on our
 * side: asking again the same way cannot succeed, so sessions end and connections close for good.
 */
export function isRefusal(err: unknown): err is DomainError {
  return err instanceof DomainError && err.kind !== 'unavailable' && err.kind !== 'internal';
}
