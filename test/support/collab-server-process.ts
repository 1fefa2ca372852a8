import { loadConfig } from '../../core/config';
import { startHttpServer } from '../../boot/http-server';
import { createLogger } from '../../core/logger';
import { installProcessGuards } from '../../core/process-guards';
import { startRuntime } from '../../core/runtime';

/**
 * A studio server in its own process, for tests that kill it or run several side by side. Reads
 * the usual environment and installs the same process guards as `npm start`; prints `{"listening": url}` on stdout once it accepts connections.
 */
const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
// As in boot/start.ts, so a test sees what production does with a stray rejection.
installProcessGuards(createLogger(config));
const rt = await startRuntime(config, createLogger(config), { migrate: false });
const web = await startHttpServer(rt, { port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ listening: web.url })}\n`);
process.once('SIGTERM', () => {
  void web
    .close()
    .then(() => rt.close())
    .finally(() => process.exit(0));
});
