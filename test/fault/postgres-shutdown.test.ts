import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readOwner, runningPostmaster } from '../../core/platform/cluster-owner';
import { startPostgres, type PostgresHandle } from '../../core/platform/postgres';
import { signedInClient } from '../support/http-client';
import { spawnStudio, type StudioProcess } from './processes';

const dirs: string[] = [];
let database: PostgresHandle | undefined;
let server: StudioProcess | undefined;
let frozen: number[] = [];
afterAll(async () => {
  for (const pid of frozen) process.kill(pid, 'SIGCONT');
  await server?.stop();
  await database?.stop();
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

const tmp = async (prefix: string) => {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
};

/** Every process of a cluster (postmaster and backends), found through /proc. */
async function clusterProcesses(postmaster: number): Promise<number[]> {
  const pids = [postmaster];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmaster) pids.push(Number(entry));
  }
  return pids;
}

describe('shutting down while the database does not answer', () => {
  it('takes seconds, not the 20 s force-exit timeout', async () => {
    // A Postgres of the test's own (not the machine's), so that it can be frozen.
    const pgDir = await tmp('pw-fault-shutdown-pg-');
    database = await startPostgres(undefined, pgDir, pino({ level: 'silent' }));
    server = await spawnStudio('server', {
      DATABASE_URL: database.url,
      PIPEWEAVE_DATA_DIR: await tmp('pw-fault-shutdown-data-'),
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: `pwt:${inject('runId')}:postgres-shutdown`,
      BCRYPT_COST: '4'
    });
    await signedInClient(server.url!, 'Alice');

    // A database host that stopped answering (a network partition, a hung host): connections stay
    // open and nothing comes back.
    const postmaster = (await runningPostmaster((await readOwner(pgDir))!.databaseDir))!;
    frozen = await clusterProcesses(postmaster);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    const started = Date.now();
    const code = await server.stop();
    const took = Date.now() - started;
    expect(code, server.output.slice(-20).join('\n')).toBe(0);
    expect(took).toBeLessThan(6_000);
  }, 90_000);
});
