import type { RequestHandler } from 'express';
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

  const measure: RequestHandler = (req, res, next) => {
    const end = httpDuration.startTimer();
    // Express resets req.baseUrl once routing unwinds, so the mount path is captured at the moment
    // a route matches. The matched pattern (not the raw URL) keeps label cardinality bounded.
    let route: string | undefined;
    let matched: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      get: () => matched,
      set: (value: { path?: unknown } | undefined) => {
        matched = value;
        if (value?.path !== undefined) route = `${req.baseUrl}${String(value.path)}`;
      }
    });
    res.once('finish', () => {
      end({ method: req.method, route: route ?? (req.originalUrl.startsWith('/api') ? 'unmatched' : 'other'), status: String(res.statusCode) });
    });
    next();
  };

  const endpoint: RequestHandler = async (_req, res) => {
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  };

  return { registry, measure, endpoint };
}
