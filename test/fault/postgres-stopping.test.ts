import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { readOwner, runningPostmaster } from '../../core/platform/cluster-owner';
import { startPostgres } from '../../core/platform/postgres';
import { markStopping } from '../../core/platform/shutdown';
import { sleep } from './processes';

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

// Its own file: markStopping() marks the whole (test) process as shutting down.
describe('the embedded Postgres supervisor', () => {
  it('does not start Postgres again once its process is shutting down (a Ctrl-C reaches both)', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-fault-stopping-'));
    cleanup.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const lines: string[] = [];
    const handle = await startPostgres(
      undefined,
      dataDir,
      pino({ level: 'info' }, { write: (l: string) => void lines.push(l) })
    );
    cleanup.push(() => handle.stop());
    const { databaseDir } = (await readOwner(dataDir))!;

    markStopping();
    process.kill((await runningPostmaster(databaseDir))!, 'SIGINT'); // what the terminal sends it
    await sleep(2_000);
    expect(await runningPostmaster(databaseDir)).toBeUndefined();
    expect(lines.join('\n')).not.toMatch(/restart/);
  }, 60_000);
});
