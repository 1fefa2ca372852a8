import { api, ApiError } from '$lib/api/client';
import type {
  PipelineConfig,
  PipelineDto,
  PipelineValidationDto,
  PipelineVersionDto
} from '../../../contracts/pipeline';
import { parseNodeTypes, type NodeTypeSpec } from './node-types';

type Fetch = typeof fetch;
const enc = encodeURIComponent;

/** The REST calls the studio makes (CONTRACT.md › Pipelines). */
export const studioApi = {
  pipeline: (id: string, fetcher?: Fetch) =>
    api.get<{ pipeline: PipelineDto }>(`/pipelines/${enc(id)}`, fetcher).then((r) => r.pipeline),
  nodeTypes: (): Promise<NodeTypeSpec[]> => api.get<unknown>('/node-types').then(parseNodeTypes),
  validate: (id: string) => api.post<PipelineValidationDto>(`/pipelines/${enc(id)}/validate`),
  versionConfig: (id: string, version: number): Promise<PipelineConfig> =>
    api
      .get<{ version: PipelineVersionDto }>(`/pipelines/${enc(id)}/versions/${version}`)
      .then((r) => r.version.config ?? { nodes: [], edges: [] })
};

export const isNotFound = (err: unknown) => err instanceof ApiError && err.status === 404;
