import type { JobName } from '../../contracts/jobs';

/** Job names and payloads are a wire contract (contracts/jobs.ts); re-exported for the worker side. */
export type { JobName, JobPayloads } from '../../contracts/jobs';

/** Retry policy per job: errors worth retrying are infrastructure ones (storage, network). */
export const JOB_OPTIONS: Record<JobName, { retries: number; backoffMs: number; timeoutMs: number }> = {
  'dataset-validate': { retries: 2, backoffMs: 2_000, timeoutMs: 30 * 60_000 },
  'schema-deduce': { retries: 2, backoffMs: 2_000, timeoutMs: 5 * 60_000 },
  'eda-report': { retries: 1, backoffMs: 5_000, timeoutMs: 30 * 60_000 },
  // A delivery is only a wake-up: the worker claims the best waiting run from Postgres and retries
  // lost runs itself (jobs/training/), so the queue never retries one.
  'train-run': { retries: 0, backoffMs: 1_000, timeoutMs: 24 * 3600_000 }
};
