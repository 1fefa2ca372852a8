import { ApiError, api } from '$lib/api/client';
import type { Reply } from '$lib/contracts';

const enc = encodeURIComponent;

export const eda = {
  /** The dataset's latest report, or null while none exists (404 `eda_not_found`). */
  latest: (datasetId: string) =>
    api
      .get<Reply<'latestEda'>>(`/datasets/${enc(datasetId)}/eda`)
      .then((r) => r.report)
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404 && err.code === 'eda_not_found') return null;
        throw err;
      }),
  /** Queues a new report (or returns the running one); 202. */
  run: (datasetId: string) =>
    api.post<Reply<'requestEda'>>(`/datasets/${enc(datasetId)}/eda`).then((r) => r.report)
};
