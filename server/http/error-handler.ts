import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, BadRequest, NotFound, PayloadTooLarge } from './errors';

/** Unknown /api paths get the contract's error body rather than the web app's HTML 404. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new NotFound(`Route ${req.method} ${req.baseUrl}${req.path}`, 'route_not_found'));
};

/** Maps every error to `{error:{code,message,details}}`; unexpected ones are logged and hidden. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = toAppError(err);
  if (!known) {
    req.log?.error({ err }, 'unhandled error');
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
  return null;
}
