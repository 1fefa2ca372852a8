import type { RequestHandler, Response } from 'express';
import { API_ROUTES, type Reply, type RouteName } from '../../contracts/api-routes';
import type { z } from 'zod';
import { InvalidInput } from '../domain/errors';

/** Parses untrusted input; a failure lists every offending path so clients can point at fields. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = issues[0];
    throw new InvalidInput(
      first ? `Invalid ${what}: ${first.path ? `${first.path}: ` : ''}${first.message}` : `Invalid ${what}`,
      { issues },
      'invalid_input'
    );
  }
  return result.data;
}

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
