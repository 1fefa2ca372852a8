import { ApiError, api } from '$lib/api/client';
import type { EdaReportDto } from '$lib/contracts';

const enc = encodeURIComponent;

export const eda = {
  /** The dataset's latest report, or null while none exists (404 `eda_not_found`). */
  latest: (datasetId: string) =>
    api
      .get<{ report: EdaReportDto }>(`/datasets/${enc(datasetId)}/eda`)
      .then((r) => r.report)
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404 && err.code === 'eda_not_found') return null;
        throw err;
      }),
  /** Queues a new report (or returns the running one); 202. */
  run: (datasetId: string) =>
    api.post<{ report: EdaReportDto }>(`/datasets/${enc(datasetId)}/eda`).then((r) => r.report)
};
