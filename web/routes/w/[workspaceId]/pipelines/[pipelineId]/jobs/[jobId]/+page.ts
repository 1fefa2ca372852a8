import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

/** The `training_finished` notification links here; the training room lives under Jobs. */
export const load: PageLoad = ({ params }) => {
  redirect(307, `/w/${params.workspaceId}/jobs/${params.jobId}`);
};
