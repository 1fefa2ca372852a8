import type { z } from 'zod';
import { accountRoutes } from './routes/accounts';
import { datasetRoutes } from './routes/datasets';
import { operationRoutes } from './routes/operations';
import { pipelineRoutes } from './routes/pipelines';
import { trainingRoutes } from './routes/training';

export type { ApiRoute } from './routes/route';

/**
 * Every HTTP route of the studio: method, path, what it takes and the envelope it answers with. The
 * one home of those envelopes: the routes parse with `query`/`body` and answer through
 * `send(res, name, body)` (server/http/validate.ts), the browser types its calls with `Reply<name>`,
 * and server/openapi.ts turns this table into the OpenAPI document (docs/API.md is the prose).
 */
export const API_ROUTES = {
  ...accountRoutes,
  ...datasetRoutes,
  ...pipelineRoutes,
  ...trainingRoutes,
  ...operationRoutes
};

export type ApiRoutes = typeof API_ROUTES;
export type RouteName = keyof ApiRoutes;

/** The JSON a route answers with on success (`void` for 204 and non-JSON answers). */
export type Reply<K extends RouteName> = ApiRoutes[K] extends { response: infer S extends z.ZodType }
  ? z.infer<S>
  : void;
