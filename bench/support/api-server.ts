import { loadConfig } from '../../core/config';
import { startHttpServer } from '../../boot/http-server';
import { createLogger } from '../../core/logger';
import { startRuntime } from '../../core/runtime';
import { answerGcRequests } from './child';

/** The studio's web process as the benchmark drives it (no web build needed for the API). */
const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
const rt = await startRuntime(config, createLogger(config));
const web = await startHttpServer(rt);
console.log(`READY ${web.url}`);
process.once(
  'SIGTERM',
  () =>
    void web
      .close()
      .then(() => rt.close())
      .then(() => process.exit(0))
);
answerGcRequests();
