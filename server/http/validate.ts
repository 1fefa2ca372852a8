import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { BadRequest } from './errors';

/** Parses untrusted input; a failure lists every offending path so clients can point at fields. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = issues[0];
    throw new BadRequest(
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
    next(new BadRequest('The request path is not validly %-encoded.', undefined, 'invalid_path'));
  }
};
