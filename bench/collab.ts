import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import * as Y from 'yjs';
import { encodeInitialState, newNodeMap, nodesOf } from '../contracts/doc-layout';
import { PgDocumentStore } from '../data/document-store';
import { EMPTY_CONFIG } from '../contracts/pipeline';
import { collectGarbage, startChild } from './support/child';
import {
  connectClient,
  disconnect,
  percentile,
  rssOf,
  whenSynced,
  type Client
} from './support/collab-clients';
import { freshDatabase } from './support/database';
import { registerUser } from './support/studio-client';
import { table, writeSection } from './support/report';

/**
 * Collaborative documents under load, beside a bare @y/websocket-server (no auth, no persistence)
 * in the same run. Each server runs in its own process; the stock y-websocket clients run here.
 * 1. 50 editors in one room; one of them moves its node every INTERVAL ms; latency is the time
 *    until every other editor's document holds the move.
 * 2. 2,000 clients across 500 rooms, each room holding a 12-node pipeline: server memory per loaded
 *    room, held after a full collection and as RSS.
 * Targets (2 cores): p99 < 25 ms with 50 editors, ≤ 1.3× the bare server, ≤ 120 kB per loaded doc.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The bench server serves /metrics behind this token (it is never public). */
const METRICS_TOKEN = 'bench-collab-metrics-token';
const WRITES = Number(process.env.BENCH_DURABLE_WRITES ?? 300);
const EDITORS = Number(process.env.BENCH_EDITORS ?? 50);
const MOVES = Number(process.env.BENCH_MOVES ?? 1000);
const INTERVAL = Number(process.env.BENCH_INTERVAL_MS ?? 20);
const ROOMS = Number(process.env.BENCH_ROOMS ?? 500);
const PER_ROOM = Number(process.env.BENCH_CLIENTS_PER_ROOM ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

// Each stock client registers a process exit hook; 2,000 of them are expected here.
process.setMaxListeners(0);

// BENCH_NODE_ARGS passes flags such as --cpu-prof to the server processes.
const GC = ['--expose-gc', ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
/**
 * For the memory runs, V8's young generation has one fixed size: it otherwise grows during the
 * connection burst and stays grown, adding tens of MB to one server's RSS growth or the other's by
 * chance. It is per process, not per document, so fixing it leaves what each room costs.
 */
const MEMORY_FLAGS = [...GC, '--min-semi-space-size=16', '--max-semi-space-size=16'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Target {
  name: string;
  url: string;
  proc: ChildProcess;
  cookie?: string;
}

/** Editors each own one node; a move writes the sequence number into its position. */
async function latency(target: Target, room: string): Promise<number[]> {
  const clients = Array.from({ length: EDITORS }, () =>
    connectClient(`${target.url}${collabPath(target)}`, room, target.cookie)
  );
  await Promise.all(clients.map((c) => whenSynced(c)));
  clients.forEach((c, i) =>
    nodesOf(c.doc).set(
      `editor-${i}`,
      newNodeMap({ id: `editor-${i}`, type: 'scale', params: {}, position: { x: -1, y: i } })
    )
  );
  await until(() => clients.every((c) => nodesOf(c.doc).size === EDITORS), 30_000);
  // Editing latency, not the join storm: 50 handshakes, presence and first nodes settle first.
  await sleep(1000);

  const sentAt = new Map<number, number>();
  const pending = new Map<number, number>();
  const results: number[] = [];
  clients.forEach((c) =>
    nodesOf(c.doc).observeDeep((events, tx) => {
      if (tx.local) return;
      for (const e of events) {
        if (!(e.target instanceof Y.Map) || !e.keys.has('position')) continue;
        const seq = (e.target.get('position') as { x: number }).x;
        const left = pending.get(seq);
        if (left === undefined) continue;
        if (left === 1) {
          pending.delete(seq);
          results.push(performance.now() - sentAt.get(seq)!);
        } else pending.set(seq, left - 1);
      }
    })
  );
  for (let seq = 0; seq < MOVES; seq++) {
    const i = seq % EDITORS;
    pending.set(seq, EDITORS - 1);
    sentAt.set(seq, performance.now());
    (nodesOf(clients[i]!.doc).get(`editor-${i}`) as Y.Map<unknown>).set('position', { x: seq, y: i });
    await sleep(INTERVAL);
  }
  await until(() => pending.size === 0, 30_000);
  disconnect(clients);
  return results.sort((a, b) => a - b);
}

/**
 * What ROOMS rooms with PER_ROOM clients each cost the server process: RSS growth, and the growth
 * of what it holds after a full collection (heap in use plus memory outside the heap). RSS alone
 * is a poor measure here: memory the process freed after starting stays resident and is reused by
 * the rooms, so its growth swings with what startup happened to leave behind.
 */
async function memory(
  target: Target,
  rooms: string[]
): Promise<{ perDoc: number; total: number; heldPerDoc: number }> {
  await sleep(1000);
  const heldBefore = await collectGarbage(target.proc);
  const before = await rssOf(target.proc.pid!);
  const clients: Client[] = [];
  for (let start = 0; start < rooms.length; start += 50) {
    const batch = rooms
      .slice(start, start + 50)
      .flatMap((room) =>
        Array.from({ length: PER_ROOM }, () =>
          connectClient(`${target.url}${collabPath(target)}`, room, target.cookie)
        )
      );
    await Promise.all(batch.map((c) => whenSynced(c, 60_000)));
    clients.push(...batch);
  }
  // One editor per room writes a typical pipeline; the others receive it.
  for (let r = 0; r < rooms.length; r++) {
    const doc = clients[r * PER_ROOM]!.doc;
    doc.transact(() => {
      for (let n = 0; n < 12; n++) {
        nodesOf(doc).set(
          `node-${n}`,
          newNodeMap({
            id: `node-${n}`,
            type: 'impute',
            label: `Step ${n}`,
            params: { strategy: 'median', columns: ['a', 'b', 'c'] },
            position: { x: n * 180, y: 40 }
          })
        );
      }
    });
  }
  await until(() => clients.every((c) => nodesOf(c.doc).size === 12), 60_000);
  await sleep(2000);
  const heldAfter = await collectGarbage(target.proc);
  const after = await rssOf(target.proc.pid!);
  disconnect(clients);
  return {
    perDoc: (after - before) / rooms.length,
    total: after - before,
    heldPerDoc: (heldAfter - heldBefore) / rooms.length
  };
}

function collabPath(target: Target): string {
  return target.cookie ? '/collab' : '';
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for clients');
    await sleep(10);
  }
}

/** A user with a workspace, a dataset row and pipelines to open: one per latency round, then ROOMS. */
async function seed(databaseUrl: string, url: string): Promise<{ cookie: string; pipelines: string[] }> {
  const { cookie } = await registerUser(url, 'bench');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ user_id: string; workspace_id: string }>(
    'SELECT user_id, workspace_id FROM workspace_members LIMIT 1'
  );
  const { user_id: userId, workspace_id: workspaceId } = rows[0]!;
  const datasetId = randomUUID();
  await client.query(
    `INSERT INTO datasets (id, user_id, workspace_id, name, s3_bucket, s3_key_raw, file_size_bytes, status, created_at, updated_at)
     VALUES ($1, $2, $3, 'bench.csv', 'local', 'bench/raw.csv', 1, 'validated', now(), now())`,
    [datasetId, userId, workspaceId]
  );
  // One latency document per round plus the warm-up, ROOMS for memory, one for the write cost.
  const pipelines = Array.from({ length: ROUNDS + 2 + ROOMS }, () => randomUUID());
  await client.query(
    `INSERT INTO pipelines (id, user_id, workspace_id, dataset_id, name, created_at, updated_at)
     SELECT id, $2, $3, $4, 'Bench pipeline', now(), now() FROM unnest($1::uuid[]) AS id`,
    [pipelines, userId, workspaceId, datasetId]
  );
  await client.end();
  return { cookie, pipelines };
}

/**
 * What durability costs one write on this machine: WRITES appends one after another through the
 * document store (synchronous commit, a WAL flush each) against the same INSERT with
 * synchronous_commit=off (what collab writes used before). p50 in ms each.
 */
async function durableWriteCost(
  databaseUrl: string,
  pipelineId: string
): Promise<{ on: number; off: number }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const store = new PgDocumentStore(pool);
    await store.initialize(pipelineId, encodeInitialState(EMPTY_CONFIG));
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    const time = async (write: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < WRITES; i++) {
        const start = performance.now();
        await write();
        samples.push(performance.now() - start);
      }
      return percentile(
        samples.sort((a, b) => a - b),
        50
      );
    };
    const on = await time(() => store.append(pipelineId, update));
    const client = await pool.connect();
    await client.query('SET synchronous_commit = off');
    const off = await time(() =>
      client.query('INSERT INTO pipeline_document_updates (pipeline_id, data) VALUES ($1, $2)', [
        pipelineId,
        update
      ])
    );
    client.release(true);
    return { on, off };
  } finally {
    await pool.end();
  }
}

