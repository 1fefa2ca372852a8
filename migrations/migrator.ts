import { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import * as identity from './0001-identity';
import * as datasets from './0002-datasets';
import * as pipelines from './0003-pipelines';
import * as edaProgress from './0004-eda-progress';
import * as collabDocuments from './0005-collab-documents';
import * as pipelineVersions from './0006-pipeline-versions';
import * as jobOutbox from './0007-job-outbox';
import * as training from './0008-training';

// Listed explicitly (not globbed) so the same list works under tsx, vitest and a bundled build.
const MIGRATIONS = [
  { name: '0001-identity', ...identity },
  { name: '0002-datasets', ...datasets },
  { name: '0003-pipelines', ...pipelines },
  { name: '0004-eda-progress', ...edaProgress },
  { name: '0005-collab-documents', ...collabDocuments },
  { name: '0006-pipeline-versions', ...pipelineVersions },
  { name: '0007-job-outbox', ...jobOutbox },
  { name: '0008-training', ...training }
];

const LOCK_KEY = 7_411_203; // constant for PipeWeave: serialises migrations across processes

/**
 * Runs migrations on one dedicated connection, so the advisory lock and each migration's
 * BEGIN/COMMIT apply to the statements in between: a failed migration leaves no half-made schema.
 */
async function withMigrator<T>(
  databaseUrl: string,
  log: (msg: string) => void,
  run: (umzug: Umzug<ReturnType<Sequelize['getQueryInterface']>>) => Promise<T>
): Promise<T> {
  const sequelize = new Sequelize(databaseUrl, { logging: false, pool: { max: 1, min: 1 } });
  const qi = sequelize.getQueryInterface();
  const inTransaction = async (fn: () => Promise<void>) => {
    await sequelize.query('BEGIN');
    try {
      await fn();
      await sequelize.query('COMMIT');
    } catch (err) {
      await sequelize.query('ROLLBACK');
      throw err;
    }
  };
  const umzug = new Umzug({
    migrations: MIGRATIONS.map((m) => ({
      name: m.name,
      up: () => inTransaction(() => m.up({ context: qi })),
      down: () => inTransaction(() => m.down({ context: qi }))
    })),
    context: qi,
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: {
      info: (e) => log(JSON.stringify(e)),
      warn: (e) => log(JSON.stringify(e)),
      error: (e) => log(JSON.stringify(e)),
      debug: () => {}
    }
  });
  try {
    await sequelize.query('SELECT pg_advisory_lock(:k)', { replacements: { k: LOCK_KEY } });
    return await run(umzug);
  } finally {
    await sequelize.close();
  }
}

/** Applies every pending migration and returns their names. */
export function migrateUp(databaseUrl: string, log: (msg: string) => void = () => {}): Promise<string[]> {
  return withMigrator(databaseUrl, log, async (u) => (await u.up()).map((m) => m.name));
}

/** Reverts migrations down to (and excluding) `to`, or all of them. */
export function migrateDown(
  databaseUrl: string,
  to: string | 0 = 0,
  log: (msg: string) => void = () => {}
): Promise<string[]> {
  return withMigrator(databaseUrl, log, async (u) => (await u.down({ to })).map((m) => m.name));
}
