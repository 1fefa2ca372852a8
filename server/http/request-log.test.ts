import express from 'express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { requestLogger } from './request-log';

function setup() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      cb();
    }
  });
  const logger = pino(
    { level: 'info', redact: { paths: ['req.headers.cookie'], censor: '[redacted]' } },
    stream
  );
  const app = express();
  app.use(
    requestLogger(app, logger, {
      ignore: (req) => req.url === '/healthz',
      level: (_req, res) => (res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug')
    })
  );
  app.get('/ok', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/note', (req, res) => {
    req.log.warn({ note: 1 }, 'from the handler');
    res.status(404).end();
  });
  app.get('/boom', (_req, res) => {
    res.status(503).end();
  });
  app.get('/healthz', (_req, res) => {
    res.status(500).end();
  });
  return { app, lines };
}

describe('requestLogger', () => {
  it('writes one line per request at the level its status calls for, and nothing below the threshold', async () => {
    const { app, lines } = setup();
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/ok', '/note', '/boom', '/healthz'])
        await fetch(base + path, { headers: { cookie: 'pw.sid=secret' } });
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      server.close();
    }

    expect(lines.map((l) => l.msg)).toEqual(['from the handler', 'request completed', 'request errored']);
    type Line = { req: { id: number; headers: Record<string, string> }; responseTime: number };
    const [fromHandler, completed, errored] = lines as unknown as Line[];
    expect(fromHandler).toMatchObject({ level: 40, note: 1, req: { method: 'GET', url: '/note' } });
    expect(completed).toMatchObject({
      level: 30,
      req: { method: 'GET', url: '/note' },
      res: { statusCode: 404 }
    });
    expect(typeof completed!.responseTime).toBe('number');
    expect(completed!.req.headers.cookie).toBe('[redacted]');
    expect(errored).toMatchObject({
      level: 50,
      req: { url: '/boom' },
      res: { statusCode: 503 },
      err: { message: 'failed with status code 503' }
    });
    expect(completed!.req.id).not.toBe(errored!.req.id);
  });
});