/** The server's p50 and p90 of the durable write's wait, in ms, from its /metrics. */
async function writeWaitQuantiles(url: string): Promise<{ p50: number; p90: number; perRow: number }> {
  const text = await (
    await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const read = (q: string) =>
    1000 *
    Number(
      new RegExp(`^pipeweave_collab_update_write_wait_seconds\\{quantile="${q}"\\} (\\S+)`, 'm').exec(
        text
      )?.[1]
    )!;
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1]);
  const perRow =
    value('pipeweave_collab_update_write_wait_seconds_count') /
    value('pipeweave_collab_update_rows_written_total');
  return { p50: read('0.5'), p90: read('0.9'), perRow };
}

const ms = (v: number) => v.toFixed(1);
const kb = (v: number) => `${Math.round(v / 1024)} kB`;

async function main(): Promise<void> {
  const databaseUrl = await freshDatabase('pipeweave_bench_collab');
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: `pw-bench-collab-${Date.now()}`,
    PIPEWEAVE_DATA_DIR: '/tmp/pipeweave-bench-collab',
    WORKERS: 'none',
    METRICS_TOKEN
  };
  const loadBefore = os.loadavg()[0]!;
  let api = await startChild('bench/support/api-server.ts', env, GC);
  let bare = await startChild('bench/support/bare-collab-server.ts', {}, GC);
  try {
    const { cookie, pipelines } = await seed(databaseUrl, api.url);
    const ours = (): Target => ({ name: 'PipeWeave /collab', url: api.url, proc: api.proc, cookie });
    const ref = (): Target => ({ name: 'bare @y/websocket-server', url: bare.url, proc: bare.proc });

    await latency(ref(), 'warm-up');
    await latency(ours(), pipelines[0]!);
    // Interleaved rounds, samples pooled: a busy spell on the machine falls on both servers alike.
    const refLatency: number[] = [];
    const ourLatency: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      refLatency.push(...(await latency(ref(), `room-${round + 1}`)));
      // A fresh document each round, as the bare server gets a fresh room.
      ourLatency.push(...(await latency(ours(), pipelines[round + 1]!)));
    }
    refLatency.sort((a, b) => a - b);
    ourLatency.sort((a, b) => a - b);
    const writeWait = await writeWaitQuantiles(api.url);
    const writeCost = await durableWriteCost(databaseUrl, pipelines[pipelines.length - 1]!);

    // Fresh processes so the latency run's rooms do not count as loaded documents.
    await api.stop();
    await bare.stop();
    api = await startChild('bench/support/api-server.ts', env, MEMORY_FLAGS);
    bare = await startChild('bench/support/bare-collab-server.ts', {}, MEMORY_FLAGS);
    const refMemory = await memory(ref(), pipelines.slice(ROUNDS + 1, ROUNDS + 1 + ROOMS));
    const ourMemory = await memory(ours(), pipelines.slice(ROUNDS + 1, ROUNDS + 1 + ROOMS));

    const p99Ratio = percentile(ourLatency, 99) / percentile(refLatency, 99);
    const rows = [
      ['bare @y/websocket-server (reference)', refLatency, refMemory] as const,
      ['PipeWeave /collab (session, role check, Postgres, Redis)', ourLatency, ourMemory] as const
    ].map(([name, lat, mem]) => [
      name,
      ms(percentile(lat, 50)),
      ms(percentile(lat, 99)),
      ms(lat[lat.length - 1]!),
      kb(mem.heldPerDoc),
      kb(mem.perDoc),
      `${Math.round(mem.total / 1024 / 1024)} MB`
    ]);
    const met = (ok: boolean) => (ok ? 'met' : 'not met');
    const body = `Latency: ${EDITORS} stock y-websocket editors in one room, ${MOVES} node moves (one every ${INTERVAL} ms, editors taking turns) per round, ${ROUNDS} rounds alternating between the servers, samples pooled; a move counts as delivered when all ${EDITORS - 1} other editors' documents hold it. Memory: ${ROOMS} rooms × ${PER_ROOM} clients, each room holding a 12-node pipeline; growth divided by rooms, measured after a full garbage collection as memory held (V8 heap in use plus memory outside it) and as RSS, young generation fixed at 2 × 16 MB; both include the rooms' sockets. RSS growth is the less steady figure: memory freed after startup stays resident and the rooms reuse it. Each server in its own process; all clients in the benchmark process. 1-minute load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after.

${table(['server', 'p50 ms', 'p99 ms', 'max ms', 'held per loaded room', 'RSS per loaded room', 'RSS growth'], rows)}

Of PipeWeave's time, the durable write (arrival to committed and flushed row, before any peer is sent the update) took p50 ${ms(writeWait.p50)} ms and p90 ${ms(writeWait.p90)} ms over these runs, the setup of each round (50 editors joining and adding their nodes at once) included (the server's own \`pipeweave_collab_update_write_wait_seconds\`); group commit stored ${writeWait.perRow.toFixed(1)} updates per row on average. Collab writes use synchronous commit (a WAL flush each), so an edit anyone has seen survives even a killed Postgres: one write alone costs p50 ${ms(writeCost.on)} ms here against ${ms(writeCost.off)} ms with \`synchronous_commit=off\` (${WRITES} sequential appends each, one connection).

Targets: p99 < 25 ms with ${EDITORS} editors: **${met(percentile(ourLatency, 99) < 25)}**; ≤ 1.3× the bare server's p99: **${met(p99Ratio <= 1.3)}** (${p99Ratio.toFixed(2)}×); ≤ 120 kB per loaded doc: **${met(ourMemory.heldPerDoc <= 120 * 1024)}** on memory held (${kb(ourMemory.heldPerDoc)}; RSS grew ${kb(ourMemory.perDoc)} per room).`;
    console.log(body);
    writeSection('collab', 'Collaborative documents (bench/collab.ts)', 'npm run bench:collab', body);
  } finally {
    await api.stop();
    await bare.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
