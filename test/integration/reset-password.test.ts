import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetPassword } from '../../core/auth/reset-password';
import type { SessionsRevoked } from '../../core/auth/session-revocations';
import { ApiClient, signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

describe('the operator resets a password (npm run user -- reset-password EMAIL)', () => {
  it('replaces the password, lifts the lock and ends every session of that account only', async () => {
    const ada = await signedInClient(srv.url, 'Ada Reset');
    const bob = await signedInClient(srv.url, 'Bob Bystander');
    const anon = new ApiClient(srv.url);
    for (let i = 0; i < 5; i++)
      await anon.post('/api/auth/login', { email: ada.email, password: `wrong-${i}-pw` });
    expect((await anon.post('/api/auth/login', { email: ada.email, password: ada.password })).status).toBe(
      423
    );

    const revoked: SessionsRevoked[] = [];
    const password = await resetPassword(
      {
        users: srv.rt.repos.users,
        revocations: { revoke: async (e) => void revoked.push(e) },
        bcryptCost: 4
      },
      ada.email.toUpperCase()
    );
    expect(password).toMatch(/^[\w-]{16}$/);
    expect(revoked).toEqual([{ userId: ada.user.id }]);
    // Her signed-in session is gone; Bob's is untouched.
    expect((await ada.client.get('/api/auth/me')).status).toBe(401);
    expect((await bob.client.get('/api/auth/me')).status).toBe(200);
    expect((await anon.post('/api/auth/login', { email: ada.email, password: ada.password })).status).toBe(
      401
    );
    expect(
      (await new ApiClient(srv.url).post('/api/auth/login', { email: ada.email, password })).status
    ).toBe(200);

    const none = await resetPassword(
      { users: srv.rt.repos.users, revocations: { revoke: async () => {} }, bcryptCost: 4 },
      'nobody@example.test'
    );
    expect(none).toBeNull();
  });
});
