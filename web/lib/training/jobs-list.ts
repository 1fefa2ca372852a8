import type { ExperimentRunDto, JobStatus, TrainBody, TrainingJobDto } from './types';

/** The Jobs page's list: newest first, kept current by `job:status` events, filtered in place. */

export function sortJobs(jobs: readonly TrainingJobDto[]): TrainingJobDto[] {
  return [...jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

export interface JobListFilters {
  pipelineId: string;
  status: JobStatus | '';
}

export const matches = (job: TrainingJobDto, f: JobListFilters): boolean =>
  (!f.pipelineId || job.pipelineId === f.pipelineId) && (!f.status || job.status === f.status);

/** The list with `job` as it now is: replaced, added when it matches the filters, dropped when it no longer does. */
export function upsertJob(
  jobs: readonly TrainingJobDto[],
  job: TrainingJobDto,
  filters: JobListFilters
): TrainingJobDto[] {
  const others = jobs.filter((j) => j.id !== job.id);
  return matches(job, filters) ? sortJobs([...others, job]) : others;
}

/** Progress of one job from a `job:progress` event, when it is in the list. */
export function withProgress(
  jobs: readonly TrainingJobDto[],
  p: { jobId: string; progressPercentage: number; currentStep: string | null }
): TrainingJobDto[] {
  return jobs.map((j) =>
    j.id === p.jobId && j.status !== 'completed' && j.status !== 'failed' && j.status !== 'cancelled'
      ? {
          ...j,
          status: 'running',
          queuePosition: null,
          progressPercentage: Math.max(j.progressPercentage, p.progressPercentage),
          currentStep: p.currentStep
        }
      : j
  );
}

/** "Next in queue", "3rd in queue": the position counts the jobs ahead (0: none). */
export function queueLabel(job: TrainingJobDto): string | null {
  if (job.status !== 'queued' || job.queuePosition === null) return null;
  if (job.queuePosition === 0) return 'Next in queue';
  const place = job.queuePosition + 1;
  const suffix =
    place % 100 >= 11 && place % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][place % 10] ?? 'th');
  return `${place}${suffix} in queue`;
}

export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Training',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled'
};

/** "42 s", "3 min 5 s", "1 h 2 min" */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * The train request that repeats a job: the same version (or the live document again) and
 * priority, and for a grid the same values per hyperparameter, read back from its runs. A random
 * sweep's ranges are not kept with the job, so its re-run lists the values its runs drew.
 */
export function rerunBody(job: TrainingJobDto, runs: readonly ExperimentRunDto[]): TrainBody {
  const body: TrainBody = { priority: job.priority };
  if (job.pipelineVersion !== null) body.version = job.pipelineVersion;
  if (!job.sweep) return body;
  const params: Record<string, (number | string | boolean | null)[]> = {};
  for (const run of runs) {
    for (const [key, value] of Object.entries(run.hyperparameters)) {
      const scalar = value === null || ['number', 'string', 'boolean'].includes(typeof value);
      if (!scalar) continue;
      const list = (params[key] ??= []);
      if (!list.includes(value as number | string | boolean | null))
        list.push(value as number | string | boolean | null);
    }
  }
  if (Object.keys(params).length === 0) return body;
  if (job.sweep.kind === 'grid') body.sweep = { kind: 'grid', params };
  else body.sweep = { kind: 'random', samples: job.sweep.runs, params };
  return body;
}
