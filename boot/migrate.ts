import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { startPostgres } from '../core/platform/postgres';
import { migrateDown, migrateUp } from '../migrations/migrator';

/** `npm run migrate` applies pending migrations; `npm run migrate -- down [name]` reverts. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const pg = await startPostgres(config.databaseUrl, config.dataDir, log);
  try {
    const [command = 'up', to] = process.argv.slice(2);
    const names = command === 'down' ? await migrateDown(pg.url, to ?? 0) : await migrateUp(pg.url);
    console.log(names.length ? `${command}: ${names.join(', ')}` : 'Database is up to date.');
  } finally {
    await pg.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
