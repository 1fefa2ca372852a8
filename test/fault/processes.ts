import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '../../core/platform/free-port';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A PipeWeave process for fault tests: `boot/start.ts` as `npm start` runs it (minus the web
 * build), the bare web server of test/support/collab-server-process.ts, or `jobs/worker.ts` as
 * `npm run worker` starts it. Its output is kept so a failing test can show it.
 */
export interface StudioProcess {
  child: ChildProcess;
  /** The server's URL; undefined for a worker. */
  url?: string;
  output: string[];
  /** Whether the process is still running (the point of most fault tests). */
  alive(): boolean;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
}

const SCRIPTS = {
  server: 'boot/start.ts',
  web: 'test/support/collab-server-process.ts',
  worker: 'jobs/worker.ts'
} as const;

export async function spawnStudio(
  kind: keyof typeof SCRIPTS,
  env: Record<string, string>,
  options: { readyTimeoutMs?: number } = {}
): Promise<StudioProcess> {
  // Only what the test gives: an inherited DATABASE_URL would hide the embedded Postgres.
  const { DATABASE_URL: _omit, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, SCRIPTS[kind])], {
    cwd: ROOT,
    env: { ...inherited, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  readline.createInterface({ input: child.stderr! }).on('line', (line) => output.push(`[stderr] ${line}`));
  const ready = new Promise<string | undefined>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${kind} did not start:\n${output.join('\n')}`)),
      options.readyTimeoutMs ?? 45_000
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited (${code}) while starting:\n${output.join('\n')}`));
    });
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (kind === 'web' && line.startsWith('{"listening"')) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { listening: string }).listening);
      } else if (kind === 'server' && line.includes('PipeWeave studio: ')) {
        clearTimeout(timer);
        resolve(line.split('PipeWeave studio: ')[1]!.trim());
      } else if (kind === 'worker' && line.includes('"msg":"worker running"')) {
        clearTimeout(timer);
        resolve(undefined);
      }
    });
  });
  const url = await ready;
  return {
    child,
    url,
    output,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT'); // in case a test paused it
        child.kill('SIGTERM');
      }
      const force = setTimeout(() => child.kill('SIGKILL'), 25_000);
      return exited.finally(() => clearTimeout(force));
    }
  };
}

/**
 * A redis-server of the test's own, on its own port, that the test may stop and start again. It
 * keeps an append-only file in its directory, like a production Redis should (without persistence
 * a Redis restart loses every queued job), so "a job queued before the restart" survives it.
 */
export interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-fault-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const c = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
      { stdio: 'ignore' }
    );
    child = c;
    exited = new Promise((resolve) => c.once('exit', () => resolve()));
    await waitFor(
      async () => {
        if (c.exitCode !== null) throw new Error('redis-server exited');
        const { Redis } = await import('ioredis');
        const probe = new Redis(url, {
          lazyConnect: true,
          retryStrategy: () => null,
          maxRetriesPerRequest: 0
        });
        probe.on('error', () => {});
        try {
          await probe.connect();
          await probe.ping();
        } finally {
          probe.disconnect();
        }
      },
      10_000,
      'private redis-server'
    );
  };
  const stop = async () => {
    // SIGTERM: Redis flushes its append-only file and exits, as on a clean restart.
    if (child && child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url,
    start,
    stop,
    close: async () => {
      await stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
