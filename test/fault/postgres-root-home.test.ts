import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_CLUSTER_ROOT } from '../../server/platform/cluster-location';
import { readOwner } from '../../server/platform/cluster-owner';
import { startPostgres } from '../../server/platform/postgres';

const isRoot = process.getuid?.() === 0;
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

describe('the embedded Postgres started as root', () => {
  it.skipIf(!isRoot)(
    'runs from a project under a 0700 home, keeping the cluster where the postgres user can reach it' +
      (isRoot ? '' : ' (skipped: needs root, the only case in which Postgres runs as another user)'),
    async () => {
      // Like /root in most containers: a home only its owner may enter, with the project inside.
      const home = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-root-home-'));
      cleanup.push(() => fs.rm(home, { recursive: true, force: true }));
      await fs.chmod(home, 0o700);
      const dataDir = path.join(home, 'project', '.pipeweave');
      await fs.mkdir(dataDir, { recursive: true });

      const lines: string[] = [];
      const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
      cleanup.push(async () => {
        const record = await readOwner(dataDir);
        if (record?.databaseDir.startsWith(SHARED_CLUSTER_ROOT)) {
          await fs.rm(path.dirname(record.databaseDir), { recursive: true, force: true });
        }
      });
      const handle = await startPostgres(undefined, dataDir, log);
      cleanup.push(() => handle.stop());

      const client = new pg.Client({ connectionString: handle.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();

      const record = (await readOwner(dataDir))!;
      expect(record.databaseDir.startsWith(`${SHARED_CLUSTER_ROOT}/`)).toBe(true);
      expect(lines.join('\n')).toContain(record.databaseDir);
      // Nothing was opened up on the way.
      expect((await fs.stat(home)).mode & 0o777).toBe(0o700);
    },
    60_000
  );
});
