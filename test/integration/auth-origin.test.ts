import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDocument, personalWorkspace, createPipeline } from '../support/collab';
import { signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

/** A raw request with exactly these headers (besides the session cookie). */
async function send(
  cookie: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string
) {
  const res = await fetch(srv.url + path, { method, headers: { cookie, ...headers }, body });
  return { status: res.status, body: (await res.text()) || undefined };
}

describe('state-changing requests without an Origin header', () => {
  it('refuses body-less and form-like requests that are not JSON', async () => {
    const { client } = await signedInClient(srv.url);
    const bare = await send(client.cookie, 'POST', '/api/auth/logout', {});
    expect(bare.status).toBe(403);
    expect(JSON.parse(bare.body!)).toMatchObject({ error: { code: 'cross_origin' } });
    // What a cross-site <form enctype="text/plain"> can send.
    const form = await send(
      client.cookie,
      'POST',
      '/api/workspaces',
      { 'content-type': 'text/plain' },
      '{"name":"Planted"}'
    );
    expect(form.status).toBe(403);
    const crossSite = await send(
      client.cookie,
      'POST',
      '/api/workspaces',
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      '{"name":"Planted"}'
    );
    expect(crossSite.status).toBe(403);
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const names = (await client.get<{ workspaces: { name: string }[] }>('/api/workspaces')).body.workspaces;
    expect(names.map((w) => w.name)).not.toContain('Planted');
  });

  it('accepts JSON, a same-origin Sec-Fetch-Site or this host as Origin', async () => {
    const { client } = await signedInClient(srv.url);
    const json = await send(
      client.cookie,
      'POST',
      '/api/workspaces',
      { 'content-type': 'application/json; charset=utf-8' },
      '{"name":"Team"}'
    );
    expect(json.status).toBe(201);
    const host = new URL(srv.url).host;
    const second = await signedInClient(srv.url);
    expect(
      (await send(second.client.cookie, 'POST', '/api/auth/logout', { origin: `http://${host}` })).status
    ).toBe(204);
    const third = await signedInClient(srv.url);
    expect(
      (await send(third.client.cookie, 'POST', '/api/auth/logout', { 'sec-fetch-site': 'same-origin' }))
        .status
    ).toBe(204);
  });
});

describe('WebSocket and Socket.IO origins', () => {
  const wsUrl = () => srv.url.replace(/^http/, 'ws');

  function upgradeStatus(path: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl() + path, { headers });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('error', reject);
    });
  }

  it('refuses a collab upgrade from a foreign page and accepts this host or no Origin', async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const ws = await personalWorkspace(alice.client);
    const pipeline = await createPipeline(alice.user.id, ws.id);
    const path = `/collab/${pipeline.id}`;
    const cookie = alice.client.cookie;
    expect(await upgradeStatus(path, { cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(path, { cookie, origin: 'null' })).toBe(403);
    expect(await upgradeStatus(path, { cookie, origin: `http://${new URL(srv.url).host}` })).toBe(101);
    // The stock y-websocket client in Node sends no Origin and keeps working.
    const doc = await openDocument(srv.url, pipeline.id, cookie);
    doc.destroy();
  });

  it('refuses a Socket.IO handshake from a foreign page, on both transports', async () => {
    const { client } = await signedInClient(srv.url);
    for (const transport of ['websocket', 'polling']) {
      const socket = connect(srv.url, {
        path: '/socket.io',
        transports: [transport],
        extraHeaders: { cookie: client.cookie, origin: 'https://evil.example' },
        reconnection: false
      });
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', () => resolve('refused'));
      });
      socket.disconnect();
      expect(outcome, transport).toBe('refused');
    }
    const own = await connectSocket(srv.url, client.cookie);
    own.disconnect();
  });
});
