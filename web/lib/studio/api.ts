import { api, ApiError } from '$lib/api/client';
import type { Reply } from '$lib/contracts';
import type { PipelineConfig } from '../../../contracts/pipeline';
import { parseNodeTypes, type NodeTypeSpec } from './node-types';

type Fetch = typeof fetch;
const enc = encodeURIComponent;

/** The REST calls the studio makes (docs/API.md › Pipelines). */
export const studioApi = {
  pipeline: (id: string, fetcher?: Fetch) =>
    api.get<Reply<'getPipeline'>>(`/pipelines/${enc(id)}`, fetcher).then((r) => r.pipeline),
  nodeTypes: (): Promise<NodeTypeSpec[]> => api.get<unknown>('/node-types').then(parseNodeTypes),
  validate: (id: string) => api.post<Reply<'validatePipeline'>>(`/pipelines/${enc(id)}/validate`),
  versionConfig: (id: string, version: number): Promise<PipelineConfig> =>
    api
      .get<Reply<'getVersion'>>(`/pipelines/${enc(id)}/versions/${version}`)
      .then((r) => r.version.config ?? { nodes: [], edges: [] })
};

export const isNotFound = (err: unknown) => err instanceof ApiError && err.status === 404;
