import { z } from 'zod';
import type { ApiRoute } from './route';

/** Health, metrics, this document and the local blob store. */
export const operationRoutes = {
  // ── Operations ──────────────────────────────────────────────────────────────────────────
  openapi: {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Operations',
    auth: 'none',
    status: 200,
    summary: 'This document (OpenAPI 3.1)',
    response: z.record(z.string(), z.unknown())
  },
  health: {
    method: 'get',
    path: '/healthz',
    tag: 'Operations',
    auth: 'none',
    status: 200,
    summary: 'Dependency health',
    description: 'Answers 503 with the same body while a dependency is down.',
    response: z.object({ ok: z.boolean(), db: z.string(), redis: z.string(), storage: z.string() }).meta({
      description: 'Each dependency is `ok` or `down: <reason>`.'
    }),
    errors: [503]
  },
  metrics: {
    method: 'get',
    path: '/metrics',
    tag: 'Operations',
    auth: 'metrics',
    status: 200,
    summary: 'Prometheus metrics',
    description: 'Only with METRICS_TOKEN set (or alone on METRICS_PORT).',
    contentType: 'text/plain'
  },
  putBlob: {
    method: 'put',
    path: '/blobs/*key',
    tag: 'Blobs',
    auth: 'signature',
    status: 200,
    summary: 'Upload through a signed URL (local store)',
    description: 'Create-only: a second PUT is 412.',
    query: z.object({ expires: z.string(), sig: z.string(), maxSize: z.string().optional() }),
    contentType: 'application/octet-stream',
    errors: [412, 413]
  },
  getBlob: {
    method: 'get',
    path: '/blobs/*key',
    tag: 'Blobs',
    auth: 'signature',
    status: 200,
    summary: 'Download through a signed URL (local store)',
    query: z.object({ expires: z.string(), sig: z.string(), name: z.string().optional() }),
    contentType: 'application/octet-stream'
  }
} as const satisfies Record<string, ApiRoute>;
