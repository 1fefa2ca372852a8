import { redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import { errorMessage } from '$lib/api/errors';
import { isNotFound, studioApi } from '$lib/studio/api';
import type { PageLoad } from './$types';

/** The pipeline's row (name, status, version, dataset); its graph comes live from the shared document. */
export const load: PageLoad = async ({ params, fetch, parent, depends }) => {
  depends('app:pipeline');
  await parent();
  try {
    const pipeline = await studioApi.pipeline(params.pipelineId, fetch);
    // A link may name the wrong workspace: open the pipeline in its own.
    if (pipeline.workspaceId !== params.workspaceId) {
      redirect(307, `/w/${pipeline.workspaceId}/pipelines/${pipeline.id}`);
    }
    return { pipeline, notFound: false, loadError: null };
  } catch (err) {
    if (isNotFound(err)) return { pipeline: null, notFound: true, loadError: null };
    if (err instanceof ApiError) return { pipeline: null, notFound: false, loadError: errorMessage(err) };
    throw err;
  }
};
