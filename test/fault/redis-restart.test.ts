import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { uploadDataset } from '../support/datasets';
import { ApiClient, signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { privateRedis, sleep, spawnStudio, until, type PrivateRedis, type StudioProcess } from './processes';

let serial = 0;
/** A small CSV, different each time (the same bytes twice would be refused as a duplicate). */
const csv = () => `a,b,label\n1,2,x\n3,4,y\n5,6,${serial++}\n`;

let redis: PrivateRedis;
let web: StudioProcess;
let worker: StudioProcess;
let dataDir: string;

beforeAll(async () => {
  redis = await privateRedis();
  // Web and worker share the data dir (the local blob store), the database and Redis: one deployment.
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-fault-redis-data-'));
  const env = {
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: redis.url,
    REDIS_PREFIX: `pwt:${inject('runId')}:redis-restart`,
    SESSION_SECRET: 'redis-restart-test-session-secret',
    PIPEWEAVE_DATA_DIR: dataDir,
    BCRYPT_COST: '4',
    WORKERS: 'none'
  };
  [web, worker] = await Promise.all([spawnStudio('web', env), spawnStudio('worker', env)]);
}, 90_000);

afterAll(async () => {
  await Promise.all([web?.stop(), worker?.stop()]);
  await redis?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function statusOf(client: ApiClient, id: string): Promise<DatasetDto['status']> {
  return (await client.get<{ dataset: DatasetDto }>(`/api/datasets/${id}`)).body.dataset.status;
}

const bothAlive = () => {
  const why = [...web.output, ...worker.output].filter((l) => l.startsWith('[stderr]')).join('\n');
  expect(web.alive(), `web exited:\n${why}`).toBe(true);
  expect(worker.alive(), `worker exited:\n${why}`).toBe(true);
};

describe('a Redis restart', () => {
  it('leaves the web and the worker running, and every job queued before it still runs', async () => {
    const alice = await signedInClient(web.url!, 'Alice');

    // Both processes have queues open: the web queued a validation, the worker a schema deduction.
    const before = await uploadDataset(alice.client, csv());
    expect(before.complete?.status).toBe(202);
    const a = before.created.body.dataset.id;
    await until(
      async () => (await statusOf(alice.client, a)) === 'validated',
      20_000,
      'first dataset validated'
    );

    // A job that sits in Redis across the restart: the worker is paused while the web queues it.
    worker.child.kill('SIGSTOP');
    const queued = await uploadDataset(alice.client, csv());
    expect(queued.complete?.status).toBe(202);
    const b = queued.created.body.dataset.id;

    await redis.stop();
    worker.child.kill('SIGCONT');
    await sleep(1_500); // the unguarded queues used to take the processes down ~175 ms after this
    bothAlive();

    const health = await fetch(`${web.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, redis: expect.stringMatching(/^down/) });
    const started = Date.now();
    const login = await new ApiClient(web.url!).post('/api/auth/login', {
      email: alice.email,
      password: 'irrelevant-password'
    });
    expect(login.status).toBe(503);
    expect(login.body).toMatchObject({ error: { code: 'service_unavailable' } });
    expect(Date.now() - started).toBeLessThan(1_000);
    await sleep(1_000);
    bothAlive();

    await redis.start();
    await until(async () => (await fetch(`${web.url}/healthz`)).status === 200, 15_000, 'healthz 200');
    await until(
      async () => (await statusOf(alice.client, b)) === 'validated',
      30_000,
      'queued dataset validated'
    );

    // New work flows again, and live events reach a browser through the restarted Redis.
    const socket = await connectSocket(web.url!, alice.client.cookie);
    try {
      const body = csv();
      const after = await alice.client.post<{ dataset: DatasetDto }>('/api/datasets', {
        name: 'after.csv',
        fileName: 'after.csv',
        fileSize: Buffer.byteLength(body)
      });
      const c = after.body.dataset.id;
      expect(await socket.emitWithAck('subscribe', { room: `dataset:${c}` })).toEqual({ ok: true });
      const validated = new Promise<void>((resolve) =>
        socket.on('dataset:status', (p: { datasetId: string; status: string }) => {
          if (p.datasetId === c && p.status === 'validated') resolve();
        })
      );
      const upload = (after.body as unknown as { upload: { url: string; headers: Record<string, string> } })
        .upload;
      const put = await fetch(new URL(upload.url, web.url), { method: 'PUT', headers: upload.headers, body });
      expect(put.status).toBeLessThan(300);
      expect((await alice.client.post(`/api/datasets/${c}/complete`)).status).toBe(202);
      await Promise.race([
        validated,
        sleep(30_000).then(() => {
          throw new Error('no validated event after the restart');
        })
      ]);
    } finally {
      socket.disconnect();
    }
    bothAlive();
  }, 120_000);
});
