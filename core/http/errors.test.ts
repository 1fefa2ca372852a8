import { describe, expect, it } from 'vitest';
import * as domain from '../../contracts/errors';
import { toHttpError } from './errors';

describe('the HTTP mapping of domain errors', () => {
  it('keeps the status and code each error had when errors carried their status', () => {
    const cases: Array<[domain.DomainError, number, string]> = [
      [new domain.InvalidInput('x'), 400, 'bad_request'],
      [new domain.Unauthenticated(), 401, 'unauthorized'],
      [new domain.Forbidden(), 403, 'forbidden'],
      [new domain.NotFound('Dataset'), 404, 'not_found'],
      [new domain.Conflict('x', 'dataset_not_ready'), 409, 'dataset_not_ready'],
      [new domain.PreconditionFailed('x', 'already_uploaded'), 412, 'already_uploaded'],
      [new domain.TooLarge('x'), 413, 'payload_too_large'],
      [new domain.Unprocessable('x'), 422, 'unprocessable'],
      [new domain.Locked('x'), 423, 'account_locked'],
      [new domain.RateLimited(), 429, 'rate_limited'],
      [new domain.Unavailable(), 503, 'service_unavailable'],
      [new domain.Internal(), 500, 'internal_error']
    ];
    for (const [err, status, code] of cases)
      expect(toHttpError(err)).toMatchObject({ status, body: { error: { code } }, known: true });
  });

  it('answers a lost database connection with 503 and hides an unknown error behind a 500', () => {
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), {
      name: 'SequelizeDatabaseError'
    });
    expect(toHttpError(lost)).toMatchObject({
      status: 503,
      body: { error: { code: 'service_unavailable' } }
    });
    const bug = toHttpError(new TypeError('x is undefined'));
    expect(bug).toMatchObject({ status: 500, known: false, body: { error: { code: 'internal_error' } } });
    expect(JSON.stringify(bug.body)).not.toContain('undefined');
  });
});
