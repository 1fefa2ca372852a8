import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { awarenessFrame } from '../../collab/testing/room-fixtures';
import { MESSAGE_AWARENESS } from '../../collab/protocol';
import {
  createPipeline,
  eventually,
  openDocument,
  personalWorkspace,
  type CollabClient
} from '../support/collab';
import { signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
const clients: CollabClient[] = [];
const sockets: WebSocket[] = [];
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of sockets) s.terminate();
  await srv.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(pipelineId: string, cookie: string): Promise<CollabClient> {
  const client = await openDocument(srv.url, pipelineId, cookie);
  clients.push(client);
  return client;
}

interface RawPeer {
  ws: WebSocket;
  /** Awareness frames received so far. */
  awareness: number;
  closed: Promise<number>;
}

/** A bare WebSocket on the document, for sending what the stock client never would. */
async function raw(pipelineId: string, cookie: string, onOpen?: (ws: WebSocket) => void): Promise<RawPeer> {
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/collab/${pipelineId}`, { headers: { cookie } });
  sockets.push(ws);
  const peer: RawPeer = {
    ws,
    awareness: 0,
    closed: new Promise((resolve) => ws.once('close', (code) => resolve(code)))
  };
  ws.on('message', (data: Buffer) => {
    if (decoding.readVarUint(decoding.createDecoder(new Uint8Array(data))) === MESSAGE_AWARENESS)
      peer.awareness++;
  });
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      onOpen?.(ws);
      resolve();
    });
    ws.once('unexpected-response', () => reject(new Error('upgrade refused')));
  });
  return peer;
}

/** An owner with a pipeline, and a second member of the workspace with `role`. */
async function team(role: 'viewer' | 'editor') {
  const owner = await signedInClient(srv.url, 'Owner');
  const member = await signedInClient(srv.url, role === 'viewer' ? 'Vera' : 'Mallory');
  const ws = await personalWorkspace(owner.client);
  await owner.client.post(`/api/workspaces/${ws.id}/members`, { email: member.email, role });
  const pipeline = await createPipeline(owner.user.id, ws.id);
  return { owner, member, pipeline };
}

describe('collaboration limits', () => {
  it('closes a connection that sends a frame over 1 MiB (1009), and only that one', async () => {
    const { owner, pipeline } = await team('editor');
    const editor = await open(pipeline.id, owner.client.cookie);
    const big = await raw(pipeline.id, owner.client.cookie);
    big.ws.send(new Uint8Array(1024 * 1024 + 1024));
    expect(await big.closed).toBe(1009);
    editor.doc.getMap('meta').set('description', 'still here');
    await eventually(async () => expect((await srv.web.collab.readConfig(pipeline.id)).nodes).toEqual([]));
    expect(editor.provider.wsconnected).toBe(true);
    const later = await open(pipeline.id, owner.client.cookie);
    await eventually(() => expect(later.doc.getMap('meta').get('description')).toBe('still here'));
  });

  it("relays a few coalesced frames of a viewer's awareness flood and disconnects nobody", async () => {
    const { owner, member, pipeline } = await team('viewer');
    const editor = await raw(pipeline.id, owner.client.cookie);
    const viewer = await raw(pipeline.id, member.client.cookie);
    await sleep(200);
    const before = editor.awareness;
    // 1,000 updates within about a second.
    for (let i = 1; i <= 1000; i++) {
      viewer.ws.send(awarenessFrame({ 4242: { cursor: { x: i, y: 0 } } }, i));
      if (i % 20 === 0) await sleep(20);
    }
    await sleep(300);
    const relayed = editor.awareness - before;
    expect(relayed).toBeGreaterThan(0);
    expect(relayed).toBeLessThan(60);
    expect(editor.ws.readyState).toBe(WebSocket.OPEN);
    expect(viewer.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("keeps a user's presence theirs: another member cannot overwrite or remove it by its client id", async () => {
    const { owner, member, pipeline } = await team('editor');
    const bob = await open(pipeline.id, owner.client.cookie);
    const watcher = await open(pipeline.id, owner.client.cookie);
    bob.provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 });
    const id = bob.doc.clientID;
    await eventually(() =>
      expect(watcher.provider.awareness.getStates().get(id)).toMatchObject({ cursor: { x: 1, y: 1 } })
    );
    const mallory = await raw(pipeline.id, member.client.cookie);
    mallory.ws.send(awarenessFrame({ [id]: { user: { name: 'Owner' }, cursor: { x: 666, y: 666 } } }, 1000));
    mallory.ws.send(awarenessFrame({ [id]: null }, 1001));
    // Mallory's own presence arrives after her attempts: by then they would have shown.
    mallory.ws.send(awarenessFrame({ 31337: { cursor: { x: 0, y: 0 } } }, 1));
    await eventually(() => expect(watcher.provider.awareness.getStates().has(31337)).toBe(true));
    expect(watcher.provider.awareness.getStates().get(id)).toMatchObject({
      user: { id: owner.user.id },
      cursor: { x: 1, y: 1 }
    });
    expect(watcher.provider.awareness.getStates().get(31337)).toMatchObject({
      user: { id: member.user.id, name: 'Mallory' }
    });
  });

  it('closes a connection that floods messages before its document has loaded (1013)', async () => {
    const { owner, pipeline } = await team('editor');
    const flooder = await raw(pipeline.id, owner.client.cookie, (ws) => {
      for (let i = 0; i < 200; i++) ws.send(awarenessFrame({ 7: { i } }, i + 1));
    });
    expect(await flooder.closed).toBe(1013);
    const editor = await open(pipeline.id, owner.client.cookie);
    expect(editor.provider.wsconnected).toBe(true);
  });
});
