import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readOwner, runningPostmaster } from '../../core/platform/cluster-owner';
import { ApiClient, signedInClient } from '../support/http-client';
import { sleep, spawnStudio, until, type StudioProcess } from './processes';

let dataDir: string;
let server: StudioProcess;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-fault-pg-'));
  // No DATABASE_URL: the studio runs its own embedded Postgres in the data dir, as `npm start` does.
  server = await spawnStudio('server', {
    PIPEWEAVE_DATA_DIR: dataDir,
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `pwt:${inject('runId')}:postgres-crash`,
    WORKERS: 'none',
    BCRYPT_COST: '4'
  });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('a Postgres crash', () => {
  it('leaves the studio running, answers 503 meanwhile and resumes once the product has restarted Postgres', async () => {
    const alice = await signedInClient(server.url!, 'Alice');
    const record = (await readOwner(dataDir))!;
    expect(record.pid).toBe(server.child.pid);
    const postmaster = (await runningPostmaster(record.databaseDir))!;
    expect(postmaster).toBeGreaterThan(0);

    process.kill(postmaster, 'SIGKILL');
    // Poll through the outage: the studio answers, never with a 500, and says it is unavailable.
    const seen = new Set<number>();
    const health = new Set<number>();
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      const [api, hz] = await Promise.all([
        alice.client.get('/api/workspaces'),
        fetch(`${server.url}/healthz`).then((r) => r.status)
      ]);
      seen.add(api.status);
      if (api.status === 503) expect(api.body).toMatchObject({ error: { code: 'service_unavailable' } });
      health.add(hz);
      await sleep(50);
    }
    expect(server.alive(), server.output.slice(-30).join('\n')).toBe(true);
    expect(health).toContain(503);
    expect(seen).toContain(503);
    expect(seen).not.toContain(500);

    await until(async () => (await fetch(`${server.url}/healthz`)).status === 200, 30_000, 'healthz 200');
    const restarted = await runningPostmaster(record.databaseDir);
    expect(restarted).toBeGreaterThan(0);
    expect(restarted).not.toBe(postmaster);
    expect((await readOwner(dataDir))?.port).toBe(record.port);
    expect(server.output.join('\n')).toMatch(/embedded Postgres stopped unexpectedly/);

    expect((await alice.client.get('/api/workspaces')).status).toBe(200);
    const bob = new ApiClient(server.url!);
    expect(
      (
        await bob.post('/api/auth/register', {
          email: `bob.${Date.now()}@example.test`,
          password: 'a good long password',
          fullName: 'Bob'
        })
      ).status
    ).toBe(201);
    expect(server.alive()).toBe(true);
  }, 90_000);
});
