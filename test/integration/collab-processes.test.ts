import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import * as Y from 'yjs';
import { readConfig } from '../../contracts/doc-layout';
import {
  createPipeline,
  eventually,
  openDocument,
  personalWorkspace,
  type CollabClient
} from '../support/collab';
import { spawnServer, type ServerProcess } from '../support/collab-process';
import { signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

/** Every process here shares Postgres, Redis keys and the session secret, like one deployment. */
const shared = {
  DATABASE_URL: inject('databaseUrl'),
  REDIS_URL: inject('redisUrl'),
  REDIS_PREFIX: `pwt:${inject('runId')}:collab-processes`,
  SESSION_SECRET: 'collab-processes-test-session-secret'
};

let local: TestServer;
/** A second process serving alongside `local`. */
let other: ServerProcess;
/** A process the durability test kills. */
let doomed: ServerProcess;
const clients: CollabClient[] = [];

beforeAll(async () => {
  [local, other, doomed] = await Promise.all([
    startTestServer(shared),
    spawnServer(shared),
    spawnServer(shared)
  ]);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all([other.stop(), doomed.kill()]);
  await local.close();
});

async function open(baseUrl: string, pipelineId: string, cookie: string): Promise<CollabClient> {
  const client = await openDocument(baseUrl, pipelineId, cookie);
  clients.push(client);
  return client;
}

async function editorWithPipeline(name = 'Alice') {
  const user = await signedInClient(local.url, name);
  const ws = await personalWorkspace(user.client);
  const pipeline = await createPipeline(user.user.id, ws.id);
  return { ...user, ws, pipeline };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('collaboration across server processes', () => {
  it('keeps every edit a peer has seen when the server is killed with SIGKILL', async () => {
    const alice = await editorWithPipeline();
    const writer = await open(doomed.url, alice.pipeline.id, alice.client.cookie);
    const watcher = await open(doomed.url, alice.pipeline.id, alice.client.cookie);
    const params = () => watcher.doc.getMap('meta');

    const writing = (async () => {
      for (let i = 0; i < 300; i++) {
        writer.doc.getMap('meta').set(`edit${i}`, i);
        if (i % 5 === 4) await sleep(2);
      }
    })();
    // Kill mid-stream, the moment the watcher has seen at least 100 edits.
    await eventually(() => expect(params().size).toBeGreaterThanOrEqual(100), 20_000);
    const seen = params().toJSON();
    await doomed.kill();
    await writing;
    writer.destroy();
    watcher.destroy();

    // `other` never opened this document: it loads what Postgres holds, as a restarted server would.
    const fresh = await open(other.url, alice.pipeline.id, alice.client.cookie);
    const stored = fresh.doc.getMap('meta').toJSON();
    for (const [key, value] of Object.entries(seen)) expect(stored[key], key).toEqual(value);
  });

  it('lets clients on different processes co-edit one document and see each other', async () => {
    const alice = await editorWithPipeline();
    const bob = await signedInClient(local.url, 'Bob');
    await alice.client.post(`/api/workspaces/${alice.ws.id}/members`, { email: bob.email, role: 'editor' });
    const here = await open(local.url, alice.pipeline.id, alice.client.cookie);
    const there = await open(other.url, alice.pipeline.id, bob.client.cookie);

    here.doc.getMap('meta').set('description', 'from here');
    there.doc.getMap('meta').set('name', 'from there');
    for (const c of [here, there])
      await eventually(() =>
        expect(c.doc.getMap('meta').toJSON()).toMatchObject({ description: 'from here', name: 'from there' })
      );

    here.provider.awareness.setLocalStateField('user', { id: alice.user.id, name: 'Alice', color: '#f00' });
    const names = (c: CollabClient) =>
      [...c.provider.awareness.getStates().values()].map((s) => s.user?.name).filter(Boolean);
    await eventually(() => expect(names(there)).toEqual(['Alice']));
    here.destroy();
    await eventually(() => expect(names(there)).toEqual([]));
  });

  it('converges when 8 clients on 2 processes make 500 random edits each, going offline midway', async () => {
    const alice = await editorWithPipeline();
    const urls = [local.url, other.url];
    const peers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => open(urls[i % 2]!, alice.pipeline.id, alice.client.cookie))
    );
    const seed = Date.now() % 100_000;
    await Promise.all(peers.map((peer, i) => randomEdits(peer, 500, seed + i)));

    const reference = () => peers[0]!.doc;
    await eventually(() => {
      const sv = Y.encodeStateVector(reference());
      for (const p of peers) expect(Y.encodeStateVector(p.doc), `seed ${seed}`).toEqual(sv);
    }, 20_000);
    const config = readConfig(reference());
    for (const p of peers) expect(readConfig(p.doc)).toEqual(config);
    expect(config.nodes.length).toBeGreaterThan(0);
    await eventually(async () => {
      const { rows } = await local.rt.pgPool.query('SELECT config FROM pipelines WHERE id = $1', [
        alice.pipeline.id
      ]);
      expect(rows[0].config).toEqual(config);
    }, 10_000);
  }, 60_000);
});

/** A small seeded generator, so a failing run can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Adds, moves and deletes nodes, connects edges and edits params, the way a canvas would. */
async function randomEdits(client: CollabClient, count: number, seed: number): Promise<void> {
  const rnd = random(seed);
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(rnd() * items.length)];
  const nodes = client.doc.getMap<Y.Map<unknown>>('nodes');
  const edges = client.doc.getMap<Y.Map<unknown>>('edges');
  const offlineAt = Math.floor(count * (0.3 + rnd() * 0.3));
  for (let i = 0; i < count; i++) {
    if (i === offlineAt) client.provider.disconnect();
    if (i === offlineAt + 40) client.provider.connect();
    const r = rnd();
    const id = `n${Math.floor(rnd() * 30)}`;
    const existing = pick([...nodes.keys()]);
    client.doc.transact(() => {
      if (r < 0.25 || !existing) {
        const node = new Y.Map<unknown>();
        node.set('type', pick(['scale', 'impute', 'one_hot', 'mlp'])!);
        node.set('params', new Y.Map());
        node.set('position', { x: Math.round(rnd() * 800), y: Math.round(rnd() * 600) });
        nodes.set(id, node);
      } else if (r < 0.5) {
        nodes.get(existing)?.set('position', { x: Math.round(rnd() * 800), y: Math.round(rnd() * 600) });
      } else if (r < 0.6) {
        nodes.delete(existing);
      } else if (r < 0.75) {
        const target = pick([...nodes.keys()])!;
        const edge = new Y.Map<unknown>();
        edge.set('source', existing);
        edge.set('target', target);
        edges.set(`e${Math.floor(rnd() * 40)}`, edge);
      } else {
        const params = nodes.get(existing)?.get('params');
        if (params instanceof Y.Map) params.set(`p${Math.floor(rnd() * 5)}`, Math.round(rnd() * 100));
      }
    });
    if (i % 10 === 9) await sleep(1);
  }
}
