import { redirect } from '@sveltejs/kit';
import { loadFailure } from '$lib/api/load';
import { session } from '$lib/session.svelte';
import type { LayoutLoad } from './$types';

/** Signed-in guard for the studio shell; the shell itself reads user and workspaces from `session`. */
export const load: LayoutLoad = async ({ params, url, fetch, untrack }) => {
  const user = await session.load(fetch).catch(loadFailure);
  if (!user) {
    const next = untrack(() => url.pathname + url.search);
    redirect(307, `/login?next=${encodeURIComponent(next)}`);
  }
  // A workspace we have not seen may have been shared with us since the list was loaded.
  if (!session.workspace(params.workspaceId)) await session.refreshWorkspaces(fetch).catch(loadFailure);
  return { workspaceId: params.workspaceId };
};
