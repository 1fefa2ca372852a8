import bcrypt from 'bcrypt';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient, signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Bursts of parallel sign-ins against one account. The cost is high enough here that every
 * request of a burst arrives while the first password checks are still running, as with the
 * default cost of 12 in production.
 */
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ BCRYPT_COST: '10' });
});
afterAll(() => srv.close());
afterEach(() => vi.restoreAllMocks());

/** Counts bcrypt comparisons against `email`'s stored hash (not the unknown-email dummy). */
async function countChecks(email: string) {
  const [row] = await srv.rt.sequelize.query<{ password_hash: string }>(
    'SELECT password_hash FROM users WHERE email = :email',
    { replacements: { email }, type: 'SELECT' as never }
  );
  const spy = vi.spyOn(bcrypt, 'compare');
  return () => spy.mock.calls.filter((call) => call[1] === row!.password_hash).length;
}

const login = (email: string, password: string) =>
  new ApiClient(srv.url).post('/api/auth/login', { email, password });

describe('sign-in lockout under parallel attempts', () => {
  it('checks at most five of 30 parallel wrong passwords and locks the account', async () => {
    const { email, password } = await signedInClient(srv.url);
    const checks = await countChecks(email);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(email, `wrong password ${i}`))
    );
    expect(checks()).toBeLessThanOrEqual(5);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.every((s) => s === 401 || s === 423)).toBe(true);
    expect(statuses).toContain(423);
    expect((await login(email, password)).status).toBe(423);
  });

  it('refuses the right password that races 29 wrong ones, and keeps the lock', async () => {
    const { email, password } = await signedInClient(srv.url);
    const checks = await countChecks(email);
    const attempts = Array.from({ length: 30 }, (_, i) => (i === 17 ? password : `wrong password ${i}`));
    const results = await Promise.all(attempts.map((p) => login(email, p)));
    expect(checks()).toBeLessThanOrEqual(5);
    expect(results[17]!.status).toBe(423);
    expect(results.filter((r) => r.status === 200)).toEqual([]);
    const after = await login(email, password);
    expect(after.status).toBe(423);
    expect(after.body).toMatchObject({ error: { code: 'account_locked' } });
  });

  it('keeps a lock that was set while a right password was being checked', async () => {
    const { user } = await signedInClient(srv.url);
    const users = srv.rt.repos.users;
    const mine = await users.reserveAttempt(user.id);
    expect(mine).toEqual({ slot: 1 });
    for (let i = 0; i < 4; i++) expect(await users.reserveAttempt(user.id)).toHaveProperty('slot');
    expect((await users.recordFailure(user.id)).lockedUntil).toBeInstanceOf(Date);
    const success = await users.recordSuccess(user.id, 1);
    expect(success.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(await users.reserveAttempt(user.id)).toHaveProperty('lockedUntil');
  });
});
