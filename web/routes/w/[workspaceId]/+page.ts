import { datasets } from '$lib/api/client';
import type { DatasetDto } from '$lib/contracts';
import type { PageLoad } from './$types';

/** Summary counts for the overview; a failed fetch only leaves its card without a number. */
export const load: PageLoad = async ({ params, fetch, parent, depends }) => {
  depends('app:datasets');
  await parent();
  const list: DatasetDto[] | null = await datasets.list(params.workspaceId, fetch).catch(() => null);
  return {
    datasets: list && {
      total: list.length,
      validated: list.filter((d) => d.status === 'validated').length,
      failed: list.filter((d) => d.status === 'failed').length
    }
  };
};
