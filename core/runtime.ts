import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import { JobQueues } from './queue/queues';
import { migrateUp } from '../migrations/migrator';
import { createDatabase } from '../models';
import { JobOutbox } from './outbox/job-outbox';
import { OutboxDispatcher } from './outbox/outbox-dispatcher';
import { createRepositories, type Repositories } from '../data/repositories';
import type { Config } from './config';
import { startPostgres, type PostgresHandle } from './platform/postgres';
import { startRedis, type RedisHandle } from './platform/redis';
import { answersWithin, within } from './platform/shutdown';
import { deriveKey, persistentSecret } from './platform/secrets';
import { Publisher } from './realtime/publisher';
import type { BlobStore } from './storage/blob-store';
import { createBlobStore } from './storage/create-store';

/** Everything a PipeWeave process (web server or worker) needs, started in dependency order. */
export interface Runtime {
  config: Config;
  log: Logger;
  postgres: PostgresHandle;
  sequelize: Sequelize;
  /** A small raw pool for the session store (connect-pg-simple speaks pg directly). */
  pgPool: pg.Pool;
  /**
   * Collaborative documents. Its commits may return before the WAL flush (loads, compaction: a
   * lost one is redone), but the store's appends ask for a synchronous commit themselves
   * (data/document-store.ts), which also flushes everything before them: an edit anyone has
   * seen is on disk, even if Postgres is killed.
   */
  collabPool: pg.Pool;
  /** Every repository, built once here for the web app and the workers alike. */
  repos: Repositories;
  redisHandle: RedisHandle;
  redis: Redis;
  store: BlobStore;
  /** Producers for background jobs (workers consume them in this or other processes). */
  queues: JobQueues;
  /** Jobs committed with the state change that needs them; dispatched to `queues` from here. */
  outbox: JobOutbox;
  /** Socket.IO events from any process, through Redis. */
  publisher: Publisher;
  /** Root secret: SESSION_SECRET, or one kept in the data dir. Purpose keys derive from it. */
  secret: string;
  /** Whether the database answers within `ms` (shutdown skips database work when it does not). */
  databaseReachable(ms: number): Promise<boolean>;
  close(options?: { databaseReachable?: boolean }): Promise<void>;
}

/** A request waits this long for a database connection before it answers 503. */
const DB_CONNECT_TIMEOUT_MS = 3_000;

/**
 * A pg pool, or one of its clients, emits 'error' when Postgres goes away; without a listener that
 * takes the whole process down. The pool drops the broken client itself; the next query connects
 * afresh (and fails fast while Postgres is down). Listening on each client as well covers clients
 * checked out between two queries of a transaction.
 */
function watchPool(pool: pg.Pool, log: Logger, name: string): pg.Pool {
  const onError = (err: Error) => log.warn({ err, pool: name }, 'database connection lost');
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

export async function startRuntime(
  config: Config,
  log: Logger,
  options: { migrate?: boolean } = {}
): Promise<Runtime> {
  const closers: Array<() => Promise<unknown>> = [];
  /** Steps that wait on the database: skipped when it no longer answers (they would hang). */
  const needsDatabase = new Set<() => Promise<unknown>>();
  const close = async (o: { databaseReachable?: boolean } = {}) => {
    for (const fn of [...closers].reverse()) {
      if (o.databaseReachable === false && needsDatabase.has(fn)) continue;
      await fn().catch((err: unknown) => log.warn({ err }, 'shutdown step failed'));
    }
  };
  const onDatabaseClose = (fn: () => Promise<unknown>) => {
    closers.push(fn);
    needsDatabase.add(fn);
  };
  try {
    const secret = config.session.secret ?? (await persistentSecret(config.dataDir, 'session-secret'));
    const postgres = await startPostgres(config.databaseUrl, config.dataDir, log);
    // Bounded: a cluster that does not answer must not hold the shutdown.
    closers.push(() => within('embedded Postgres', 5_000, postgres.stop(), log));
    if (options.migrate !== false) {
      const applied = await migrateUp(postgres.url);
      if (applied.length) log.info({ applied }, 'database migrated');
    }
    const sequelize = createDatabase(postgres.url, { connectTimeoutMs: DB_CONNECT_TIMEOUT_MS });
    onDatabaseClose(() => sequelize.close());
    const pgPool = watchPool(
      new pg.Pool({ connectionString: postgres.url, max: 5, connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS }),
      log,
      'session'
    );
    onDatabaseClose(() => pgPool.end());
    const collabPool = watchPool(
      new pg.Pool({
        connectionString: postgres.url,
        max: 4,
        connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
        options: '-c synchronous_commit=off'
      }),
      log,
      'collab'
    );
    onDatabaseClose(() => collabPool.end());

    const redisHandle = await startRedis(config.redis.url, config.dataDir, log);
    closers.push(() => redisHandle.stop());
    const redis = new Redis(redisHandle.url, { maxRetriesPerRequest: 2 });
    redis.on('error', (err) => log.warn({ err }, 'redis connection error'));
    closers.push(() => redis.quit());

    const store = createBlobStore(
      { s3: config.s3, dataDir: config.dataDir, publicUrl: config.publicUrl },
      deriveKey(secret, 'blob-urls')
    );
    closers.push(() => store.close());

    const queues = new JobQueues(
      { redisUrl: redisHandle.url, prefix: config.redis.prefix },
      { onError: (err, queue) => log.warn({ err, queue }, 'job queue redis error') }
    );
    closers.push(() => queues.close());
    const repos = createRepositories(sequelize, pgPool, config.redis.prefix);
    const dispatcher = new OutboxDispatcher(repos.outbox, queues, log);
    dispatcher.start();
    onDatabaseClose(() => dispatcher.stop()); // waits for a pass, which waits on the database
    const outbox = new JobOutbox(repos.outbox, () => dispatcher.kick());
    const publisher = new Publisher(redis, (err) => log.warn({ err }, 'live event not sent'));

    return {
      config,
      log,
      postgres,
      sequelize,
      pgPool,
      collabPool,
      repos,
      redisHandle,
      redis,
      store,
      queues,
      outbox,
      publisher,
      secret,
      databaseReachable: (ms) => answersWithin(() => pgPool.query('SELECT 1'), ms),
      close
    };
  } catch (err) {
    await close();
    throw err;
  }
}
