import fs from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../contracts/api-routes';
import http from 'node:http';
import { attachStudio } from '../../boot/http-server';
import { openApiPath } from '../../server/openapi';
import { registeredRoutes } from '../support/express-routes';
import { startTestServer, type TestServer } from '../support/test-server';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Document = {
  openapi: string;
  paths: Record<string, Partial<Record<(typeof METHODS)[number], unknown>>>;
};

let srv: TestServer;
let document: Document;
beforeAll(async () => {
  // METRICS_TOKEN so that /metrics is registered too; the local blob store is the default.
  srv = await startTestServer({ METRICS_TOKEN: 'a-long-scrape-token-0123456789' });
  const res = await fetch(`${srv.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  document = (await res.json()) as Document;
});
afterAll(() => srv.close());

function documented(doc: Document): Set<string> {
  return new Set(
    Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)
    )
  );
}

/** Routes Express serves that the document lacks, and documented routes Express does not serve. */
function compare(app: Parameters<typeof registeredRoutes>[0], doc: Document) {
  const served = new Set(
    registeredRoutes(app).map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`)
  );
  const listed = documented(doc);
  return {
    undocumented: [...served].filter((r) => !listed.has(r)).sort(),
    unserved: [...listed].filter((r) => !served.has(r)).sort()
  };
}

describe('GET /api/openapi.json', () => {
  it('is served without a session and validates as OpenAPI 3.1', async () => {
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route Express serves, and no route it does not', async () => {
    const server = http.createServer();
    const parts = attachStudio(server, srv.rt, { serveApp: false });
    try {
      expect(registeredRoutes(parts.app).length).toBeGreaterThan(40);
      expect(compare(parts.app, document)).toEqual({ undocumented: [], unserved: [] });

      // The comparison notices both kinds of drift.
      parts.app.get('/api/not-in-the-document', (_req, res) => res.end());
      const doc = structuredClone(document);
      doc.paths['/api/gone'] = { get: {} };
      expect(compare(parts.app, doc)).toEqual({
        undocumented: ['GET /api/not-in-the-document'],
        unserved: ['GET /api/gone']
      });
    } finally {
      await parts.collab.close();
      await new Promise<void>((resolve) => parts.io.close(() => resolve()));
    }
  });

  it('names the error envelope on every error answer, and a body or parameters where routes take them', () => {
    const errorRef = { $ref: '#/components/schemas/Error' };
    const getPipeline = document.paths['/api/pipelines/{id}']?.get as {
      parameters: Array<{ name: string; in: string }>;
      responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
    };
    expect(getPipeline.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path' })]);
    expect(getPipeline.responses['404']?.content?.['application/json']?.schema).toEqual(errorRef);
    const create = document.paths['/api/pipelines']?.post as { requestBody: { content: object } };
    expect(Object.keys(create.requestBody.content)).toEqual(['application/json']);
    const list = document.paths['/api/pipelines']?.get as { parameters: Array<{ name: string }> };
    expect(list.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'workspaceId'])
    );
  });
});

describe('docs/API.md', () => {
  it('names every route the OpenAPI document lists', () => {
    const prose = fs.readFileSync('docs/API.md', 'utf8').replace(/\s+/g, ' ');
    const missing = Object.values(API_ROUTES)
      .filter((route) => {
        const method = route.method.toUpperCase();
        // `PUT|GET /blobs/<key>`, `GET /api/pipelines/:id/versions/:n`: methods may be grouped, params renamed.
        const path = route.path.replace(/[:*]\w+/g, '@@').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        const pattern = path.replace(/@@/g, '(?::\\w+|<\\w+>|\\{\\w+\\})');
        return !new RegExp(`(?:[A-Z]+\\|)*${method}(?:\\|[A-Z]+)* ${pattern}(?![\\w/-])`).test(prose);
      })
      .map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(missing).toEqual([]);
  });
});
