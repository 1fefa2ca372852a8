import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { PipelineConfig } from '../../contracts/pipeline';
import { nodesOf, newNodeMap, readConfig } from '../../contracts/doc-layout';
import { Pipeline } from '../../models';
import {
  createPipeline,
  eventually,
  openDocument,
  personalWorkspace,
  type CollabClient
} from '../support/collab';
import { signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

const METRICS_TOKEN = 'collab-test-metrics-token';

let srv: TestServer;
const clients: CollabClient[] = [];
beforeAll(async () => {
  srv = await startTestServer({ METRICS_TOKEN });
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

const upgradeStatus = (path: string, cookie = '') =>
  new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(srv.url.replace('http', 'ws') + path, { headers: cookie ? { cookie } : {} });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => {
      ws.close();
      reject(new Error('upgrade unexpectedly accepted'));
    });
    ws.once('error', () => {});
  });

async function rowConfig(pipelineId: string): Promise<PipelineConfig> {
  return (await Pipeline.findByPk(pipelineId))!.config as unknown as PipelineConfig;
}

async function rowOf(pipelineId: string): Promise<{ name: string; description: string | null }> {
  const { rows } = await srv.rt.pgPool.query<{ name: string; description: string | null }>(
    'SELECT name, description FROM pipelines WHERE id = $1',
    [pipelineId]
  );
  return rows[0]!;
}

async function storedUpdateRows(pipelineId: string): Promise<number> {
  const { rows } = await srv.rt.pgPool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pipeline_document_updates WHERE pipeline_id = $1',
    [pipelineId]
  );
  return rows[0]!.n;
}

const scaleNode = { id: 'scale', type: 'scale', params: { method: 'standard' }, position: { x: 1, y: 2 } };

