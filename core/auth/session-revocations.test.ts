import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../platform/free-port';
import { SessionRevocations, type SessionsRevoked } from './session-revocations';

const quiet = { warn: () => {} };
const open: { revocations: SessionRevocations; redis: Redis }[] = [];
afterEach(() => {
  for (const { revocations, redis } of open.splice(0)) {
    revocations.close();
    redis.disconnect();
  }
});

function start(redis: Redis, channel: string) {
  const revocations = new SessionRevocations({ redis, channel, log: quiet });
  open.push({ revocations, redis });
  return revocations;
}

describe('session revocations', () => {
  it('reaches listeners in this process and in others, once each', async () => {
    const channel = `pwt:${inject('runId')}:revocations:${process.pid}`;
    const here = start(new Redis(inject('redisUrl')), channel);
    const there = start(new Redis(inject('redisUrl')), channel);
    const heard: Record<string, SessionsRevoked[]> = { here: [], there: [] };
    here.on((e) => heard.here!.push(e));
    there.on((e) => heard.there!.push(e));
    await new Promise((r) => setTimeout(r, 200)); // both subscribed
    await here.revoke({ userId: 'u1', sessionId: 's1' });
    await expect.poll(() => heard.there).toEqual([{ userId: 'u1', sessionId: 's1' }]);
    expect(heard.here).toEqual([{ userId: 'u1', sessionId: 's1' }]);
  });

  it('closes local connections at once and gives up on an unreachable Redis after a second', async () => {
    const redis = new Redis({ port: await freePort(), maxRetriesPerRequest: null, retryStrategy: () => 200 });
    redis.on('error', () => {});
    const revocations = start(redis, 'unreachable');
    const heard: SessionsRevoked[] = [];
    revocations.on((e) => heard.push(e));
    const started = Date.now();
    await revocations.revoke({ userId: 'u2' });
    expect(heard).toEqual([{ userId: 'u2' }]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
