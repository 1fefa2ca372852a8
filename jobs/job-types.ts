/**
 * The one typed map of background jobs: queue name → payload. Producers and workers import the
 * names from here; no job name is spelled anywhere else.
 */
export interface JobPayloads {
  'dataset-validate': { datasetId: string };
  /** userId: who asked (the uploader after validation, or the user who pressed "Deduce again"). */
  'schema-deduce': { datasetId: string; userId: string };
  'eda-report': { reportId: string };
}

export type JobName = keyof JobPayloads;

/** Retry policy per job: errors worth retrying are infrastructure ones (storage, network). */
export const JOB_OPTIONS: Record<JobName, { retries: number; backoffMs: number; timeoutMs: number }> = {
  'dataset-validate': { retries: 2, backoffMs: 2_000, timeoutMs: 30 * 60_000 },
  'schema-deduce': { retries: 2, backoffMs: 2_000, timeoutMs: 5 * 60_000 },
  'eda-report': { retries: 1, backoffMs: 5_000, timeoutMs: 30 * 60_000 }
};
