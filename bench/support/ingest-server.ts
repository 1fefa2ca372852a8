import { startWorkers } from '../../jobs/worker-pool';
import { loadConfig } from '../../core/config';
import { startHttpServer } from '../../boot/http-server';
import { createLogger } from '../../core/logger';
import { startRuntime } from '../../core/runtime';

/** A studio process with its workers inline, as `npm start` runs by default. */
const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
const rt = await startRuntime(config, createLogger(config));
const web = await startHttpServer(rt);
const workers = await startWorkers(rt, { concurrency: 1 });
console.log(`READY ${web.url}`);
process.once(
  'SIGTERM',
  () =>
    void workers
      .close()
      .then(() => web.close())
      .then(() => rt.close())
      .then(() => process.exit(0))
);
