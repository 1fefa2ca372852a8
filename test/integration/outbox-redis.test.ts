import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { eventually } from '../support/collab';
import { signedInClient } from '../support/http-client';
import { outboxRows, statusOf, uploaded } from '../support/outbox';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestServer, type TestServer } from '../support/test-server';

describe('jobs committed with the state change that needs them', () => {
  let proxy: TcpProxy;
  let srv: TestServer;
  beforeAll(async () => {
    const redis = new URL(inject('redisUrl'));
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    srv = await startTestServer({ REDIS_URL: proxy.url }, { workers: true });
  });
  afterAll(async () => {
    proxy.restore();
    await srv?.close();
    await proxy?.close();
  });

  it('validates an upload completed while Redis was unreachable, once Redis is back', async () => {
    const { client } = await signedInClient(srv.url);
    // A studio that has been running a while: its queues are connected when Redis goes away.
    const warm = await uploaded(client);
    expect((await client.post(`/api/datasets/${warm}/complete`)).status).toBe(202);
    await eventually(async () => expect(await statusOf(client, warm)).toBe('validated'), 20_000);
    const id = await uploaded(client);
    proxy.cut();
    try {
      const complete = await client.post<{ dataset: DatasetDto }>(`/api/datasets/${id}/complete`);
      expect(complete.status, complete.text).toBe(202);
      expect(complete.body.dataset.status).toBe('uploaded');
      expect(await outboxRows(srv.rt.sequelize, id)).toMatchObject([
        { job_name: 'dataset-validate', dispatched_at: null }
      ]);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await statusOf(client, id)).toBe('uploaded');
    } finally {
      proxy.restore();
    }
    await eventually(async () => expect(await statusOf(client, id)).toBe('validated'), 30_000);
    await eventually(async () =>
      expect((await outboxRows(srv.rt.sequelize, id)).every((r) => r.finished_at !== null)).toBe(true)
    );
  }, 60_000);
});
