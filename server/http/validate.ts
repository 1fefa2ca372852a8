import type { RequestHandler, Response } from 'express';
import { InvalidInput } from '../../contracts/errors';
import { API_ROUTES, type Reply, type RouteName } from '../../contracts/api-routes';

/**
 * Refuses a path with broken %-encoding (`/api/datasets/%E0%A4%A`) up front with 400
 * `invalid_path`; otherwise the router's parameter decoding would throw a URIError that surfaces
 * as a 500.
 */
export const decodablePath: RequestHandler = (req, _res, next) => {
  try {
    decodeURIComponent(req.path);
    next();
  } catch {
    next(new InvalidInput('The request path is not validly %-encoded.', undefined, 'invalid_path'));
  }
};

/**
 * Answers with a route's success status and its envelope as contracts/api-routes.ts types it, so
 * what is sent, what the browser expects and what the OpenAPI document says come from one place.
 */
export function send<K extends RouteName>(
  res: Response,
  name: K,
  ...body: Reply<K> extends void ? [] : [Reply<K>]
): void {
  const { status } = API_ROUTES[name];
  if (status === 204) res.status(204).end();
  else res.status(status).json(body[0]);
}
