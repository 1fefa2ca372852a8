import { ConfigError, loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { installProcessGuards } from '../core/process-guards';
import { RedisUnavailableError } from '../core/platform/redis';
import { markStopping, within } from '../core/platform/shutdown';
import { startRuntime } from '../core/runtime';
import { startWorkers } from './worker-pool';

/** `npm run worker`: background work in its own process (start the web server with WORKERS=none). */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config).child({ role: 'worker' });
  installProcessGuards(log);
  const rt = await startRuntime(config, log);
  const pool = await startWorkers(rt);
  log.info('worker running');
  const shutdown = async () => {
    markStopping();
    try {
      // Jobs still running wait on the database; when it does not answer, don't wait for them.
      const databaseReachable = await rt.databaseReachable(1_000);
      await within('workers', databaseReachable ? 15_000 : 1_500, pool.close(), log);
      await rt.close({ databaseReachable });
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((err) => {
  console.error(
    err instanceof ConfigError || err instanceof RedisUnavailableError ? `\n${err.message}\n` : err
  );
  process.exit(1);
});
