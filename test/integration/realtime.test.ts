import WebSocket from 'ws';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceDto } from '../../contracts/api';
import { datasetWithPipeline, personalWorkspace } from '../support/collab';
import { signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await srv.close();
});

async function socketFor(cookie: string): Promise<Socket> {
  const s = await connectSocket(srv.url, cookie);
  sockets.push(s);
  return s;
}

const subscribe = (s: Socket, room: string) =>
  s.emitWithAck('subscribe', { room }) as Promise<{ ok: boolean; error?: { code: string } }>;

describe('Socket.IO rooms', () => {
  it('works over HTTP long-polling too, the transport browsers start with', async () => {
    const { client } = await signedInClient(srv.url, 'Polly');
    const ws = await personalWorkspace(client);
    const s = await connectSocket(srv.url, client.cookie, ['polling']);
    sockets.push(s);
    expect(await subscribe(s, `workspace:${ws.id}`)).toEqual({ ok: true });
  });

  it('refuses a connection without a session', async () => {
    await expect(socketFor('')).rejects.toThrow(/unauthorized/);
  });

  it('lets members subscribe to their rooms and delivers events; others get not_found', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const mallory = await signedInClient(srv.url, 'Mallory');
    const ws = await personalWorkspace(alice.client);
    const a = await socketFor(alice.client.cookie);
    const m = await socketFor(mallory.client.cookie);

    expect(await subscribe(a, `workspace:${ws.id}`)).toEqual({ ok: true });
    expect(await subscribe(m, `workspace:${ws.id}`)).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    });
    expect(await subscribe(m, 'workspace:nonsense')).toMatchObject({
      ok: false,
      error: { code: 'invalid_room' }
    });
    expect(await subscribe(m, 'everything')).toMatchObject({ ok: false, error: { code: 'invalid_room' } });

    const received = new Promise((resolve) => a.once('notification', resolve));
    let malloryGotIt = false;
    m.on('notification', () => (malloryGotIt = true));
    srv.web.io.to(`workspace:${ws.id}`).emit('notification', { type: 'info', title: 'hello team' });
    expect(await received).toEqual({ type: 'info', title: 'hello team' });
    await new Promise((r) => setTimeout(r, 100));
    expect(malloryGotIt).toBe(false);
  });

  it('checks dataset and pipeline rooms against the owning workspace', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const mallory = await signedInClient(srv.url, 'Mallory');
    const ws = await personalWorkspace(alice.client);
    const { dataset, pipeline } = await datasetWithPipeline(alice.user.id, ws.id);
    const a = await socketFor(alice.client.cookie);
    const m = await socketFor(mallory.client.cookie);
    for (const room of [`dataset:${dataset.id}`, `pipeline:${pipeline.id}`]) {
      expect(await subscribe(a, room)).toEqual({ ok: true });
      expect(await subscribe(m, room)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    await dataset.destroy(); // soft delete hides it from everyone
    expect(await subscribe(a, `dataset:${dataset.id}`)).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    });
  });

  it('drops live sockets of a member who is removed', async () => {
    const owner = await signedInClient(srv.url, 'Owner');
    const bob = await signedInClient(srv.url, 'Bob');
    const { body } = await owner.client.post<{ workspace: WorkspaceDto }>('/api/workspaces', {
      name: 'Live'
    });
    await owner.client.post(`/api/workspaces/${body.workspace.id}/members`, {
      email: bob.email,
      role: 'viewer'
    });
    const b = await socketFor(bob.client.cookie);
    expect(await subscribe(b, `workspace:${body.workspace.id}`)).toEqual({ ok: true });
    const dropped = new Promise((resolve) => b.once('disconnect', resolve));
    await owner.client.delete(`/api/workspaces/${body.workspace.id}/members/${bob.user.id}`);
    expect(await dropped).toBe('io server disconnect');
  });
});

describe('collab upgrade', () => {
  const upgrade = (path: string, cookie = '') =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(srv.url.replace('http', 'ws') + path, { headers: cookie ? { cookie } : {} });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('upgrade unexpectedly accepted')));
      ws.once('error', () => {});
    });

  it('authenticates before anything else and hides pipelines of other workspaces', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const mallory = await signedInClient(srv.url, 'Mallory');
    const ws = await personalWorkspace(alice.client);
    const { pipeline } = await datasetWithPipeline(alice.user.id, ws.id);
    expect(await upgrade(`/collab/${pipeline.id}`)).toBe(401);
    expect(await upgrade(`/collab/${pipeline.id}`, mallory.client.cookie)).toBe(404);
    expect(await upgrade('/collab/not-a-uuid', alice.client.cookie)).toBe(404);
    const member = new WebSocket(srv.url.replace('http', 'ws') + `/collab/${pipeline.id}`, {
      headers: { cookie: alice.client.cookie }
    });
    await new Promise((resolve, reject) => {
      member.once('open', resolve);
      member.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    });
    member.close();
  });
});
