import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import type { CollabClient } from '../support/collab';
import { migrateUp } from '../../migrations/migrator';
import { PgDocumentStore } from '../../data/document-store';
import { freePort, waitFor } from '../../core/platform/free-port';

/** The Debian Postgres binaries (apt's postgresql package), if installed. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const bin = versions
    .map((v) => path.join(root, v, 'bin'))
    .find((d) => fs.existsSync(path.join(d, 'initdb')));
  return bin;
}

/** Postgres refuses to run as root; as root the cluster runs as the `postgres` system user. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

/**
 * A Postgres cluster of the test's own, in a temp dir, so the test may kill it: `kill()` is
 * kill -9 of the postmaster (its backends notice and exit, unflushed WAL is gone), `start()`
 * brings it back on the same port after crash recovery.
 */
export class PrivatePostgres {
  url = '';
  private port = 0;
  private child: ChildProcess | null = null;
  private readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeweave-fault-pg-'));
  private readonly data = path.join(this.root, 'data');

  constructor(private readonly bin: string) {}

  /** initdb, start, create the database and migrate it. */
  async init(): Promise<void> {
    if (process.getuid?.() === 0) spawnSync('chown', ['postgres', this.root]);
    const [cmd, args] = asPostgres(path.join(this.bin, 'initdb'), [
      '-D',
      this.data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync'
    ]);
    const init = spawnSync(cmd, args, { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    this.port = await freePort();
    await this.start();
    const admin = new pg.Client({ connectionString: this.urlOf('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE pipeweave');
    await admin.end();
    this.url = this.urlOf('pipeweave');
    await migrateUp(this.url);
  }

  async start(): Promise<void> {
    // After a kill, the old backends hold the shared memory until they have noticed; retry.
    await waitFor(
      async () => {
        const [cmd, args] = asPostgres(path.join(this.bin, 'postgres'), [
          '-D',
          this.data,
          '-p',
          String(this.port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
          '-c',
          'fsync=on'
        ]);
        const child = spawn(cmd, args, { stdio: 'ignore' });
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        this.child = child;
        try {
          await waitFor(
            async () => {
              if (child.exitCode !== null) throw new Error('exited');
              const c = new pg.Client({ connectionString: this.urlOf('postgres') });
              await c.connect();
              await c.end();
            },
            10_000,
            'private Postgres'
          );
        } catch (err) {
          if (child.exitCode === null) child.kill('SIGKILL');
          await exited;
          throw err;
        }
      },
      20_000,
      'private Postgres start'
    );
  }

  /** The postmaster's pid, as Postgres records it. */
  postmasterPid(): number {
    return Number(fs.readFileSync(path.join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  /** kill -9 of the postmaster only, as a crash of the database server. */
  async kill(): Promise<void> {
    process.kill(this.postmasterPid(), 'SIGKILL');
    await new Promise<void>((resolve) => {
      if (!this.child || this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(this.postmasterPid(), 'SIGINT');
      } catch {
        child.kill('SIGKILL');
      }
      await exited;
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private urlOf(db: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${db}`;
  }
}

/** What Postgres holds of a pipeline's document (snapshot plus rows), read as a fresh load would. */
export async function storedDocument(databaseUrl: string, pipelineId: string): Promise<Y.Doc> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const stored = await new PgDocumentStore(pool).load(pipelineId);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(stored.updates));
    return doc;
  } finally {
    await pool.end();
  }
}

/** A dataset row and a pipeline on it, written with SQL (no models in this process). */
export async function insertPipeline(
  databaseUrl: string,
  userId: string,
  workspaceId: string
): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const dataset = await client.query<{ id: string }>(
      `INSERT INTO datasets (id, user_id, workspace_id, name, s3_bucket, s3_key_raw, file_size_bytes, status, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'fault.csv', 'local', 'fault/raw.csv', 1, 'validated', now(), now()) RETURNING id`,
      [userId, workspaceId]
    );
    const pipeline = await client.query<{ id: string }>(
      `INSERT INTO pipelines (id, user_id, workspace_id, dataset_id, name, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 'Fault pipeline', now(), now()) RETURNING id`,
      [userId, workspaceId, dataset.rows[0]!.id]
    );
    return pipeline.rows[0]!.id;
  } finally {
    await client.end();
  }
}

/** Sets a new `meta` key every few ms until stopped, like an editor typing. */
export function keepWriting(client: CollabClient, prefix: string) {
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      client.doc.getMap('meta').set(`${prefix}${i}`, i);
      await new Promise((r) => setTimeout(r, 3));
    }
  })();
  return async () => {
    running = false;
    await done;
  };
}

export const keysFrom = (doc: Y.Doc, prefix: string) =>
  [...doc.getMap('meta').keys()].filter((k) => k.startsWith(prefix));
