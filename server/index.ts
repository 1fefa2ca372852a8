import { ConfigError, loadConfig } from './config';
import { loadWebHandler, startHttpServer } from './http-server';
import { createLogger } from './logger';
import { installProcessGuards } from './process-guards';
import { RedisUnavailableError } from './platform/redis';
import { startRuntime } from './runtime';
import { startWorkers } from '../jobs/worker-pool';

/** `npm start`: read config, start services, serve. Nothing else lives here. */
async function main(): Promise<void> {
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
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000).unref();
    await web.close();
    await workers?.close();
    await rt.close();
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
