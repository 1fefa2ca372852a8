import { allPages, api } from '$lib/api/client';
import type { Reply } from '$lib/contracts';
import type { CurveAnchor, JobCommentDto, JobStatus, TrainBody, TrainingJobDto } from './types';

type Fetch = typeof fetch;

const enc = encodeURIComponent;

export interface JobFilters {
  pipelineId?: string;
  status?: JobStatus;
}

/**
 * The list's path for `filters` (empty ones left out). The server lists the jobs of every workspace
 * the caller is in, so the caller keeps those of the workspace on screen.
 */
export function jobsQuery(filters: JobFilters): string {
  const params = new URLSearchParams();
  if (filters.pipelineId) params.set('pipelineId', filters.pipelineId);
  if (filters.status) params.set('status', filters.status);
  const query = params.toString();
  return query ? `/jobs?${query}` : '/jobs';
}

/** The REST endpoints of docs/API.md › Training that the training room, the Jobs page and the studio use. */
export const trainingApi = {
  train: (pipelineId: string, body: TrainBody) =>
    api.post<Reply<'trainPipeline'>>(`/pipelines/${enc(pipelineId)}/train`, body).then((r) => r.job),
  job: (id: string, fetcher?: Fetch) =>
    api.get<Reply<'getJob'>>(`/jobs/${enc(id)}`, fetcher).then((r) => r.job),
  /** Every job of `workspaceId` matching the filters, newest first. */
  jobs: (workspaceId: string, filters: JobFilters = {}, fetcher?: Fetch) =>
    allPages<TrainingJobDto>(jobsQuery(filters), 'jobs', fetcher).then((jobs) =>
      jobs.filter((j) => j.workspaceId === workspaceId)
    ),
  /** The newest job of one pipeline, or null before its first. */
  latestJob: (pipelineId: string) =>
    api.get<Reply<'listJobs'>>(`/jobs?pipelineId=${enc(pipelineId)}&limit=1`).then((r) => r.jobs[0] ?? null),
  runs: (id: string, fetcher?: Fetch) =>
    api.get<Reply<'listJobRuns'>>(`/jobs/${enc(id)}/runs`, fetcher).then((r) => r.runs),
  cancel: (id: string) => api.post<Reply<'cancelJob'>>(`/jobs/${enc(id)}/cancel`).then((r) => r.job),
  comments: (id: string, fetcher?: Fetch) =>
    allPages<JobCommentDto>(`/jobs/${enc(id)}/comments`, 'comments', fetcher),
  comment: (id: string, body: string, anchor: CurveAnchor | null) =>
    api.post<Reply<'addJobComment'>>(`/jobs/${enc(id)}/comments`, { body, anchor }).then((r) => r.comment)
};

export type TrainingApi = typeof trainingApi;
