/**
 * The one error hierarchy. Services throw these; the HTTP error handler, the Socket.IO acks and
 * the collab upgrade map them to a status and the contract's `{error:{code,message,details}}` body.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message);
    this.name = new.target.name;
  }

  toBody(): { error: { code: string; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details })
      }
    };
  }
}

export class BadRequest extends AppError {
  constructor(message: string, details?: unknown, code = 'bad_request') {
    super(400, code, message, details);
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'Sign in to continue.', code = 'unauthorized') {
    super(401, code, message);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'You are not allowed to do that.', code = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFound extends AppError {
  constructor(what = 'Resource', code = 'not_found') {
    super(404, code, `${what} not found.`);
  }
}

export class Conflict extends AppError {
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(409, code, message, details);
  }
}

export class PayloadTooLarge extends AppError {
  constructor(message: string, details?: unknown) {
    super(413, 'payload_too_large', message, details);
  }
}

export class Unprocessable extends AppError {
  constructor(message: string, details?: unknown, code = 'unprocessable') {
    super(422, code, message, details);
  }
}

export class Locked extends AppError {
  constructor(message: string, details?: unknown, code = 'account_locked') {
    super(423, code, message, details);
  }
}

export class TooManyRequests extends AppError {
  constructor(message = 'Too many requests; try again shortly.') {
    super(429, 'rate_limited', message);
  }
}

/** A dependency (database, Redis) is unreachable: the request may succeed if retried shortly. */
export class ServiceUnavailable extends AppError {
  constructor(message = 'The service is temporarily unavailable; try again shortly.') {
    super(503, 'service_unavailable', message);
  }
}
