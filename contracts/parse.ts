import type { z } from 'zod';
import { InvalidInput } from './errors';

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
