import bcrypt from 'bcrypt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signedInClient, uniqueEmail } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

describe('auth', () => {
  it('registers with a normalised email, signs in and reports the user without secrets', async () => {
    const client = new ApiClient(srv.url);
    const email = uniqueEmail('mixed');
    const reg = await client.post('/api/auth/register', {
      email: `  ${email.toUpperCase()} `,
      password: 'long enough pw',
      fullName: 'Ada Lovelace'
    });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ user: { email, fullName: 'Ada Lovelace', isSuperuser: false } });
    expect(reg.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(reg.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);

    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: reg.body.user });

    const fresh = new ApiClient(srv.url);
    const login = await fresh.post('/api/auth/login', {
      email: email.toUpperCase(),
      password: 'long enough pw'
    });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual(reg.body.user);
    for (const text of [reg.text, me.text, login.text]) expect(text).not.toMatch(/password|\$2[aby]\$/i);
  });

  it('refuses duplicates, short passwords and malformed input with clear errors', async () => {
    const { email } = await signedInClient(srv.url);
    const client = new ApiClient(srv.url);
    const dup = await client.post('/api/auth/register', { email, password: 'whatever123', fullName: 'X' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ error: { code: 'email_taken' } });

    const short = await client.post('/api/auth/register', {
      email: uniqueEmail(),
      password: 'short',
      fullName: 'X'
    });
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({
      error: { code: 'invalid_input', details: { issues: [{ path: 'password' }] } }
    });

    const badJson = await client.request('POST', '/api/auth/login', '{"email":', {});
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('refuses new passwords longer than the 72 bytes bcrypt reads, and still signs in older ones', async () => {
    const client = new ApiClient(srv.url);
    const register = (password: string) =>
      client.post('/api/auth/register', { email: uniqueEmail('long'), password, fullName: 'Long' });
    for (const tooLong of ['a'.repeat(73), 'é'.repeat(37), '🔑'.repeat(19)]) {
      const res = await register(tooLong);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: 'invalid_input', details: { issues: [{ path: 'password' }] } }
      });
      expect(res.body.error).toHaveProperty('message', expect.stringMatching(/72 bytes/));
    }
    expect((await register('b'.repeat(72))).status).toBe(201);

    // An account made before the limit, with a 100-character password, keeps working.
    const { email, user } = await signedInClient(srv.url);
    const old = 'c'.repeat(100);
    await srv.rt.sequelize.query('UPDATE users SET password_hash = :hash WHERE id = :id', {
      replacements: { hash: await bcrypt.hash(old, 4), id: user.id }
    });
    expect((await new ApiClient(srv.url).post('/api/auth/login', { email, password: old })).status).toBe(200);
  });

  it('answers 401 for a wrong password and for /me without a session', async () => {
    const { email } = await signedInClient(srv.url);
    const client = new ApiClient(srv.url);
    const wrong = await client.post('/api/auth/login', { email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_credentials' } });
    const unknown = await client.post('/api/auth/login', {
      email: uniqueEmail('nobody'),
      password: 'whatever123'
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('locks the account after five wrong passwords, even against the right one', async () => {
    const { email, password } = await signedInClient(srv.url);
    const client = new ApiClient(srv.url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await client.post('/api/auth/login', { email, password: `wrong-${i}-pw` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const right = await client.post('/api/auth/login', { email, password });
    expect(right.status).toBe(423);
    expect(right.body).toMatchObject({ error: { code: 'account_locked' } });
    const [row] = (await srv.rt.sequelize.query('SELECT locked_until FROM users WHERE email = :email', {
      replacements: { email },
      plain: false,
      raw: true
    })) as unknown as [Array<{ locked_until: Date }>];
    const minutes = (row[0]!.locked_until.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
  });

  it('says how many wrong passwords are left from the third failure on, then locks', async () => {
    const { email } = await signedInClient(srv.url);
    const client = new ApiClient(srv.url);
    const replies: Array<{ status: number; body: unknown }> = [];
    for (let i = 0; i < 5; i++)
      replies.push(await client.post('/api/auth/login', { email, password: `wrong-${i}-pw` }));
    const plain = { error: { code: 'invalid_credentials', message: 'Wrong email or password.' } };
    expect(replies[0]!.body).toMatchObject(plain);
    expect(replies[1]!.body).toMatchObject(plain);
    expect(replies[2]).toMatchObject({
      status: 401,
      body: {
        error: {
          code: 'invalid_credentials',
          message: 'Wrong email or password. 2 more wrong passwords will lock this account for 15 minutes.',
          details: { attemptsLeft: 2 }
        }
      }
    });
    expect(replies[3]).toMatchObject({
      status: 401,
      body: {
        error: {
          message: 'Wrong email or password. One more wrong password will lock this account for 15 minutes.',
          details: { attemptsLeft: 1 }
        }
      }
    });
    expect(replies[4]).toMatchObject({ status: 423, body: { error: { code: 'account_locked' } } });
  });

  it('resets the failure count after a successful sign-in', async () => {
    const { email, password } = await signedInClient(srv.url);
    const client = new ApiClient(srv.url);
    for (let i = 0; i < 4; i++) await client.post('/api/auth/login', { email, password: 'wrong password' });
    expect((await client.post('/api/auth/login', { email, password })).status).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await client.post('/api/auth/login', { email, password: 'nope nope' })).status).toBe(401);
  });

  it('signs out and forgets the session server-side', async () => {
    const { client } = await signedInClient(srv.url);
    const stolenCookie = client.cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const replay = new ApiClient(srv.url);
    replay.cookie = stolenCookie;
    expect((await replay.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses state-changing requests from another origin', async () => {
    const client = new ApiClient(srv.url);
    const res = await client.request(
      'POST',
      '/api/auth/register',
      { email: uniqueEmail(), password: 'long enough pw', fullName: 'Eve' },
      { origin: 'https://evil.example' }
    );
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'cross_origin' } });
  });

  it('hashes passwords with bcrypt cost 12 by default', async () => {
    const { loadConfig } = await import('../../core/config');
    expect(loadConfig({}).bcryptCost).toBe(12);
    const { email } = await signedInClient(srv.url);
    const rows = await srv.rt.sequelize.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE email = :email',
      {
        replacements: { email },
        type: 'SELECT' as never
      }
    );
    // This server runs with BCRYPT_COST=4 to keep tests fast; the hash must still be bcrypt.
    expect(rows[0]!.password_hash).toMatch(/^\$2b\$04\$/);
  });
});

describe('rate limiting', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => limited.close());

  it('answers 429 once an address exceeds the sign-in limit', async () => {
    const client = new ApiClient(limited.url);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await client.post('/api/auth/login', { email: uniqueEmail(), password: 'whatever123' })).status
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const last = await client.post('/api/auth/login', { email: uniqueEmail(), password: 'whatever123' });
    expect(last.body).toMatchObject({ error: { code: 'rate_limited' } });
  });
});

describe('rate limiting behind a proxy', () => {
  let proxied: TestServer;
  beforeAll(async () => {
    // `true`, as older setups have it: it must mean the one proxy in front, not every hop.
    proxied = await startTestServer({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'true' });
  });
  afterAll(() => proxied.close());

  it('limits by the address the proxy saw, whatever the client put in X-Forwarded-For', async () => {
    const client = new ApiClient(proxied.url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // The client forges a new address each time; the proxy (this test) appends the real one.
      const res = await client.request(
        'POST',
        '/api/auth/login',
        { email: uniqueEmail(), password: 'whatever123' },
        { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` }
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const other = await client.request(
      'POST',
      '/api/auth/login',
      { email: uniqueEmail(), password: 'whatever123' },
      { 'x-forwarded-for': '203.0.113.8' }
    );
    expect(other.status).toBe(401);
  });
});
