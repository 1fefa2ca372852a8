import { ConfigError, loadConfig } from '../core/config';
import { loadWebHandler, startHttpServer } from './http-server';
import { createLogger } from '../core/logger';
import { installProcessGuards } from '../core/process-guards';
import { RedisUnavailableError } from '../core/platform/redis';
import { markStopping, within } from '../core/platform/shutdown';
import { startRuntime } from '../core/runtime';
import { startWorkers } from '../jobs/worker-pool';
import { ensureWebBuild } from './web-build';

/** `npm start`: read config, start services, serve. Nothing else lives here. */
async function main(): Promise<void> {
  // `npm start` passes --build: the web app is rebuilt first when its sources changed.
  if (process.argv.includes('--build')) ensureWebBuild(process.cwd());
  const config = loadConfig();
  const log = createLogger(config);
  installProcessGuards(log);
  const rt = await startRuntime(config, log);
  const web = await startHttpServer(rt, { webHandler: await loadWebHandler() });
  const workers = config.workers === 'inline' ? await startWorkers(rt) : undefined;
  log.info(
    {
      url: web.url,
      database: rt.postgres.embedded ? 'embedded' : 'external',
      redis: rt.redisHandle.source,
      storage: rt.store.driver
    },
    'PipeWeave is running'
  );
  console.log(`\n  PipeWeave studio: ${config.publicUrl ?? web.url}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    markStopping();
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000).unref();
    // Flushing documents, finishing jobs and closing pools all wait on the database: when it does
    // not answer, give those steps a moment instead of the whole force-exit timeout.
    const databaseReachable = await rt.databaseReachable(1_000);
    if (!databaseReachable) log.warn('the database does not answer; shutting down without it');
    const limit = databaseReachable ? 15_000 : 1_500;
    await within('web server', limit, web.close(), log);
    if (workers) await within('workers', limit, workers.close(), log);
    await rt.close({ databaseReachable });
    clearTimeout(force);
    process.exit(0);
  };
  const onSignal = (signal: string) =>
    shutdown(signal).catch((err: unknown) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  process.on('SIGTERM', () => void onSignal('SIGTERM'));
  process.on('SIGINT', () => void onSignal('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof RedisUnavailableError) {
    console.error(`\n${err.message}\n`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
