import type { RequestHandler } from 'express';
import { Forbidden } from './errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Defence in depth beside SameSite=Lax cookies: a state-changing request that carries an Origin
 * header must come from this very host.
 */
export const sameOrigin: RequestHandler = (req, _res, next) => {
  const origin = req.headers.origin;
  if (SAFE.has(req.method) || !origin) return next();
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return next(new Forbidden('Cross-origin request refused.', 'cross_origin'));
  }
  next(
    host === req.headers.host ? undefined : new Forbidden('Cross-origin request refused.', 'cross_origin')
  );
};
