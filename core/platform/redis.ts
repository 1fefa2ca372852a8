import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { claimOwnership, ownerAlive, portFree, readOwner, REDIS_OWNER } from './cluster-owner';
import { freePort, waitFor } from './free-port';
import { processStopping } from './shutdown';

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
  return startPrivate(binary, dataDir, log);
}

const MAX_BACKOFF_MS = 30_000;

/**
 * The data dir's private redis-server, shared like the embedded Postgres: the first process
 * starts and supervises it (restarting it if it dies), and records its pid and port in
 * `<dataDir>/redis-owner.json`; a worker started with the same environment uses it and never stops
 * it. The port stays the same across restarts.
 */
async function startPrivate(binary: string, dataDir: string, log: Logger): Promise<RedisHandle> {
  const dir = path.join(dataDir, 'redis');
  await fs.mkdir(dir, { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = await readOwner(dataDir, REDIS_OWNER);
    if (await ownerAlive(record)) {
      const url = `redis://127.0.0.1:${record!.port}`;
      await waitFor(
        async () => {
          if (!(await ping(url, 500))) throw new Error('not answering yet');
        },
        15_000,
        'the private redis-server of another process'
      );
      log.info(
        { owner: record!.pid, port: record!.port },
        'using the private redis-server that another PipeWeave process runs'
      );
      return { url, source: 'private', stop: async () => {} };
    }
    // Its owner has gone: a server it left running holds the directory.
    await stopStale(path.join(dir, 'redis.pid'));
    const port = record && (await portFree(record.port)) ? record.port : await freePort();
    if (await claimOwnership(dataDir, record, { port, databaseDir: dir }, REDIS_OWNER)) {
      return superviseRedis(binary, dir, port, log);
    }
  }
  throw new Error(`Could not settle who runs the private redis-server in ${dir}`);
}

async function superviseRedis(binary: string, dir: string, port: number, log: Logger): Promise<RedisHandle> {
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stopping = false;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  // If we die without a clean shutdown, don't leave Redis behind.
  const killOnExit = () => child?.kill('SIGTERM');
  process.once('exit', killOnExit);

  const launch = async () => {
    const c = spawnRedis(binary, dir, port);
    child = c;
    let stderr = '';
    c.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    try {
      await waitFor(
        async () => {
          if (c.exitCode !== null) throw new Error(`redis-server exited: ${stderr.trim()}`);
          if (!(await ping(url, 300))) throw new Error('not answering yet');
        },
        10_000,
        'private redis-server'
      );
    } catch (err) {
      c.kill('SIGKILL');
      throw err;
    }
    c.once('exit', (code, signal) => {
      // A Ctrl-C reaches redis-server and us together; let our own signal handler run first.
      setTimeout(() => {
        if (stopping || processStopping()) return;
        log.error({ code, signal }, 'private redis-server stopped unexpectedly; restarting it');
        restart();
      }, 100).unref();
    });
  };
  const restart = () => {
    const delay = Math.min(250 * 2 ** restarts++, MAX_BACKOFF_MS);
    timer = setTimeout(() => {
      if (stopping || processStopping()) return;
      launch().then(
        () => {
          log.warn({ attempts: restarts }, 'private redis-server restarted');
          restarts = 0;
        },
        (err: unknown) => {
          log.warn({ err }, 'private redis-server did not start; retrying');
          restart();
        }
      );
    }, delay);
  };

  await launch();
  log.info({ port, dir }, 'started a private redis-server');
  return {
    url,
    source: 'private',
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    }
  };
}

function spawnRedis(binary: string, dir: string, port: number): ChildProcess {
  return spawn(
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
      // Queued jobs live here: without persistence a restart would forget them.
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
  const isRedis = async () =>
    (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes('redis-server');
  if (!(await isRedis())) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  await waitFor(
    async () => {
      if (await isRedis()) throw new Error('still running');
    },
    10_000,
    'stale redis-server shutdown'
  );
}
