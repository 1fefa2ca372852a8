import fs from 'node:fs';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { apiErrorBody } from '../contracts/api';
import { API_ROUTES, type ApiRoute } from '../contracts/api-routes';
import { SESSION_COOKIE } from '../core/auth/session';
import { send } from './http/validate';

/** What each error status means here; docs/API.md › Errors lists the codes. */
const ERRORS: Record<number, string> = {
  400: 'Bad input: `invalid_input` (with `details.issues: [{path, message}]`), `invalid_json`, `invalid_path`, `invalid_cursor` …',
  401: 'Not signed in (`unauthorized`), or wrong credentials (`invalid_credentials`)',
  403: 'Not allowed: `insufficient_role`, `cross_origin`, `invalid_signature`, `url_expired`',
  404: 'Unknown, deleted, or outside the caller’s workspaces (`not_found`, `route_not_found` …)',
  409: 'Conflicts with the current state (`duplicate_dataset`, `dataset_not_ready`, `dataset_in_use` …)',
  412: 'The signed URL already holds a file (`already_uploaded`)',
  413: 'Too large (`payload_too_large`, `details.maxBytes`)',
  422: 'Semantically invalid',
  423: 'Account locked after repeated failures (`account_locked`, `details.lockedUntil`)',
  429: 'Rate limited (`rate_limited`); `RateLimit` headers say when to retry',
  503: 'A dependency is unreachable (`service_unavailable`); retry later'
};

type StatusKey = keyof ZodOpenApiOperationObject['responses'] & `${number}`;

/** `/api/pipelines/:id` → `/api/pipelines/{id}`; `/blobs/*key` → `/blobs/{key}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/[:*]([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

// A format, not zod's long uuid pattern: the reference page shows it beside every id.
const uuid = z.string().meta({ format: 'uuid' });

function pathParams(route: ApiRoute): z.ZodObject | undefined {
  if (route.params) return route.params;
  const names = [...route.path.matchAll(/([:*])([A-Za-z_][A-Za-z0-9_]*)/g)];
  if (names.length === 0) return undefined;
  return z.object(
    Object.fromEntries(names.map(([, kind, name]) => [name, kind === '*' ? z.string() : uuid]))
  );
}

function errorStatuses(route: ApiRoute): number[] {
  const statuses = new Set(route.errors ?? []);
  const params = pathParams(route);
  if (route.body || route.query || route.params) statuses.add(400);
  if (route.auth === 'session' || route.auth === 'metrics') statuses.add(401);
  if ((route.auth === 'session' && route.method !== 'get') || route.auth === 'signature') statuses.add(403);
  if (params) statuses.add(404);
  if (route.auth === 'session') statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

function operation(id: string, route: ApiRoute): ZodOpenApiOperationObject {
  const params = pathParams(route);
  const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
  const success = route.response
    ? { description: route.summary, content: json(route.response) }
    : route.contentType && route.method === 'get'
      ? { description: route.summary, content: { [route.contentType]: { schema: z.string() } } }
      : { description: route.status === 204 ? 'Done; no body.' : 'Done.' };
  const responses: ZodOpenApiOperationObject['responses'] = { [route.status]: success };
  for (const status of errorStatuses(route)) {
    // Health answers 503 with its own body, naming the dependency that is down.
    responses[`${status}` as StatusKey] =
      route.path === '/healthz' && status === 503
        ? { description: 'A dependency is down', content: json(route.response as z.ZodType) }
        : { description: ERRORS[status] ?? 'Error', content: json(apiErrorBody) };
  }
  return {
    operationId: id,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security:
      route.auth === 'session' ? [{ session: [] }] : route.auth === 'metrics' ? [{ metricsToken: [] }] : [],
    requestParams: { ...(params ? { path: params } : {}), ...(route.query ? { query: route.query } : {}) },
    ...(route.body
      ? { requestBody: { required: true, content: json(route.body) } }
      : route.contentType && route.method === 'put'
        ? {
            requestBody: {
              required: true,
              content: { [route.contentType]: { schema: z.string().meta({ format: 'binary' }) } }
            }
          }
        : {}),
    responses
  };
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The OpenAPI 3.1 document of every route in contracts/api-routes.ts. */
export function buildOpenApiDocument(): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const [id, route] of Object.entries(API_ROUTES) as [string, ApiRoute][]) {
    const item = (paths[openApiPath(route.path)] ??= {});
    item[route.method] = operation(id, route);
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'PipeWeave',
      version: packageVersion(),
      description:
        'The REST interface of the PipeWeave studio. JSON everywhere, camelCase fields; every error is ' +
        '`{"error":{"code","message","details"}}`. docs/API.md describes behaviour in prose, including ' +
        'Socket.IO events and the collaborative document protocol, which are not HTTP routes.'
    },
    servers: [{ url: '/' }],
    tags: [...new Set(Object.values(API_ROUTES).map((r) => r.tag))].map((name) => ({ name })),
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by sign-in.' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' }
      }
    },
    paths
  });
}

/** GET /api/openapi.json: public, built once on first request. */
export function openApiEndpoint(): RequestHandler {
  let document: Record<string, unknown> | undefined;
  return (_req, res) => {
    document ??= buildOpenApiDocument() as unknown as Record<string, unknown>;
    send(res, 'openapi', document);
  };
}
