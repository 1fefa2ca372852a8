import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readOwner, runningPostmaster } from '../../core/platform/cluster-owner';
import { signedInClient } from '../support/http-client';
import { sleep, spawnStudio, until, type StudioProcess } from './processes';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-fault-shared-pg-'));
/** The web's environment, as a user would copy it to start `npm run worker` beside `npm start`. */
const env = {
  PIPEWEAVE_DATA_DIR: dataDir,
  REDIS_URL: inject('redisUrl'),
  REDIS_PREFIX: `pwt:${inject('runId')}:shared-cluster`,
  WORKERS: 'none',
  BCRYPT_COST: '4'
};
const started: StudioProcess[] = [];
const start = async (kind: 'server' | 'worker') => {
  const p = await spawnStudio(kind, env);
  started.push(p);
  return p;
};

afterAll(async () => {
  for (const p of started.reverse()) await p.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const healthy = async (url: string) => (await fetch(`${url}/healthz`)).status === 200;

describe('a worker started with the web server’s environment', () => {
  it('uses the web server’s embedded Postgres and never stops it', async () => {
    const web = await start('server');
    const owner = (await readOwner(dataDir))!;
    expect(owner.pid).toBe(web.child.pid);
    const postmaster = await runningPostmaster(owner.databaseDir);

    const worker = await start('worker');
    expect(worker.output.join('\n')).toMatch(
      /using the embedded Postgres that another PipeWeave process runs/
    );
    expect(worker.output.join('\n')).not.toMatch(/stopping an embedded Postgres/);
    await sleep(500);
    expect(await runningPostmaster(owner.databaseDir)).toBe(postmaster);
    expect(await healthy(web.url!)).toBe(true);
    expect((await signedInClient(web.url!, 'Alice')).user.id).toBeTruthy();

    // The worker leaving does not take the cluster with it.
    expect(await worker.stop()).toBe(0);
    expect(await runningPostmaster(owner.databaseDir)).toBe(postmaster);
    expect(await healthy(web.url!)).toBe(true);
    expect((await readOwner(dataDir))?.pid).toBe(web.child.pid);
  }, 90_000);

  it('keeps the port across restarts, and the worker takes the cluster over when the web server stops', async () => {
    const { port } = (await readOwner(dataDir))!;
    const worker = await start('worker');
    const web = started.find((p) => p.url && p.alive())!;
    expect(await web.stop()).toBe(0);
    // The owner is gone: the worker restarts the cluster on the same port and owns it now.
    await until(
      async () => (await readOwner(dataDir))?.pid === worker.child.pid,
      15_000,
      'the worker owns the cluster'
    );
    const record = (await readOwner(dataDir))!;
    expect(record.port).toBe(port);
    await until(
      async () => (await runningPostmaster(record.databaseDir)) !== undefined,
      15_000,
      'cluster running'
    );

    const again = await start('server');
    expect(again.output.join('\n')).toMatch(
      /using the embedded Postgres that another PipeWeave process runs/
    );
    expect(await healthy(again.url!)).toBe(true);
    expect(worker.alive()).toBe(true);
  }, 90_000);
});
