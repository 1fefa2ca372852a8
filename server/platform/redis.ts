import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { freePort, waitFor } from './free-port';

export interface RedisHandle {
  url: string;
  /** 'configured' = REDIS_URL, 'default' = 127.0.0.1:6379, 'private' = a redis-server we started. */
  source: 'configured' | 'default' | 'private';
  stop(): Promise<void>;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export class RedisUnavailableError extends Error {}

/**
 * REDIS_URL when set; else a Redis on 127.0.0.1:6379 if one answers; else a private redis-server
 * from PATH with its files under the data dir; else a message that says how to get one.
 */
export async function startRedis(
  redisUrl: string | undefined,
  dataDir: string,
  log: Logger,
  defaultUrl = DEFAULT_REDIS_URL
): Promise<RedisHandle> {
  if (redisUrl) {
    if (!(await ping(redisUrl, 5000))) {
      throw new RedisUnavailableError(`Cannot reach Redis at REDIS_URL (${redisUrl}).`);
    }
    return { url: redisUrl, source: 'configured', stop: async () => {} };
  }
  if (await ping(defaultUrl, 500)) {
    log.info({ url: defaultUrl }, 'using the local Redis');
    return { url: defaultUrl, source: 'default', stop: async () => {} };
  }
  const binary = await findOnPath('redis-server');
  if (!binary) {
    throw new RedisUnavailableError(
      [
        'PipeWeave needs Redis (job queues, live updates, collaboration fan-out) and found none.',
        'Do one of:',
        '  - set REDIS_URL=redis://host:6379 to use an existing Redis;',
        '  - install redis-server so PipeWeave can start a private one:',
        '      Debian/Ubuntu: sudo apt-get install redis-server',
        '      macOS:         brew install redis',
        '  - or run one with Docker: docker run -p 6379:6379 redis:7'
      ].join('\n')
    );
  }
  return startPrivate(binary, path.join(dataDir, 'redis'), log);
}

async function startPrivate(binary: string, dir: string, log: Logger): Promise<RedisHandle> {
  await fs.mkdir(dir, { recursive: true });
  await stopStale(path.join(dir, 'redis.pid'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    binary,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--pidfile',
      path.join(dir, 'redis.pid'),
      '--appendonly',
      'yes',
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes'
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If we die without a clean shutdown, don't leave Redis behind.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited: ${stderr.trim()}`);
        if (!(await ping(url, 300))) throw new Error('not answering yet');
      },
      10_000,
      'private redis-server'
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  log.info({ port, dir }, 'started a private redis-server');
  return {
    url,
    source: 'private',
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    }
  };
}

async function ping(url: string, timeoutMs: number): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      await fs.access(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

async function stopStale(pidFile: string): Promise<void> {
  const pid = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  // Only a redis-server: after a reboot the pid may belong to something else.
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('redis-server')) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
