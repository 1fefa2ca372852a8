import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/**
 * Who runs a private service of a data dir (the embedded Postgres in `postgres-owner.json`, the
 * private redis-server in `redis-owner.json`). Every PipeWeave process on the same data dir (the
 * web server, `npm run worker`) reads it: one process owns and supervises the service, the others
 * connect to it and never stop it. The record outlives its owner so that the port stays the same
 * across restarts (a worker's DATABASE_URL keeps working).
 */
export interface OwnerRecord {
  pid: number;
  port: number;
  /** The service's files (the cluster's data directory, Redis's directory). */
  databaseDir: string;
  /** The kernel's boot id: after a reboot a recorded pid may belong to an unrelated process. */
  bootId: string;
}

export const POSTGRES_OWNER = 'postgres-owner.json';
export const REDIS_OWNER = 'redis-owner.json';

export async function readOwner(dataDir: string, file = POSTGRES_OWNER): Promise<OwnerRecord | undefined> {
  try {
    const r = JSON.parse(await fs.readFile(path.join(dataDir, file), 'utf8')) as Partial<OwnerRecord>;
    if (typeof r.pid !== 'number' || typeof r.port !== 'number' || typeof r.databaseDir !== 'string') return;
    return { pid: r.pid, port: r.port, databaseDir: r.databaseDir, bootId: r.bootId ?? '' };
  } catch {
    return undefined;
  }
}

/** Whether the recorded owner is a live process of this boot (and not us). */
export async function ownerAlive(record: OwnerRecord | undefined): Promise<boolean> {
  if (!record || record.pid === process.pid) return false;
  if (record.bootId !== (await bootId())) return false;
  return processAlive(record.pid);
}

/**
 * Makes this process the owner. With no record yet the file is created exclusively (of two
 * processes starting together exactly one wins); over a dead owner's record it is replaced, which
 * leaves a window of a few microseconds in which two processes taking over at once could both
 * win: Postgres's own postmaster.pid lock then lets only one of them start the cluster.
 */
export async function claimOwnership(
  dataDir: string,
  previous: OwnerRecord | undefined,
  claim: Omit<OwnerRecord, 'pid' | 'bootId'>,
  name = POSTGRES_OWNER
): Promise<boolean> {
  const file = path.join(dataDir, name);
  const tmp = `${file}.${process.pid}`;
  const record: OwnerRecord = { ...claim, pid: process.pid, bootId: await bootId() };
  await fs.writeFile(tmp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  try {
    if (!previous) {
      await fs.link(tmp, file);
      return true;
    }
    const current = await readOwner(dataDir, name);
    if (current?.pid !== previous.pid) return false; // someone else took over first
    await fs.rename(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await fs.unlink(tmp).catch(() => {});
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user (the postmaster runs as 'postgres').
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster's pid from its lock file, if that process is running. */
export async function runningPostmaster(databaseDir: string): Promise<number | undefined> {
  const text = await fs.readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
}

/** Whether nothing listens on the port (so a cluster can be started on it). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

let cachedBootId: string | undefined;
async function bootId(): Promise<string> {
  cachedBootId ??= (await fs.readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => '')).trim();
  return cachedBootId;
}
