import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../core/config';
import { loadWebHandler, startHttpServer, type RunningServer } from '../../boot/http-server';
import { createLogger } from '../../core/logger';
import { startRuntime, type Runtime } from '../../core/runtime';
import { startWorkers, type WorkerPool } from '../../jobs/worker-pool';

export interface TestServer {
  url: string;
  rt: Runtime;
  web: RunningServer;
  dataDir: string;
  close(): Promise<void>;
}

let serial = 0;

/** A real server on a free port, backed by the run's test database and the machine's Redis. */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { web?: boolean; workers?: boolean } = {}
): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipeweave-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `pwt:${inject('runId')}:${process.pid}:${serial++}`,
    PIPEWEAVE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    BCRYPT_COST: '4',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    ...env
  });
  const rt = await startRuntime(config, createLogger(config), { migrate: false });
  const web = await startHttpServer(rt, {
    port: 0,
    host: '127.0.0.1',
    webHandler: options.web ? await loadWebHandler() : undefined
  });
  const workers: WorkerPool | undefined = options.workers ? await startWorkers(rt) : undefined;
  return {
    url: web.url,
    rt,
    web,
    dataDir,
    close: async () => {
      await workers?.close();
      await web.close();
      await rt.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  };
}
