import { datasets } from '$lib/api/client';
import { pipelines } from '$lib/pipelines/api';
import { trainingApi } from '$lib/training/api';
import type { PageLoad } from './$types';

/** The lists the overview counts; a failed fetch only leaves its card without a number. */
export const load: PageLoad = async ({ params, fetch, parent, depends }) => {
  depends('app:datasets');
  await parent();
  const id = params.workspaceId;
  const [datasetList, pipelineList, jobList] = await Promise.all([
    datasets.list(id, fetch).catch(() => null),
    pipelines.list(id, fetch).catch(() => null),
    trainingApi.jobs(id, {}, fetch).catch(() => null)
  ]);
  return { datasets: datasetList, pipelines: pipelineList, jobs: jobList, loadedAt: Date.now() };
};
