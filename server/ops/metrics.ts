import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Express, Request, RequestHandler } from 'express';
import client from 'prom-client';

/** One registry per app instance, so several apps in one test process do not collide. */
export function createMetrics() {
  const registry = new client.Registry();
  // Default names unprefixed (process_resident_memory_bytes, nodejs_*), as stock process and
  // Node.js dashboards expect; only the product's own metrics carry pipeweave_.
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'pipeweave_http_request_duration_seconds',
    help: 'HTTP request duration by method, matched route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry]
  });

  /**
   * The middleware that times `app`'s requests. The label is the matched route pattern (not the
   * raw URL, so cardinality stays bounded) with its mount path, captured when the router assigns
   * `req.route`: Express resets req.baseUrl once routing unwinds. The accessor sits on the app's
   * request prototype, so requests themselves get no per-request property definitions.
   */
  const instrument = (app: Express): RequestHandler => {
    const matched = Symbol('route');
    type Tracked = Request & { [matched]?: { route: unknown; mount: string } };
    Object.defineProperty(app.request, 'route', {
      configurable: true,
      get(this: Tracked) {
        return this[matched]?.route;
      },
      set(this: Tracked, route: { path?: unknown } | undefined) {
        this[matched] = { route, mount: this.baseUrl };
      }
    });
    return (req, res, next) => {
      const start = performance.now();
      // Each response finishes once; a plain listener is cheaper than once()'s wrapper.
      res.on('finish', () => {
        const m = (req as Tracked)[matched];
        const path = (m?.route as { path?: unknown } | undefined)?.path;
        const route =
          path !== undefined
            ? `${m!.mount}${String(path)}`
            : req.originalUrl.startsWith('/api')
              ? 'unmatched'
              : 'other';
        httpDuration.observe(
          { method: req.method, route, status: String(res.statusCode) },
          (performance.now() - start) / 1000
        );
      });
      next();
    };
  };

  const endpoint: RequestHandler = async (_req, res) => {
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  };

  return { registry, instrument, endpoint };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * /metrics on the studio's own port, for scrapers that present `Authorization: Bearer <token>`
 * (METRICS_TOKEN); anyone else gets 401. The metrics name routes, job counts and process internals,
 * which is why they are not public.
 */
export function bearerGuard(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    // Compared as digests so neither the length nor the content leaks through timing.
    if (match?.[1] && timingSafeEqual(digest(match[1]), expected)) {
      next();
      return;
    }
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer realm="metrics"')
      .json({ error: { code: 'unauthorized', message: 'Metrics need the METRICS_TOKEN bearer token.' } });
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** A running metrics-only listener. */
export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` alone on its own port (METRICS_PORT), unauthenticated: meant for a private
 * network or a firewall rule the studio's users cannot reach. Everything else is 404.
 */
export async function startMetricsServer(
  registry: client.Registry,
  options: { port: number; host: string }
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics failed\n')
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
