import WebSocket from 'ws';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceDto } from '../../contracts/api';
import { datasetWithPipeline, eventually, openDocument, personalWorkspace } from '../support/collab';
import { ApiClient, signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';
import { startHttpServer } from '../../boot/http-server';
import { recheckLiveSockets, subscriberName } from '../../server/realtime/socket-server';
import { rooms } from '../../contracts/realtime';

let srv: TestServer;
const sockets: Socket[] = [];
const hello = { type: 'dataset_deleted', datasetId: 'd1', title: 'hello team' } as const;
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
    expect(await subscribe(s, rooms.workspace(ws.id))).toEqual({ ok: true });
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

    expect(await subscribe(a, rooms.workspace(ws.id))).toEqual({ ok: true });
    expect(await subscribe(m, rooms.workspace(ws.id))).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    });
    expect(await subscribe(m, 'workspace:nonsense')).toMatchObject({
      ok: false,
      error: { code: 'invalid_room' }
    });
    expect(await subscribe(m, 'everything')).toMatchObject({ ok: false, error: { code: 'invalid_room' } });
    expect(await m.emitWithAck('subscribe', { room: 42 } as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_room' }
    });
    expect(await subscribe(m, rooms.user(mallory.user.id))).toMatchObject({
      error: { code: 'invalid_room' }
    });

    const received = new Promise((resolve) => a.once('notification', resolve));
    let malloryGotIt = false;
    m.on('notification', () => (malloryGotIt = true));
    srv.web.io.to(rooms.workspace(ws.id)).emit('notification', hello);
    expect(await received).toEqual(hello);
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
    for (const room of [rooms.dataset(dataset.id), rooms.pipeline(pipeline.id)]) {
      expect(await subscribe(a, room)).toEqual({ ok: true });
      expect(await subscribe(m, room)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    await dataset.destroy(); // soft delete hides it from everyone
    expect(await subscribe(a, rooms.dataset(dataset.id))).toMatchObject({
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
    expect(await subscribe(b, rooms.workspace(body.workspace.id))).toEqual({ ok: true });
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

describe('live access', () => {
  /** A second sign-in of the same account: another browser, another session. */
  async function secondSession(email: string, password: string): Promise<ApiClient> {
    const client = new ApiClient(srv.url);
    expect((await client.post('/api/auth/login', { email, password })).status).toBe(200);
    return client;
  }

  const closeCode = (doc: Awaited<ReturnType<typeof openDocument>>) =>
    new Promise<number>((resolve) =>
      doc.provider.once('connection-close', (event) => resolve(event?.code ?? 0))
    );

  it("signing out closes that session's sockets and collab connections, and only that session's", async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const other = await secondSession(alice.email, alice.password);
    const ws = await personalWorkspace(alice.client);
    const { pipeline } = await datasetWithPipeline(alice.user.id, ws.id);
    const mine = await socketFor(alice.client.cookie);
    const theirs = await socketFor(other.cookie);
    const myDoc = await openDocument(srv.url, pipeline.id, alice.client.cookie);
    const theirDoc = await openDocument(srv.url, pipeline.id, other.cookie);
    try {
      const dropped = new Promise((resolve) => mine.once('disconnect', resolve));
      const closed = closeCode(myDoc);
      expect((await alice.client.post('/api/auth/logout')).status).toBe(204);
      expect(await dropped).toBe('io server disconnect');
      expect(await closed).toBe(4401);
      myDoc.provider.shouldConnect = false;
      await new Promise((r) => setTimeout(r, 200));
      expect(theirs.connected).toBe(true);
      expect(theirDoc.provider.wsconnected).toBe(true);
      expect(await subscribe(theirs, rooms.workspace(ws.id))).toEqual({ ok: true });
    } finally {
      myDoc.destroy();
      theirDoc.destroy();
    }
  });

  it('re-checks live sockets: a deactivated account is dropped, a lost membership loses its room', async () => {
    const owner = await signedInClient(srv.url, 'Owner');
    const bob = await signedInClient(srv.url, 'Bob');
    const carol = await signedInClient(srv.url, 'Carol');
    const { body } = await owner.client.post<{ workspace: WorkspaceDto }>('/api/workspaces', {
      name: 'Checked'
    });
    const team = body.workspace.id;
    await owner.client.post(`/api/workspaces/${team}/members`, { email: bob.email, role: 'viewer' });
    const b = await socketFor(bob.client.cookie);
    const c = await socketFor(carol.client.cookie);
    expect(await subscribe(b, rooms.workspace(team))).toEqual({ ok: true });
    const revoked = new Promise((resolve) => b.once('access:revoked', resolve));
    const dropped = new Promise((resolve) => c.once('disconnect', resolve));
    // Changed straight in the database: no instant path tells the sockets.
    await srv.rt.sequelize.query(
      'DELETE FROM workspace_members WHERE workspace_id = :team AND user_id = :bob',
      {
        replacements: { team, bob: bob.user.id }
      }
    );
    await srv.rt.sequelize.query('UPDATE users SET is_active = false WHERE id = :id', {
      replacements: { id: carol.user.id }
    });
    await new Promise((r) => setTimeout(r, 2_100)); // the user lookup's short cache
    await recheckLiveSockets(srv.web.io);
    expect(await revoked).toEqual({ workspaceId: team });
    expect(await dropped).toBe('io server disconnect');
    expect(b.connected).toBe(true);
    let leaked = false;
    b.on('notification', () => (leaked = true));
    srv.web.io.to(rooms.workspace(team)).emit('notification', hello);
    await new Promise((r) => setTimeout(r, 200));
    expect(leaked).toBe(false);
  });

  it('re-checks on its own schedule and after the Redis subscriber reconnects', async () => {
    const fast = await startHttpServer(srv.rt, { port: 0, host: '127.0.0.1', liveRecheckMs: 300 });
    try {
      const dave = await signedInClient(fast.url, 'Dave');
      const { pipeline } = await datasetWithPipeline(dave.user.id, (await personalWorkspace(dave.client)).id);
      const d = await connectSocket(fast.url, dave.client.cookie);
      sockets.push(d);
      const doc = await openDocument(fast.url, pipeline.id, dave.client.cookie);
      try {
        const dropped = new Promise((resolve) => d.once('disconnect', resolve));
        const closed = closeCode(doc);
        await srv.rt.sequelize.query('UPDATE users SET is_active = false WHERE id = :id', {
          replacements: { id: dave.user.id }
        });
        expect(await dropped).toBe('io server disconnect');
        expect(await closed).toBe(4401);
      } finally {
        doc.destroy();
      }
    } finally {
      await fast.close();
    }

    // The main server re-checks every 30 s; here only the subscriber's reconnect can trigger it.
    const owner = await signedInClient(srv.url, 'Owner');
    const erin = await signedInClient(srv.url, 'Erin');
    const { body } = await owner.client.post<{ workspace: WorkspaceDto }>('/api/workspaces', {
      name: 'Resub'
    });
    const team = body.workspace.id;
    await owner.client.post(`/api/workspaces/${team}/members`, { email: erin.email, role: 'viewer' });
    const e = await socketFor(erin.client.cookie);
    expect(await subscribe(e, rooms.workspace(team))).toEqual({ ok: true });
    const revoked = new Promise((resolve) => e.once('access:revoked', resolve));
    await srv.rt.sequelize.query(
      'DELETE FROM workspace_members WHERE workspace_id = :team AND user_id = :erin',
      {
        replacements: { team, erin: erin.user.id }
      }
    );
    const name = subscriberName(srv.rt.config.redis.prefix);
    const list = (await srv.rt.redis.client('LIST')) as string;
    const ids = list
      .split('\n')
      .filter((line) => line.includes(` name=${name} `))
      .map((line) => /id=(\d+)/.exec(line)![1]!);
    expect(ids).toHaveLength(1);
    await srv.rt.redis.client('KILL', 'ID', ids[0]!);
    await eventually(async () =>
      expect(await Promise.race([revoked, Promise.resolve('not yet')])).toEqual({ workspaceId: team })
    );
  });
});
