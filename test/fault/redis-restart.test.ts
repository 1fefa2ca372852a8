import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { uploadDataset } from '../support/datasets';
import { ApiClient, signedInClient } from '../support/http-client';
import type { Socket } from 'socket.io-client';
import { connectSocket } from '../support/socket';
import { privateRedis, sleep, spawnStudio, until, type PrivateRedis, type StudioProcess } from './processes';
import { rooms } from '../../contracts/realtime';

let serial = 0;
/** A small CSV, different each time (the same bytes twice would be refused as a duplicate). */
const csv = () => `a,b,label\n1,2,x\n3,4,y\n5,6,${serial++}\n`;

let redis: PrivateRedis;
let web: StudioProcess;
let worker: StudioProcess;
let dataDir: string;
const sockets: Socket[] = [];

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
  for (const s of sockets) s.disconnect();
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

    // A browser tab that stays connected through the outage, watching its workspace.
    const { workspaces } = (await alice.client.get<{ workspaces: Array<{ id: string }> }>('/api/workspaces'))
      .body;
    const socket = await connectSocket(web.url!, alice.client.cookie);
    sockets.push(socket);
    expect(await socket.emitWithAck('subscribe', { room: rooms.workspace(workspaces[0]!.id) })).toEqual({
      ok: true
    });
    const validatedEvents: string[] = [];
    socket.on('dataset:status', (p: { datasetId: string; status: string }) => {
      if (p.status === 'validated') validatedEvents.push(p.datasetId);
    });

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
    expect(Date.now() - started).toBeLessThan(2_000); // it took 3.5 s, then answered 500
    await sleep(1_000);
    bothAlive();

    await redis.start();
    await until(async () => (await fetch(`${web.url}/healthz`)).status === 200, 15_000, 'healthz 200');
    await until(
      async () => (await statusOf(alice.client, b)) === 'validated',
      30_000,
      'queued dataset validated'
    );

    // New work flows again, and live events reach the tab through the restarted Redis.
    const after = await uploadDataset(alice.client, csv());
    expect(after.complete?.status).toBe(202);
    const c = after.created.body.dataset.id;
    await until(() => validatedEvents.includes(c), 30_000, 'a validated event after the restart');
    expect(socket.connected).toBe(true);
    bothAlive();
  }, 120_000);
});
