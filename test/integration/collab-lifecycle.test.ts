import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { nodesOf, readConfig } from '../../contracts/doc-layout';
import { PgDocumentStore } from '../../data/document-store';
import {
  createPipeline,
  eventually,
  openDocument,
  personalWorkspace,
  when,
  type CollabClient
} from '../support/collab';
import { signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
const clients: CollabClient[] = [];
beforeAll(async () => {
  srv = await startTestServer({ COLLAB_UNLOAD_GRACE_MS: '300' });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await srv.close();
});

async function open(pipelineId: string, cookie: string): Promise<CollabClient> {
  const client = await openDocument(srv.url, pipelineId, cookie);
  clients.push(client);
  return client;
}

async function updateRows(pipelineId: string): Promise<number> {
  const { rows } = await srv.rt.pgPool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pipeline_document_updates WHERE pipeline_id = $1',
    [pipelineId]
  );
  return rows[0]!.n;
}

const node = { id: 'model', type: 'random_forest', params: { trees: 100 }, position: { x: 0, y: 0 } };

describe('collaborative document lifecycle', () => {
  it('compacts many updates, unloads after the grace period and reloads the same document', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const ws = await personalWorkspace(alice.client);
    const pipeline = await createPipeline(alice.user.id, ws.id, { nodes: [node], edges: [] });
    const writer = await open(pipeline.id, alice.client.cookie);
    const watcher = await open(pipeline.id, alice.client.cookie);

    // One at a time, so each edit becomes its own row.
    let peak = 0;
    for (let i = 0; i < 230; i++) {
      writer.doc.getMap('meta').set('description', `draft ${i}`);
      await when(watcher.doc, () => watcher.doc.getMap('meta').get('description') === `draft ${i}`);
      if (i % 20 === 0) peak = Math.max(peak, await updateRows(pipeline.id));
    }
    expect(peak).toBeGreaterThan(150);
    expect(await updateRows(pipeline.id)).toBeLessThan(200); // folded into the snapshot past ~200
    const state = Y.encodeStateVector(writer.doc);
    const config = readConfig(writer.doc);

    writer.destroy();
    watcher.destroy();
    expect(srv.web.collab.isOpen(pipeline.id)).toBe(true);
    await eventually(() => expect(srv.web.collab.isOpen(pipeline.id)).toBe(false), 5_000);
    expect(await updateRows(pipeline.id)).toBe(0); // compacted on unload

    const again = await open(pipeline.id, alice.client.cookie);
    expect(Y.encodeStateVector(again.doc)).toEqual(state);
    expect(readConfig(again.doc)).toEqual(config);
    expect(again.doc.getMap('meta').get('description')).toBe('draft 229');
  });

  it("merges two users' simultaneous edits to one node's params, both staying online", async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const bob = await signedInClient(srv.url, 'Bob');
    const ws = await personalWorkspace(alice.client);
    await alice.client.post(`/api/workspaces/${ws.id}/members`, { email: bob.email, role: 'editor' });
    const pipeline = await createPipeline(alice.user.id, ws.id, { nodes: [node], edges: [] });
    const a = await open(pipeline.id, alice.client.cookie);
    const b = await open(pipeline.id, bob.client.cookie);
    const params = (c: CollabClient) => nodesOf(c.doc).get('model')!.get('params') as Y.Map<unknown>;

    // Same tick: neither has seen the other's change when making its own.
    params(a).set('maxDepth', 8);
    params(a).set('trees', 200);
    params(b).set('minSamplesLeaf', 3);
    params(b).set('trees', 300);

    await eventually(() => expect(params(a).toJSON()).toEqual(params(b).toJSON()));
    const merged = params(a).toJSON();
    expect(merged).toMatchObject({ maxDepth: 8, minSamplesLeaf: 3 });
    expect([200, 300]).toContain(merged.trees);
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
    await eventually(async () =>
      expect((await srv.web.collab.readConfig(pipeline.id)).nodes[0]!.params).toEqual(merged)
    );
  });

  it('compacts while an append is in flight without waiting for it or losing it', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const ws = await personalWorkspace(alice.client);
    const pipeline = await createPipeline(alice.user.id, ws.id, { nodes: [node], edges: [] });
    const store = new PgDocumentStore(srv.rt.collabPool);
    await store.load(pipeline.id);
    const edit = new Y.Doc();
    edit.getMap('meta').set('description', 'committed');
    await store.append(pipeline.id, Y.encodeStateAsUpdate(edit));

    // An append whose transaction is still open holds a key-share lock on the document row.
    const inFlight = await srv.rt.pgPool.connect();
    try {
      await inFlight.query('BEGIN');
      edit.getMap('meta').set('description', 'in flight');
      await inFlight.query('INSERT INTO pipeline_document_updates (pipeline_id, data) VALUES ($1, $2)', [
        pipeline.id,
        Y.encodeStateAsUpdate(edit)
      ]);
      const folded = await Promise.race([
        store.compact(pipeline.id),
        new Promise<string>((resolve) => setTimeout(() => resolve('blocked'), 3_000))
      ]);
      expect(folded).toBe(1);
      await inFlight.query('COMMIT');
    } finally {
      inFlight.release();
    }

    const stored = await store.load(pipeline.id);
    expect(stored.pendingRows).toBe(1); // the late commit was not among the rows folded
    const doc = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    expect(doc.getMap('meta').get('description')).toBe('in flight');
  });

  it('brings a stale pipelines row back in line with the document when it is opened', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const ws = await personalWorkspace(alice.client);
    const pipeline = await createPipeline(alice.user.id, ws.id, { nodes: [node], edges: [] });
    const first = await open(pipeline.id, alice.client.cookie);
    await when(first.doc, () => nodesOf(first.doc).has('model'));
    first.destroy();
    await eventually(() => expect(srv.web.collab.isOpen(pipeline.id)).toBe(false), 5_000);
    // As a failed materialisation would leave it: the row behind the stored document.
    await srv.rt.pgPool.query(`UPDATE pipelines SET config = '{"nodes":[],"edges":[]}' WHERE id = $1`, [
      pipeline.id
    ]);

    await open(pipeline.id, alice.client.cookie);
    await eventually(async () => {
      const { rows } = await srv.rt.pgPool.query<{ config: { nodes: Array<{ id: string }> } }>(
        'SELECT config FROM pipelines WHERE id = $1',
        [pipeline.id]
      );
      expect(rows[0]!.config.nodes.map((n) => n.id)).toEqual(['model']);
    });
  });
});
