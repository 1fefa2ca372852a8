import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { readOwner, REDIS_OWNER } from '../../core/platform/cluster-owner';
import { freePort } from '../../core/platform/free-port';
import { startRedis, type RedisHandle } from '../../core/platform/redis';
import { until } from './processes';

const GUEST = path.join(path.dirname(fileURLToPath(import.meta.url)), 'redis-private-guest.ts');
const log = pino({ level: 'silent' });
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

const answers = async (url: string) => {
  const c = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  c.on('error', () => {});
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
};

/** Starts the product's private redis-server in this process, the way `npm start` would. */
async function owner(dataDir: string, closedUrl: string): Promise<RedisHandle> {
  const handle = await startRedis(undefined, dataDir, log, closedUrl);
  cleanup.push(() => handle.stop());
  return handle;
}

async function guest(dataDir: string, closedUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', GUEST, dataDir, closedUrl], {
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const output: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.push(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`guest exited (${code}): ${output.join('\n')}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{"redis"')) resolve((JSON.parse(line) as { redis: string }).redis);
    });
  });
  return {
    url,
    output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    }
  };
}

describe('the private redis-server', () => {
  it('is shared with a second process on the same data dir, which never stops it', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-fault-private-redis-'));
    cleanup.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const mine = await owner(dataDir, closed);
    expect(mine.source).toBe('private');

    const other = await guest(dataDir, closed);
    expect(other.url).toBe(mine.url);
    expect(other.output.join('\n')).toMatch(
      /using the private redis-server that another PipeWeave process runs/
    );
    await other.stop();
    expect(await answers(mine.url)).toBe(true);
  }, 60_000);

  it('is restarted on the same port after a crash, and keeps that port across restarts', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-fault-private-redis-'));
    cleanup.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const first = await owner(dataDir, closed);
    const client = new Redis(first.url);
    client.on('error', () => {});
    cleanup.push(async () => client.disconnect());
    await client.set('kept', 'yes');

    const pid = Number((await fs.readFile(path.join(dataDir, 'redis', 'redis.pid'), 'utf8')).trim());
    process.kill(pid, 'SIGKILL');
    await until(() => answers(first.url), 15_000, 'redis-server restarted');
    // Written to the append-only file before the reply: a killed process loses none of it.
    expect(await client.get('kept')).toBe('yes');

    await first.stop();
    const second = await owner(dataDir, closed);
    expect(second.url).toBe(first.url);
    expect((await readOwner(dataDir, REDIS_OWNER))?.pid).toBe(process.pid);
  }, 60_000);
});
