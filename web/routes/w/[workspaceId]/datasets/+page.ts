import { datasets } from '$lib/api/client';
import { errorMessage } from '$lib/api/errors';
import type { DatasetDto } from '$lib/contracts';
import type { PageLoad } from './$types';

/** The workspace's datasets; a failure is shown inside the shell rather than on the error page. */
export const load: PageLoad = async ({ params, fetch, depends, parent }) => {
  depends('app:datasets');
  await parent();
  const loadedAt = Date.now();
  try {
    return { datasets: await datasets.list(params.workspaceId, fetch), loadError: null, loadedAt };
  } catch (err) {
    return { datasets: [] as DatasetDto[], loadError: errorMessage(err), loadedAt };
  }
};
