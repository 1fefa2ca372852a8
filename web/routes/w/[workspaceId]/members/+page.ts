import { workspaces } from '$lib/api/client';
import { errorMessage } from '$lib/api/errors';
import type { MemberDto } from '$lib/contracts';
import type { PageLoad } from './$types';

/** Members are loaded here; failures are shown inside the shell rather than on the error page. */
export const load: PageLoad = async ({ params, fetch, depends, parent }) => {
  depends('app:members');
  await parent();
  try {
    const members = await workspaces.members(params.workspaceId, fetch);
    return { members, loadError: null };
  } catch (err) {
    return { members: [] as MemberDto[], loadError: errorMessage(err) };
  }
};