describe('collaborative documents', () => {
  it('serves the stock y-websocket client: its edits reach the pipelines row, REST writes reach it', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const ws = await personalWorkspace(alice.client);
    const pipeline = await createPipeline(alice.user.id, ws.id, { nodes: [scaleNode], edges: [] });
    const tab = await open(pipeline.id, alice.client.cookie);
    expect(readConfig(tab.doc)).toEqual({ nodes: [scaleNode], edges: [] });
    expect(tab.doc.getMap('meta').get('name')).toBe('Churn model');

    nodesOf(tab.doc).set(
      'data',
      newNodeMap({ id: 'data', type: 'dataset', params: {}, position: { x: 0, y: 0 } })
    );
    await eventually(async () =>
      expect((await rowConfig(pipeline.id)).nodes.map((n) => n.id)).toEqual(['data', 'scale'])
    );

    const next: PipelineConfig = {
      nodes: [{ ...scaleNode, params: { method: 'minmax' } }],
      edges: []
    };
    expect(await srv.web.collab.applyConfig(pipeline.id, next)).toEqual(next);
    // Materialised before applyConfig resolved, and the open tab has it.
    expect(await rowConfig(pipeline.id)).toEqual(next);
    await eventually(() => expect(readConfig(tab.doc)).toEqual(next));
    expect(await srv.web.collab.readConfig(pipeline.id)).toEqual(next);
  });

  it('stores the first document at creation and serves it before anyone connects', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const pipeline = await createPipeline(alice.user.id, (await personalWorkspace(alice.client)).id);
    const config: PipelineConfig = { nodes: [scaleNode], edges: [] };
    await srv.web.collab.initialize(pipeline.id, config, { name: 'Imported', description: 'from a file' });
    expect(srv.web.collab.isOpen(pipeline.id)).toBe(false);
    expect(await srv.web.collab.readConfig(pipeline.id)).toEqual(config);
    const tab = await open(pipeline.id, alice.client.cookie);
    expect(readConfig(tab.doc)).toEqual(config);
    expect(tab.doc.getMap('meta').toJSON()).toEqual({ name: 'Imported', description: 'from a file' });
    tab.doc.getMap('meta').set('description', 'edited');
    await eventually(async () => {
      const metrics = await (
        await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
      expect(metrics).toMatch(/^pipeweave_collab_connections [1-9]/m);
      expect(metrics).toMatch(/^pipeweave_collab_documents_loaded [1-9]/m);
      expect(metrics).toMatch(/^pipeweave_collab_update_rows_written_total [1-9]/m);
      expect(metrics).toMatch(/^pipeweave_collab_update_write_wait_seconds_count [1-9]/m);
    });
  });

  it('lets a viewer read and show presence but refuses their changes', async () => {
    const owner = await signedInClient(srv.url, 'Owner');
    const viewer = await signedInClient(srv.url, 'Vera');
    const ws = await personalWorkspace(owner.client);
    await owner.client.post(`/api/workspaces/${ws.id}/members`, { email: viewer.email, role: 'viewer' });
    const pipeline = await createPipeline(owner.user.id, ws.id, { nodes: [scaleNode], edges: [] });

    const editor = await open(pipeline.id, owner.client.cookie);
    const reader = await open(pipeline.id, viewer.client.cookie);
    expect(readConfig(reader.doc).nodes).toEqual([scaleNode]);
    await eventually(() => expect(reader.denied).toHaveLength(1));
    const rowsBefore = await storedUpdateRows(pipeline.id);

    reader.provider.awareness.setLocalStateField('user', { id: viewer.user.id, name: 'Vera' });
    nodesOf(reader.doc).set(
      'intruder',
      newNodeMap({ id: 'intruder', type: 'mlp', params: {}, position: { x: 9, y: 9 } })
    );
    // The editor sees the viewer's presence, then makes a change of its own; by the time that
    // change has come back to the viewer, a relayed intruder would have arrived first.
    await eventually(() =>
      expect([...editor.provider.awareness.getStates().values()].map((s) => s.user?.name)).toContain('Vera')
    );
    editor.doc.getMap('meta').set('description', 'after');
    await eventually(() => expect(reader.doc.getMap('meta').get('description')).toBe('after'));
    expect(nodesOf(editor.doc).has('intruder')).toBe(false);
    expect(await storedUpdateRows(pipeline.id)).toBe(rowsBefore + 1);
    expect((await srv.web.collab.readConfig(pipeline.id)).nodes.map((n) => n.id)).toEqual(['scale']);
  });

  it('refuses upgrades without a session (401) and from outside the workspace (404)', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const mallory = await signedInClient(srv.url, 'Mallory');
    const pipeline = await createPipeline(alice.user.id, (await personalWorkspace(alice.client)).id);
    expect(await upgradeStatus(`/collab/${pipeline.id}`)).toBe(401);
    expect(await upgradeStatus(`/collab/${pipeline.id}`, mallory.client.cookie)).toBe(404);
    await pipeline.destroy(); // soft delete
    expect(await upgradeStatus(`/collab/${pipeline.id}`, alice.client.cookie)).toBe(404);
  });

  it('refuses a deactivated account whose session cookie is still valid (401)', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const pipeline = await createPipeline(alice.user.id, (await personalWorkspace(alice.client)).id);
    await open(pipeline.id, alice.client.cookie); // accepted while active
    await srv.rt.pgPool.query('UPDATE users SET is_active = false WHERE id = $1', [alice.user.id]);
    // The user lookup is cached for 2 s, as for REST.
    await eventually(
      async () => expect(await upgradeStatus(`/collab/${pipeline.id}`, alice.client.cookie)).toBe(401),
      5_000
    );
  });

  it('disconnects a removed member for good, makes a demoted editor read-only and a promoted viewer an editor', async () => {
    const owner = await signedInClient(srv.url, 'Owner');
    const bob = await signedInClient(srv.url, 'Bob');
    const carol = await signedInClient(srv.url, 'Carol');
    const ws = await personalWorkspace(owner.client);
    for (const member of [bob, carol])
      await owner.client.post(`/api/workspaces/${ws.id}/members`, { email: member.email, role: 'editor' });
    const pipeline = await createPipeline(owner.user.id, ws.id);
    const bobTab = await open(pipeline.id, bob.client.cookie);
    const carolTab = await open(pipeline.id, carol.client.cookie);

    const closed = new Promise<number>((resolve) => bobTab.provider.once('closed', (e) => resolve(e.code)));
    await owner.client.delete(`/api/workspaces/${ws.id}/members/${bob.user.id}`);
    expect(await closed).toBe(4403);

    await owner.client.patch(`/api/workspaces/${ws.id}/members/${carol.user.id}`, { role: 'viewer' });
    await eventually(() => expect(carolTab.denied.length).toBeGreaterThan(0));
    carolTab.doc.getMap('meta').set('description', 'carol was here');
    await new Promise((r) => setTimeout(r, 300));
    expect(await srv.web.collab.readConfig(pipeline.id)).toEqual({ nodes: [], edges: [] });
    const docRow = await srv.rt.pgPool.query(
      'SELECT 1 FROM pipeline_document_updates WHERE pipeline_id = $1',
      [pipeline.id]
    );
    expect(docRow.rowCount).toBe(0);

    // Promoted back while connected: the edit the room dropped and the next one both arrive.
    await owner.client.patch(`/api/workspaces/${ws.id}/members/${carol.user.id}`, { role: 'editor' });
    await eventually(async () => expect((await rowOf(pipeline.id)).description).toBe('carol was here'));
    carolTab.doc.getMap('meta').set('name', 'Renamed by Carol');
    await eventually(async () => expect((await rowOf(pipeline.id)).name).toBe('Renamed by Carol'));
    expect(carolTab.provider.wsconnected).toBe(true);
  });

  it('disconnects everyone editing a pipeline when it is deleted', async () => {
    const owner = await signedInClient(srv.url, 'Owner');
    const ws = await personalWorkspace(owner.client);
    const pipeline = await createPipeline(owner.user.id, ws.id);
    const tab = await open(pipeline.id, owner.client.cookie);
    const closed = new Promise<number>((resolve) => tab.provider.once('closed', (e) => resolve(e.code)));
    expect((await owner.client.delete(`/api/pipelines/${pipeline.id}`)).status).toBe(204);
    expect(await closed).toBe(4404);
    expect(await upgradeStatus(`/collab/${pipeline.id}`, owner.client.cookie)).toBe(404);
  });

  it('keeps what a peer saw in Postgres before the peer sees it', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const ws = await personalWorkspace(alice.client);
    const pipeline = await createPipeline(alice.user.id, ws.id);
    const writer = await open(pipeline.id, alice.client.cookie);
    const watcher = await open(pipeline.id, alice.client.cookie);
    const seenStored: boolean[] = [];
    const stored = async () => {
      const { rows } = await srv.rt.pgPool.query<{ data: Buffer }>(
        'SELECT data FROM pipeline_document_updates WHERE pipeline_id = $1 ORDER BY id',
        [pipeline.id]
      );
      const doc = new Y.Doc();
      for (const r of rows) Y.applyUpdate(doc, r.data);
      return doc;
    };
    watcher.doc.getMap('params').observe(() => {
      const expected = watcher.doc.getMap('params').toJSON();
      void stored().then((doc) => {
        // Everything the watcher holds at this moment is already in the stored rows.
        const storedParams = doc.getMap('params').toJSON();
        seenStored.push(Object.keys(expected).every((k) => k in storedParams));
      });
    });
    for (let i = 0; i < 20; i++) writer.doc.getMap('params').set(`k${i}`, i);
    await eventually(() => expect(Object.keys(watcher.doc.getMap('params').toJSON())).toHaveLength(20));
    await eventually(() => expect(seenStored.length).toBeGreaterThan(0));
    expect(seenStored.every(Boolean)).toBe(true);
  });
});
