import { z } from 'zod';

/** One HTTP route of the studio; contracts/api-routes.ts collects them all. */
export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express syntax (`/api/pipelines/:id`, `/blobs/*key`); each `:name` is a uuid unless `params` says otherwise. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** `session`: the sign-in cookie; `none`: public; `metrics`: METRICS_TOKEN bearer; `signature`: a signed URL. */
  auth: 'session' | 'none' | 'metrics' | 'signature';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success status; the answer is `response` as JSON, or nothing on 204. */
  status: 200 | 201 | 202 | 204;
  response?: z.ZodType;
  /** For answers that are not the JSON of `response` (a file, Prometheus text, raw bytes). */
  contentType?: string;
  /** Statuses beyond those every route of its kind can answer (400, 401, 403, 404, 503). */
  errors?: readonly number[];
}

/** The `nextCursor` every list answer carries beside its items. */
export const page = { nextCursor: z.string().nullable().meta({ description: 'Null on the last page.' }) };
