import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { SessionCache } from './session-cache';

const sess = (user: string) =>
  ({
    cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000).toISOString() },
    passport: { user }
  }) as never;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

let n = 0;
const open: Redis[] = [];
function cacheOn(channel: string, ttlMs = 5_000): { cache: SessionCache; redis: Redis } {
  const redis = new Redis(inject('redisUrl'));
  open.push(redis);
  const cache = new SessionCache({ redis, channel, ttlMs });
  return { cache, redis };
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.quit().catch(() => {})));
});

describe('SessionCache', () => {
  const channel = () => `pwt:${inject('runId')}:${process.pid}:cache-test:${n++}`;

  it('serves copies until another process invalidates the session', async () => {
    const ch = channel();
    const { cache } = cacheOn(ch);
    const { cache: other } = cacheOn(ch);
    await until(() => cache.isLive && other.isLive, 'subscriptions');

    cache.put('s1', sess('u1'), cache.begin());
    const copy = cache.get('s1') as unknown as { passport: { user: string } };
    expect(copy.passport.user).toBe('u1');
    copy.passport.user = 'mutated';
    expect((cache.get('s1') as unknown as { passport: { user: string } }).passport.user).toBe('u1');

    await other.invalidate('s1');
    await until(() => cache.get('s1') === undefined, 'the invalidation');
  });

  it('does not keep a read that overlapped an invalidation, an expired session or a stale entry', async () => {
    const { cache } = cacheOn(channel(), 50);
    await until(() => cache.isLive, 'subscription');

    const since = cache.begin();
    cache.evict('s2'); // the row changed while it was being read
    cache.put('s2', sess('u2'), since);
    expect(cache.get('s2')).toBeUndefined();

    cache.put('s3', { cookie: { expires: new Date(Date.now() - 1).toISOString() } } as never, cache.begin());
    expect(cache.get('s3')).toBeUndefined();

    cache.put('s4', sess('u4'), cache.begin());
    expect(cache.get('s4')).toBeDefined();
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.get('s4')).toBeUndefined();
  });

  it('forgets everything and stops serving while its subscription is down, and resumes after', async () => {
    const { cache } = cacheOn(channel());
    await until(() => cache.isLive, 'subscription');
    cache.put('s5', sess('u5'), cache.begin());
    expect(cache.get('s5')).toBeDefined();

    // Invalidations published while the connection is down would be missed.
    (cache as unknown as { sub: Redis }).sub.stream.destroy();
    await until(() => !cache.isLive, 'the drop');
    expect(cache.get('s5')).toBeUndefined();
    cache.put('s5', sess('u5'), cache.begin());
    expect(cache.get('s5')).toBeUndefined();

    await until(() => cache.isLive, 'the resubscription');
    cache.put('s5', sess('u5'), cache.begin());
    expect(cache.get('s5')).toBeDefined();
  });

  it('closes with the connection it publishes on', async () => {
    const { cache, redis } = cacheOn(channel());
    await until(() => cache.isLive, 'subscription');
    await redis.quit();
    await until(() => !cache.isLive && (cache as unknown as { sub: Redis }).sub.status === 'end', 'close');
  });
});
