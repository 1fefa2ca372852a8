import { describe, expect, it } from 'vitest';
import { Conflict, Internal, InvalidInput, NotFound, Unavailable } from '../contracts/errors';
import { isRetryable, PermanentJobError, TransientJobError } from './job-errors';

describe('retry by error class', () => {
  it('does not retry what running again cannot fix', () => {
    expect(isRetryable(new PermanentJobError('the file is not a CSV'))).toBe(false);
    expect(isRetryable(new InvalidInput('bad column'))).toBe(false);
    expect(isRetryable(new NotFound('Dataset'))).toBe(false);
    expect(isRetryable(new Conflict('not ready', 'dataset_not_ready'))).toBe(false);
  });

  it('retries a dependency that is down, however it is wrapped', () => {
    expect(isRetryable(new TransientJobError('storage timed out'))).toBe(true);
    expect(isRetryable(new Unavailable())).toBe(true);
    expect(isRetryable(new Internal())).toBe(true);
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(isRetryable(Object.assign(new Error('query failed'), { parent: refused }))).toBe(true);
  });

  it('retries an error of no known class, as before classes decided', () => {
    expect(isRetryable(new Error('something odd'))).toBe(true);
  });
});
