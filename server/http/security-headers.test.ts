import express from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

async function headersFrom(mw: express.RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.disable('x-powered-by');
  app.use(mw);
  app.get('/', (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const out = Object.fromEntries(res.headers);
    for (const varying of ['date', 'etag', 'keep-alive', 'connection']) delete out[varying];
    return out;
  } finally {
    server.close();
  }
}

const options: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      'script-src': ["'self'", "'unsafe-inline'"],
      'connect-src': ["'self'", 'ws:', 'wss:', 'https:'],
      'upgrade-insecure-requests': null
    }
  },
  hsts: false
};

describe('securityHeaders', () => {
  it('sends exactly the headers helmet sends for the same options', async () => {
    const ours = await headersFrom(securityHeaders(options));
    expect(ours).toEqual(await headersFrom(helmet(options)));
    expect(ours['x-content-type-options']).toBe('nosniff');
    expect(ours['content-security-policy']).toMatch(/connect-src 'self' ws: wss: https:/);
    expect(ours['strict-transport-security']).toBeUndefined();
    expect(await headersFrom(securityHeaders({ ...options, hsts: true }))).toHaveProperty(
      'strict-transport-security'
    );
  });

  it('refuses options whose headers differ per request', () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: { directives: { 'script-src': ["'self'", () => "'nonce-abc'"] } }
      })
    ).toThrow(/per request/);
  });
});
