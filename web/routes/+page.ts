import { redirect } from '@sveltejs/kit';
import { homeWorkspaceId, session } from '$lib/session.svelte';
import { loadFailure } from '$lib/api/load';
import type { PageLoad } from './$types';

/** `/` → the last used workspace, else the personal one; signed out → /login. */
export const load: PageLoad = async ({ fetch }) => {
  const user = await session.load(fetch).catch(loadFailure);
  if (!user) redirect(307, '/login');
  const id = homeWorkspaceId();
  if (id) redirect(307, `/w/${id}`);
  return {};
};
