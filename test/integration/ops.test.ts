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

  it('does not serve /metrics to the public by default', async () => {
    const res = await fetch(`${srv.url}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/pipeweave_/);
  });

  it('serves Prometheus metrics on the main port only with the METRICS_TOKEN bearer token', async () => {
    const token = 'a-long-scrape-token-0123456789';
    const other = await startTestServer({ METRICS_TOKEN: token });
    try {
      const client = new ApiClient(other.url);
      await client.get('/api/auth/me');
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${token}`, token]) {
        const refused = await fetch(`${other.url}/metrics`, {
          headers: authorization ? { authorization } : {}
        });
        expect(refused.status, String(authorization)).toBe(401);
        expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(await refused.text()).not.toMatch(/pipeweave_/);
      }
      const res = await fetch(`${other.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/pipeweave_http_request_duration_seconds_bucket\{[^}]*route="\/api\/auth\/me"/);
      // Default metrics keep their standard names, so stock process and Node.js dashboards work.
      expect(text).toMatch(/^process_cpu_seconds_total /m);
      expect(text).toMatch(/^process_resident_memory_bytes /m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      expect(text).not.toMatch(/pipeweave_(process|nodejs)_/);
    } finally {
      await other.close();
    }
  });

  it('serves metrics unauthenticated on METRICS_PORT, and only there', async () => {
    const other = await startTestServer({ METRICS_PORT: '0' });
    try {
      expect(other.web.metricsUrl).toBeDefined();
      expect(other.web.metricsUrl).not.toBe(other.url);
      await new ApiClient(other.url).get('/api/auth/me');
      const res = await fetch(`${other.web.metricsUrl}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/route="\/api\/auth\/me"/);
      expect((await fetch(`${other.url}/metrics`)).status).toBe(404);
      // The metrics port serves nothing else of the studio.
      expect((await fetch(`${other.web.metricsUrl}/api/auth/me`)).status).toBe(404);
      expect((await fetch(`${other.web.metricsUrl}/healthz`)).status).toBe(404);
    } finally {
      await other.close();
    }
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
