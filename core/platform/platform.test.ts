import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port';
import { RedisUnavailableError, startRedis } from './redis';
import { persistentSecret } from './secrets';

const log = pino({ level: 'silent' });
const dirs: string[] = [];
const tmp = async () => {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-platform-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe('redis discovery', () => {
  it('starts a private redis-server from PATH when no Redis answers, and stops it', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const handle = await startRedis(undefined, await tmp(), log, closed);
    expect(handle.source).toBe('private');
    const client = new Redis(handle.url);
    await client.set('k', 'v');
    expect(await client.get('k')).toBe('v');
    client.disconnect();
    await handle.stop();
    const after = new Redis(handle.url, {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0
    });
    after.on('error', () => {});
    await expect(after.connect()).rejects.toThrow();
  });

  it('explains how to get Redis when none can be found', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const savedPath = process.env.PATH;
    process.env.PATH = await tmp();
    try {
      const err = await startRedis(undefined, await tmp(), log, closed).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RedisUnavailableError);
      expect((err as Error).message).toMatch(/REDIS_URL/);
      expect((err as Error).message).toMatch(/apt-get install redis-server/);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('fails clearly when REDIS_URL points nowhere', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    await expect(startRedis(closed, await tmp(), log)).rejects.toThrow(/Cannot reach Redis at REDIS_URL/);
  });
});

describe('persistent secrets', () => {
  it('creates a secret once and returns the same one afterwards', async () => {
    const dir = await tmp();
    const [a, b] = await Promise.all([persistentSecret(dir, 's'), persistentSecret(dir, 's')]);
    expect(a).toHaveLength(64);
    expect(b).toBe(a);
    expect(await persistentSecret(dir, 's')).toBe(a);
    expect(await persistentSecret(dir, 'other')).not.toBe(a);
  });
});
