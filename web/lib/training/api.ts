import { allPages, api } from '$lib/api/client';
import type {
  CurveAnchor,
  ExperimentRunDto,
  JobCommentDto,
  JobStatus,
  TrainBody,
  TrainingJobDto
} from './types';

type Fetch = typeof fetch;

const enc = encodeURIComponent;

export interface JobFilters {
  pipelineId?: string;
  status?: JobStatus;
}

/** The list's query string for `filters` (empty ones left out). */
export function jobsQuery(workspaceId: string, filters: JobFilters): string {
  const params = new URLSearchParams({ workspaceId });
  if (filters.pipelineId) params.set('pipelineId', filters.pipelineId);
  if (filters.status) params.set('status', filters.status);
  return `/jobs?${params}`;
}

/** The REST endpoints of docs/API.md › Training that the training room, the Jobs page and the studio use. */
export const trainingApi = {
  train: (pipelineId: string, body: TrainBody) =>
    api.post<{ job: TrainingJobDto }>(`/pipelines/${enc(pipelineId)}/train`, body).then((r) => r.job),
  job: (id: string, fetcher?: Fetch) =>
    api.get<{ job: TrainingJobDto }>(`/jobs/${enc(id)}`, fetcher).then((r) => r.job),
  /** Every job matching the filters, newest first. */
  jobs: (workspaceId: string, filters: JobFilters = {}, fetcher?: Fetch) =>
    allPages<TrainingJobDto>(jobsQuery(workspaceId, filters), 'jobs', fetcher),
  /** The newest job of one pipeline, or null before its first. */
  latestJob: (pipelineId: string) =>
    api
      .get<{ jobs: TrainingJobDto[] }>(`/jobs?pipelineId=${enc(pipelineId)}&limit=1`)
      .then((r) => r.jobs[0] ?? null),
  runs: (id: string, fetcher?: Fetch) =>
    api.get<{ runs: ExperimentRunDto[] }>(`/jobs/${enc(id)}/runs`, fetcher).then((r) => r.runs),
  cancel: (id: string) => api.post<unknown>(`/jobs/${enc(id)}/cancel`),
  comments: (id: string, fetcher?: Fetch) =>
    api.get<{ comments: JobCommentDto[] }>(`/jobs/${enc(id)}/comments`, fetcher).then((r) => r.comments),
  comment: (id: string, body: string, anchor: CurveAnchor | null) =>
    api.post<{ comment: JobCommentDto }>(`/jobs/${enc(id)}/comments`, { body, anchor }).then((r) => r.comment)
};

export type TrainingApi = typeof trainingApi;
