import fc from 'fast-check';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { personalWorkspace } from '../support/collab';
import { spawnServer, type ServerProcess } from '../support/collab-process';
import { signedInClient } from '../support/http-client';

/**
 * An outsider's odd requests against a real server process: whatever the path, the parameters or
 * the query string, the answer is never a 5xx and the process keeps serving everyone else.
 */
let srv: ServerProcess;
let cookie = '';
let ids: { workspace: string; dataset: string; pipeline: string; user: string };

beforeAll(async () => {
  srv = await spawnServer({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `pwt:${inject('runId')}:robustness`,
    SESSION_SECRET: 'robustness-test-session-secret',
    BCRYPT_COST: '4',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000'
  });
  const alice = await signedInClient(srv.url, 'Alice');
  cookie = alice.client.cookie;
  const ws = await personalWorkspace(alice.client);
  const dataset = await alice.client.post<{ dataset: { id: string } }>('/api/datasets', {
    name: 'd',
    fileName: 'd.csv',
    fileSize: 10,
    workspaceId: ws.id
  });
  const pipeline = await alice.client.post<{ pipeline: { id: string } }>('/api/pipelines', {
    name: 'p',
    datasetId: dataset.body.dataset.id
  });
  expect(pipeline.status).toBe(201);
  ids = {
    workspace: ws.id,
    dataset: dataset.body.dataset.id,
    pipeline: pipeline.body.pipeline.id,
    user: alice.user.id
  };
});
afterAll(() => srv?.stop());

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
afterAll(() => agent.destroy());

/** Sends `path` exactly as given (no URL normalisation), as a raw client would. */
function send(
  method: string,
  path: string,
  opts: { body?: string; cookie?: string } = {}
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: new URL(srv.url).hostname,
        port: new URL(srv.url).port,
        method,
        path,
        agent,
        headers: {
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...(opts.body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) })
        },
        timeout: 10_000
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      }
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * A WebSocket upgrade for `path` over a raw socket; resolves with the status line's code once the
 * server has refused and closed the connection (refusals must not linger), or at once on a 101.
 */
function upgrade(path: string, withCookie: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(srv.url);
    const socket = net.connect(Number(port), hostname);
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`upgrade ${JSON.stringify(path)}: no answer or connection left open`));
    }, 5_000);
    socket.setEncoding('latin1');
    const status = () => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);
    socket.on('data', (c: string) => {
      reply += c;
      // An accepted upgrade stays open by design; only refusals must be closed by the server.
      if (status() === 101) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(status());
    });
    socket.write(
      Buffer.from(
        `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n` +
          (withCookie ? `Cookie: ${cookie}\r\n` : '') +
          '\r\n',
        'latin1'
      )
    );
  });
}

