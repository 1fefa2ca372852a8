import type { ErrorRequestHandler, RequestHandler } from 'express';
import { NotFound } from '../../contracts/errors';
import { toHttpError } from '../../core/http/errors';

/** Unknown /api paths get the contract's error body rather than the web app's HTML 404. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new NotFound(`Route ${req.method} ${req.baseUrl}${req.path}`, 'route_not_found'));
};

/** Maps every error to `{error:{code,message,details}}`; unexpected ones are logged and hidden. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const e = toHttpError(err);
  if (!e.known) {
    req.log?.error({ err }, 'unhandled error');
  } else if (e.status === 503) {
    req.log?.warn({ err }, 'a dependency is unavailable');
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(e.status).json(e.body);
};
