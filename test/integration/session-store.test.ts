import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient, signedInClient } from '../support/http-client';
import { loadConfig } from '../../core/config';
import { startHttpServer, type RunningServer } from '../../boot/http-server';
import { createLogger } from '../../core/logger';
import { startRuntime, type Runtime } from '../../core/runtime';
import { PgSessionStore, SESSION_REFRESH_MS } from '../../core/auth/session';

interface Proc {
  url: string;
  rt: Runtime;
  web: RunningServer;
  close(): Promise<void>;
}

const secret = crypto.randomBytes(24).toString('hex');

/** One studio web process; processes started with the same prefix act as one deployment. */
async function startProcess(redisPrefix: string): Promise<Proc> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipeweave-session-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: redisPrefix,
    SESSION_SECRET: secret,
    PIPEWEAVE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    BCRYPT_COST: '4',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000'
  });
  const rt = await startRuntime(config, createLogger(config), { migrate: false });
  const web = await startHttpServer(rt, { port: 0, host: '127.0.0.1' });
  return {
    url: web.url,
    rt,
    web,
    close: async () => {
      await web.close();
      await rt.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  };
}

const sidOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;

async function row(pool: pg.Pool, sid: string) {
  const { rows } = await pool.query<{ expire: Date; sess: { cookie: { expires: string } } }>(
    'SELECT expire, sess FROM sessions WHERE sid = $1',
    [sid]
  );
  return rows[0];
}

/** Waits until a process serves sessions from its cache (its invalidation channel is subscribed). */
async function untilCached(client: ApiClient, path: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    expect((await client.get(path)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const prefix = `pwt:${inject('runId')}:${process.pid}:sessions`;
let a: Proc;
let b: Proc;
beforeAll(async () => {
  [a, b] = await Promise.all([startProcess(prefix), startProcess(prefix)]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

describe('sessions', () => {
  it('rolls the stored expiry forward once it is older than the refresh interval, and writes nothing before', async () => {
    const { client } = await signedInClient(a.url);
    const sid = sidOf(client.cookie);
    const maxAgeMs = a.rt.config.session.maxAgeMs;
    const first = (await row(a.rt.pgPool, sid))!;

    const quiet = await client.get('/api/auth/me');
    expect(quiet.status).toBe(200);
    expect(quiet.headers.get('set-cookie')).toBeNull();
    expect((await row(a.rt.pgPool, sid))!.expire).toEqual(first.expire);

    // Age the stored session past the interval, as if it had last been written 11 minutes ago.
    const aged = new Date(Date.now() + maxAgeMs - SESSION_REFRESH_MS - 60_000);
    const sess = { ...first.sess, cookie: { ...first.sess.cookie, expires: aged.toISOString() } };
    await a.rt.pgPool.query('UPDATE sessions SET sess = $1, expire = $2 WHERE sid = $3', [
      JSON.stringify(sess),
      aged,
      sid
    ]);
    // What a write through the store does; then give the subscriber a moment to receive it.
    await a.rt.redis.publish(`${prefix}:sessions:invalidate`, sid);
    await new Promise((r) => setTimeout(r, 100));

    const rolled = await client.get('/api/auth/me');
    expect(rolled.status).toBe(200);
    const setCookie = rolled.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^pw\.sid=/);
    const expires = new Date(/Expires=([^;]+)/i.exec(setCookie)![1]!).getTime();
    expect(Math.abs(expires - (Date.now() + maxAgeMs))).toBeLessThan(5_000);
    const after = (await row(a.rt.pgPool, sid))!;
    expect(Math.abs(after.expire.getTime() - (Date.now() + maxAgeMs))).toBeLessThan(5_000);
    expect(Math.abs(new Date(after.sess.cookie.expires).getTime() - after.expire.getTime())).toBeLessThan(
      1_000
    );

    const again = await client.get('/api/auth/me');
    expect(again.headers.get('set-cookie')).toBeNull();
    expect((await row(a.rt.pgPool, sid))!.expire).toEqual(after.expire);
  });

  it('honours a logout on one process in every other process at once, although they cache sessions', async () => {
    const { client } = await signedInClient(a.url);
    const sid = sidOf(client.cookie);
    const onB = new ApiClient(b.url);
    onB.cookie = client.cookie;
    await untilCached(onB, '/api/workspaces');

    // B serves the session from its cache: a change made behind the store's back goes unseen...
    const stored = (await row(a.rt.pgPool, sid))!;
    await a.rt.pgPool.query('UPDATE sessions SET sess = $1 WHERE sid = $2', [
      JSON.stringify({ cookie: stored.sess.cookie }),
      sid
    ]);
    expect((await onB.get('/api/workspaces')).status).toBe(200);
    await a.rt.pgPool.query('UPDATE sessions SET sess = $1 WHERE sid = $2', [
      JSON.stringify(stored.sess),
      sid
    ]);

    // ...but a logout through A reaches B before A answers.
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect(await row(a.rt.pgPool, sid)).toBeUndefined();
    expect((await onB.get('/api/workspaces')).status).toBe(401);
    expect((await onB.get('/api/auth/me')).status).toBe(401);
  });

  it('signs a deactivated user out within seconds', async () => {
    const { client, user } = await signedInClient(a.url);
    expect((await client.get('/api/workspaces')).status).toBe(200);
    await a.rt.pgPool.query('UPDATE users SET is_active = false WHERE id = $1', [user.id]);
    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < 5_000) {
      status = (await client.get('/api/workspaces')).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('PgSessionStore', () => {
  it('does not bring back a session that was deleted while a request still held it', async () => {
    const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
    const store = new PgSessionStore({ pool, tableName: 'sessions', pruneSessionInterval: false });
    const call = <T>(fn: (cb: (err: unknown, value?: T) => void) => void) =>
      new Promise<T | undefined>((resolve, reject) =>
        fn((err, value) => (err ? reject(err) : resolve(value)))
      );
    try {
      const sid = crypto.randomBytes(16).toString('hex');
      const cookie = {
        originalMaxAge: 60_000,
        expires: new Date(Date.now() + 60_000),
        httpOnly: true,
        path: '/'
      };
      await call((cb) => store.set(sid, { cookie, passport: { user: 'someone' } } as never, cb));
      const held = await call<Express.Request['session']>((cb) => store.load(sid, cb as never));
      expect(held?.passport?.user).toBe('someone');

      await call((cb) => store.destroy(sid, cb));
      held!.refreshedAt = Date.now();
      await call((cb) => store.set(sid, held!, cb));
      expect(await row(pool, sid)).toBeUndefined();
    } finally {
      await store.close();
      await pool.end();
    }
  });
});