/** Pieces an attacker strings together: broken %-escapes, traversal, encoded slashes, unicode. */
const nasty = fc.constantFrom(
  '%',
  '%%',
  '%2',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%FF',
  '%00',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '/',
  '//',
  '\\',
  ';',
  '%uD800',
  '%ED%A0%80',
  '99999999999999999999',
  '-1',
  '2147483648',
  '0x10',
  '1e309',
  'NaN',
  '__proto__',
  'constructor',
  'null'
);
/** Printable bytes the HTTP parser lets through in a request target. */
const rawChar = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
const segment = (real: string[]) =>
  fc
    .array(
      fc.oneof(
        nasty,
        fc.constantFrom(...real),
        fc.string({ unit: rawChar, maxLength: 8 }).map((s) => s.replace(/[?#]/g, '')),
        fc.string({ unit: 'grapheme', maxLength: 4 }).map(encodeURIComponent),
        fc.uuid()
      ),
      { minLength: 1, maxLength: 4 }
    )
    .map((parts) => parts.join(''));

const ROUTES: [method: string, template: string][] = [
  ['GET', '/api/workspaces/:id'],
  ['PATCH', '/api/workspaces/:id'],
  ['POST', '/api/workspaces/:id/members'],
  ['PATCH', '/api/workspaces/:id/members/:userId'],
  ['DELETE', '/api/workspaces/:id/members/:userId'],
  ['GET', '/api/datasets/:id'],
  ['POST', '/api/datasets/:id/complete'],
  ['GET', '/api/datasets/:id/preview'],
  ['DELETE', '/api/datasets/:id'],
  ['GET', '/api/datasets/:id/schema'],
  ['GET', '/api/datasets/:id/schema/history'],
  ['GET', '/api/datasets/:id/eda'],
  ['POST', '/api/schema-deductions/:id/reject'],
  ['GET', '/api/pipelines/:id'],
  ['PATCH', '/api/pipelines/:id'],
  ['PUT', '/api/pipelines/:id/config'],
  ['GET', '/api/pipelines/:id/validation'],
  ['GET', '/api/pipelines/:id/export'],
  ['GET', '/api/pipelines/:id/versions'],
  ['GET', '/api/pipelines/:id/versions/:version'],
  ['GET', '/api/pipelines/:id/diff'],
  ['POST', '/api/pipelines/:id/restore'],
  ['GET', '/blobs/:id'],
  ['PUT', '/blobs/:id']
];

/** GET endpoints that read a query string. */
const QUERY_PATHS = [
  '/api/datasets',
  '/api/pipelines',
  '/api/workspaces',
  '/api/datasets/:dataset/preview',
  '/api/pipelines/:pipeline/diff',
  '/api/pipelines/:pipeline/versions',
  '/socket.io/',
  '/healthz'
];

const queryPart = fc.oneof(
  nasty,
  fc.constantFrom(
    'workspaceId',
    'datasetId',
    'limit',
    'from',
    'to',
    'cursor',
    'EIO',
    'transport',
    'polling',
    'sid',
    '[]',
    '[0]',
    '=',
    '&',
    '+'
  ),
  fc.string({ unit: rawChar, maxLength: 8 }).map((s) => s.replace(/#/g, '')),
  fc.string({ unit: 'grapheme', maxLength: 4 }).map(encodeURIComponent)
);
const queryString = fc
  .array(fc.tuple(fc.array(queryPart, { maxLength: 3 }), fc.array(queryPart, { maxLength: 3 })), {
    maxLength: 5
  })
  .map((pairs) => pairs.map(([k, v]) => `${k.join('')}=${v.join('')}`).join('&'));

const RUNS = { numRuns: 120, endOnFailure: true } as const;

describe('odd requests', () => {
  it('answers every collab upgrade path with a 4xx and closes the socket', async () => {
    expect(await upgrade('/collab/%', false)).toBe(401);
    expect(await upgrade('/collab/%', true)).toBe(400);
    await fc.assert(
      fc.asyncProperty(segment([ids.pipeline, ids.dataset]), fc.boolean(), async (id, withCookie) => {
        const status = await upgrade(`/collab/${id}`, withCookie);
        if (withCookie && id.toLowerCase() === ids.pipeline) expect(status).toBe(101);
        else {
          expect(status, `/collab/${id}`).toBeGreaterThanOrEqual(400);
          expect(status, `/collab/${id}`).toBeLessThan(500);
        }
      }),
      RUNS
    );
  });

  it('answers REST calls with odd path parameters without a 5xx', async () => {
    const invalid = await send('GET', '/api/datasets/%E0%A4%A', { cookie });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text)).toMatchObject({ error: { code: 'invalid_path' } });
    const real = [ids.workspace, ids.dataset, ids.pipeline, ids.user];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        segment(real),
        segment(real),
        fc.boolean(),
        async ([method, template], a, b, withCookie) => {
          const path = template.replace(':id', a).replace(/:userId|:version/, b);
          const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
          const res = await send(method, path, { body, cookie: withCookie ? cookie : undefined });
          expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(500);
        }
      ),
      RUNS
    );
  });

  it('answers odd query strings without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...QUERY_PATHS), queryString, async (template, query) => {
        const path = `${template.replace(':dataset', ids.dataset).replace(':pipeline', ids.pipeline)}?${query}`;
        const res = await send('GET', path, { cookie });
        expect(res.status, `GET ${path}: ${res.text}`).toBeLessThan(500);
      }),
      RUNS
    );
  });

  it('is still up and serving afterwards', async () => {
    expect(srv.child.exitCode).toBeNull();
    expect((await send('GET', '/healthz')).status).toBe(200);
    expect((await send('GET', '/api/auth/me', { cookie })).status).toBe(200);
    const ws = new (await import('ws')).default(`${srv.url.replace('http', 'ws')}/collab/${ids.pipeline}`, {
      headers: { cookie }
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    });
    ws.close();
  });
});
