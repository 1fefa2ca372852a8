/**
 * The one typed map of background jobs: queue name → payload. Producers and workers import the
 * names from here; no job name is spelled anywhere else.
 */
export interface JobPayloads {
  'dataset-validate': { datasetId: string };
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: readonly JobName[] = ['dataset-validate'];

/** Retry policy per job: errors worth retrying are infrastructure ones (storage, network). */
export const JOB_OPTIONS: Record<JobName, { retries: number; backoffMs: number; timeoutMs: number }> = {
  'dataset-validate': { retries: 2, backoffMs: 2_000, timeoutMs: 30 * 60_000 }
};
