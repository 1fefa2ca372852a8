import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { startTestServer, type TestServer } from './test-server';
import { spawnWorker, type WorkerProcess } from './worker-process';

export interface WorkerDeployment {
  readonly web: TestServer;
  /** Starts an `npm run worker` process on the deployment; stopped after the file's tests. */
  worker(): Promise<WorkerProcess>;
}

/**
 * A web process here and `npm run worker` processes sharing one deployment's services (database,
 * Redis keys, session secret, data dir), set up before the file's tests and torn down after.
 */
export function useWorkerDeployment(name: string): WorkerDeployment {
  let dataDir: string;
  let shared: Record<string, string>;
  let web: TestServer | undefined;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `pipeweave-${name}-`));
    shared = {
      DATABASE_URL: inject('databaseUrl'),
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: `pwt:${inject('runId')}:${name}`,
      SESSION_SECRET: `${name}-test-session-secret`,
      PIPEWEAVE_DATA_DIR: dataDir
    };
    web = await startTestServer(shared);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await web?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  return {
    get web() {
      if (!web) throw new Error('the deployment starts in beforeAll');
      return web;
    },
    async worker() {
      const w = await spawnWorker(shared);
      workers.push(w);
      return w;
    }
  };
}
