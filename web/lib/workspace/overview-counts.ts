import type { DatasetDto, PipelineDto, TrainingJobDto } from '$lib/contracts';

/** One summary card: its number and the line under it. */
export interface CardCount {
  count: number;
  hint: string;
}

export interface OverviewCounts {
  datasets: CardCount | null;
  pipelines: CardCount | null;
  jobs: CardCount | null;
  models: CardCount | null;
}

const RUNNING = new Set(['queued', 'running']);

function many(n: number, one: string, more = `${one}s`): string {
  return `${n} ${n === 1 ? one : more}`;
}

/**
 * The overview's numbers, from the workspace's lists (null where a list could not be loaded, so
 * its card shows no made-up zero).
 */
export function overviewCounts(lists: {
  datasets: readonly DatasetDto[] | null;
  pipelines: readonly PipelineDto[] | null;
  jobs: readonly TrainingJobDto[] | null;
}): OverviewCounts {
  const { datasets, pipelines, jobs } = lists;
  return {
    datasets: datasets && {
      count: datasets.length,
      hint:
        datasets.length === 0
          ? 'No datasets yet'
          : [
              `${datasets.filter((d) => d.status === 'validated').length} validated`,
              ...(datasets.some((d) => d.status === 'failed')
                ? [`${datasets.filter((d) => d.status === 'failed').length} failed`]
                : [])
            ].join(' · ')
    },
    pipelines: pipelines && {
      count: pipelines.length,
      hint:
        pipelines.length === 0
          ? 'No pipelines yet'
          : `${pipelines.filter((p) => p.status === 'validated').length} validated`
    },
    jobs: jobs && {
      count: jobs.length,
      hint:
        jobs.length === 0
          ? 'No training jobs yet'
          : `${jobs.filter((j) => RUNNING.has(j.status)).length} running · ${jobs.filter((j) => j.status === 'completed').length} completed`
    },
    models: jobs && modelsOf(jobs)
  };
}

function modelsOf(jobs: readonly TrainingJobDto[]): CardCount {
  const models = new Set(jobs.map((j) => j.modelId).filter((id): id is string => id !== null));
  return {
    count: models.size,
    hint: models.size === 0 ? 'No models yet' : many(models.size, 'trained model')
  };
}
