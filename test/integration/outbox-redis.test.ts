import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { bigCsv } from '../support/big-csv';
import { eventually } from '../support/collab';
import { uploadDataset } from '../support/datasets';
import { signedInClient } from '../support/http-client';
import { outboxRows, statusOf, uploaded } from '../support/outbox';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestServer, type TestServer } from '../support/test-server';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';

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
    console.error('T1 start', new Date().toISOString());
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

describe('a worker that loses Redis as its validation ends', () => {
  let proxy: TcpProxy;
  let web: TestServer;
  let worker: WorkerProcess;
  let dataDir: string;
  beforeAll(async () => {
    const redis = new URL(inject('redisUrl'));
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipeweave-outbox-'));
    const shared = {
      DATABASE_URL: inject('databaseUrl'),
      REDIS_PREFIX: `pwt:${inject('runId')}:outbox-worker-redis`,
      SESSION_SECRET: 'outbox-redis-test-session-secret',
      PIPEWEAVE_DATA_DIR: dataDir
    };
    // Only the worker's Redis goes through the proxy: the web keeps its own.
    web = await startTestServer({ ...shared, REDIS_URL: inject('redisUrl') });
    worker = await spawnWorker({ ...shared, REDIS_URL: proxy.url });
  });
  afterAll(async () => {
    proxy?.restore();
    await worker?.stop();
    await web?.close();
    await proxy?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('runs the schema deduction and EDA report of a validation that ended while Redis was unreachable', async () => {
    const { client } = await signedInClient(web.url);
    const { created } = await uploadDataset(client, bigCsv());
    const id = created.body.dataset.id;
    await eventually(async () => expect(await statusOf(client, id)).toBe('validating'), 20_000);
    proxy.cut();
    try {
      await eventually(async () => expect(await statusOf(client, id)).toBe('validated'), 30_000);
      const followUps = await web.rt.sequelize.query<{ job_name: string }>(
        `SELECT job_name FROM job_outbox WHERE job_name <> 'dataset-validate' AND finished_at IS NULL AND (subject_id = :id
            OR subject_id IN (SELECT r.id FROM eda_reports r WHERE r.dataset_id = :id)) ORDER BY job_name`,
        { replacements: { id }, type: 'SELECT' as never }
      );
      expect(followUps.map((j) => j.job_name)).toEqual(['eda-report', 'schema-deduce']);
    } finally {
      proxy.restore();
    }
    await eventually(async () => {
      const schema = await client.get<{ deduction: { status: string } }>(`/api/datasets/${id}/schema`);
      expect(schema.body.deduction?.status).toBe('proposed');
      const eda = await client.get<{ report: { status: string } }>(`/api/datasets/${id}/eda`);
      expect(eda.body.report?.status).toBe('completed');
    }, 45_000);
  }, 90_000);
});
