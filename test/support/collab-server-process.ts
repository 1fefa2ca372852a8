import { loadConfig } from '../../server/config';
import { startHttpServer } from '../../server/http-server';
import { createLogger } from '../../server/logger';
import { startRuntime } from '../../server/runtime';

/**
 * A studio server in its own process, for tests that kill it or run several side by side. Reads
 * the usual environment; prints `{"listening": url}` on stdout once it accepts connections.
 */
const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
const rt = await startRuntime(config, createLogger(config), { migrate: false });
const web = await startHttpServer(rt, { port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ listening: web.url })}\n`);
process.once('SIGTERM', () => {
  void web
    .close()
    .then(() => rt.close())
    .finally(() => process.exit(0));
});
