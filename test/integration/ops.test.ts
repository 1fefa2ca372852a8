import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

describe('operations endpoints', () => {
  it('reports db, redis and storage health', async () => {
    const res = await new ApiClient(srv.url).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, db: 'ok', redis: 'ok', storage: 'ok' });
  });

  it('turns 503 and names the broken dependency when one is down', async () => {
    const other = await startTestServer();
    await other.rt.redis.quit();
    const res = await new ApiClient(other.url).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ ok: false, db: 'ok', storage: 'ok' });
    expect(String(res.body.redis)).toMatch(/^down: /);
    await other.web.close();
    await other.rt.sequelize.close();
    await other.rt.pgPool.end();
  });

  it('exposes Prometheus metrics including request durations by route', async () => {
    const client = new ApiClient(srv.url);
    await client.get('/api/auth/me');
    const res = await client.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/pipeweave_http_request_duration_seconds_bucket\{[^}]*route="\/api\/auth\/me"/);
    expect(res.text).toMatch(/pipeweave_process_cpu_seconds_total/);
  });

  it('answers unknown API routes with the contract error body', async () => {
    const res = await new ApiClient(srv.url).get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'route_not_found' } });
  });

  it('sends security headers', async () => {
    const res = await new ApiClient(srv.url).get('/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
