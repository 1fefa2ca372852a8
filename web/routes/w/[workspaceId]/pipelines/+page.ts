import { datasets } from '$lib/api/client';
import { errorMessage } from '$lib/api/errors';
import type { DatasetDto } from '$lib/contracts';
import { pipelines } from '$lib/pipelines/api';
import type { PipelineDto } from '../../../../../contracts/pipeline';
import type { PageLoad } from './$types';

/** Pipelines plus the workspace's datasets (for their names and the pickers); failures show in the shell. */
export const load: PageLoad = async ({ params, fetch, depends, parent }) => {
  depends('app:pipelines');
  await parent();
  const loadedAt = Date.now();
  const [pipelineList, datasetList] = await Promise.allSettled([
    pipelines.list(params.workspaceId, fetch),
    datasets.list(params.workspaceId, fetch)
  ]);
  return {
    pipelines: pipelineList.status === 'fulfilled' ? pipelineList.value : ([] as PipelineDto[]),
    datasets: datasetList.status === 'fulfilled' ? datasetList.value : ([] as DatasetDto[]),
    loadError: pipelineList.status === 'rejected' ? errorMessage(pipelineList.reason) : null,
    loadedAt
  };
};
