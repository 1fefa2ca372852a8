import { redirect } from '@sveltejs/kit';
import { ApiError, datasets } from '$lib/api/client';
import { errorMessage } from '$lib/api/errors';
import type { DatasetDto } from '$lib/contracts';
import type { PageLoad } from './$types';

type Result =
  | { dataset: DatasetDto; notFound: false; loadError: null }
  | { dataset: null; notFound: boolean; loadError: string | null };

/** The dataset; unknown or invisible ids give a friendly not-found inside the shell. */
export const load: PageLoad = async ({ params, fetch, parent, depends }) => {
  depends('app:dataset');
  await parent();
  const loadedAt = Date.now();
  let result: Result;
  try {
    result = { dataset: await datasets.get(params.datasetId, fetch), notFound: false, loadError: null };
  } catch (err) {
    result =
      err instanceof ApiError && err.status === 404
        ? { dataset: null, notFound: true, loadError: null }
        : { dataset: null, notFound: false, loadError: errorMessage(err) };
  }
  // A link may name the wrong workspace (e.g. a duplicate found in another one): show it in its own.
  if (result.dataset && result.dataset.workspaceId !== params.workspaceId) {
    redirect(307, `/w/${result.dataset.workspaceId}/datasets/${result.dataset.id}`);
  }
  return { ...result, loadedAt };
};
