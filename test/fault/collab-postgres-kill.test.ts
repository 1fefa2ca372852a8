import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, openDocument, personalWorkspace, type CollabClient } from '../support/collab';
import { spawnServer, type ServerProcess } from '../support/collab-process';
import { signedInClient } from '../support/http-client';
import {
  insertPipeline,
  postgresBinDir,
  PrivatePostgres,
  storedDocument,
  keepWriting,
  keysFrom
} from './collab-fault-support';

const bin = postgresBinDir();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let postgres: PrivatePostgres;
let server: ServerProcess;
const clients: CollabClient[] = [];

beforeAll(async () => {
  postgres = new PrivatePostgres(bin!);
  await postgres.init();
  server = await spawnServer({
    DATABASE_URL: postgres.url,
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `pwt:${inject('runId')}:collab-pg-kill`,
    SESSION_SECRET: 'collab-postgres-kill-test-secret',
    BCRYPT_COST: '4',
    LOG_LEVEL: 'fatal'
  });
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
  await postgres?.stop();
});

/** Writes `prefix<i>` into the meta map every few ms until `stop()` is called. */
describe.skipIf(!bin)('collaboration when Postgres is killed', () => {
  it('loses no update another editor had received, keeps the server up, and resyncs editors', async () => {
    const alice = await signedInClient(server.url, 'Alice');
    const ws = await personalWorkspace(alice.client);
    const pipelineId = await insertPipeline(postgres.url, alice.user.id, ws.id);
    const open = async () => {
      const c = await openDocument(server.url, pipelineId, alice.client.cookie);
      clients.push(c);
      return c;
    };
    const [a, b, survivor] = [await open(), await open(), await open()];
    const stopA = keepWriting(a, 'a');
    const stopB = keepWriting(b, 'b');
    // Mid-stream: each editor has received plenty of the other's updates.
    await eventually(() => {
      expect(keysFrom(b.doc, 'a').length).toBeGreaterThan(80);
      expect(keysFrom(a.doc, 'b').length).toBeGreaterThan(80);
    }, 20_000);
    await postgres.kill();
    // What each had received from the other; their clients close at once, so nothing they hold
    // can come back through a reconnect: only what the server stored counts.
    const seen = [...keysFrom(b.doc, 'a'), ...keysFrom(a.doc, 'b')];
    a.provider.destroy();
    b.provider.destroy();
    await Promise.all([stopA(), stopB()]);

    // An edit while the database is down: not stored, so the editor is closed and keeps it.
    const closed = new Promise<number>((resolve) =>
      survivor.provider.once('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0))
    );
    survivor.doc.getMap('meta').set('during-outage', true);
    expect(await closed).toBe(1011);

    await sleep(500);
    expect(server.child.exitCode).toBeNull();
    await postgres.start();

    // The survivor reconnects by itself and its edit is stored.
    await eventually(async () => {
      const stored = await storedDocument(postgres.url, pipelineId);
      expect(stored.getMap('meta').get('during-outage')).toBe(true);
    }, 30_000);
    const stored = (await storedDocument(postgres.url, pipelineId)).getMap('meta');
    const lost = seen.filter((k) => !stored.has(k));
    expect(lost, `${lost.length} of ${seen.length} received updates lost`).toEqual([]);
    expect(server.child.exitCode).toBeNull();

    // A fresh editor gets everything through the server.
    const fresh = await open();
    for (const k of [...seen, 'during-outage']) expect(fresh.doc.getMap('meta').has(k), k).toBe(true);
    // Quiet, this takes ~2 s; beside the rest of the suite on a 2-core machine it has taken over 60 s.
  }, 120_000);
});
