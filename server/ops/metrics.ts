import type { Express, Request, RequestHandler } from 'express';
import client from 'prom-client';

/** One registry per app instance, so several apps in one test process do not collide. */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'pipeweave_' });
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
