import pg from 'pg';
import type { Logger } from 'pino';
import { EmbeddedCluster } from './embedded-cluster';
import { waitFor } from './free-port';

export interface PostgresHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const DATABASE = 'pipeweave';

/**
 * Uses DATABASE_URL when given; otherwise the private Postgres cluster of the data dir, started
 * by the first PipeWeave process on it and shared by the others (see EmbeddedCluster).
 */
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
  const cluster = await EmbeddedCluster.start(dataDir, log);
  const url = cluster.url(DATABASE);
  if (cluster.owned) await ensureDatabase(cluster.url('postgres'));
  else await waitFor(() => assertReachable(url), 30_000, `database ${DATABASE}`);
  return { url, embedded: true, stop: () => cluster.stop() };
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

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
