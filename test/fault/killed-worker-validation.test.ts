import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { bigCsv } from '../support/big-csv';
import { eventually } from '../support/collab';
import { uploadDataset } from '../support/datasets';
import { signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';

/** The web process here and `npm run worker` processes share one deployment's services. */
let dataDir: string;
let shared: Record<string, string>;
let web: TestServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipeweave-killed-worker-'));
  shared = {
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `pwt:${inject('runId')}:killed-worker-validation`,
    SESSION_SECRET: 'killed-worker-test-session-secret',
    PIPEWEAVE_DATA_DIR: dataDir
  };
  web = await startTestServer(shared);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await web?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const status = async (id: string) =>
  (
    await web.rt.sequelize.query<{ status: string }>('SELECT status FROM datasets WHERE id = :id', {
      replacements: { id },
      type: 'SELECT' as never
    })
  )[0]!.status;

it('finishes a validation whose only worker was killed mid-job once a new worker starts', async () => {
  const { client } = await signedInClient(web.url);
  const first = await spawnWorker(shared);
  workers.push(first);
  const { created, complete } = await uploadDataset(client, bigCsv());
  expect(complete!.status).toBe(202);
  const id = created.body.dataset.id;

  await eventually(async () => expect(await status(id)).toBe('validating'), 20_000);
  await first.kill();
  expect(await status(id)).toBe('validating'); // the kill landed mid-job

  const killedAt = Date.now();
  workers.push(await spawnWorker(shared));
  let dataset: DatasetDto | undefined;
  await eventually(async () => {
    dataset = (await client.get<{ dataset: DatasetDto }>(`/api/datasets/${id}`)).body.dataset;
    expect(['validated', 'failed']).toContain(dataset.status);
  }, 60_000);
  expect(Date.now() - killedAt).toBeLessThan(60_000);
  if (dataset!.status === 'validated') expect(dataset!.numRows).toBe(1_000_000);
  else expect(dataset!.validationErrors?.[0]?.message).toBeTruthy();
}, 90_000);
