import { z } from 'zod';
import { readOptions } from './api';

/**
 * The one map of background jobs: job name → payload schema. Producers (the job outbox) check a
 * payload against it before it is stored, and workers and the queue client take their types from it.
 */
export const JOB_PAYLOADS = {
  /** read: how to read the file's first lines, when the user chose (absent: guessed). */
  'dataset-validate': z.object({ datasetId: z.string().min(1), read: readOptions.optional() }),
  /** userId: who asked (the uploader after validation, or the user who pressed "Deduce again"). */
  'schema-deduce': z.object({ datasetId: z.string().min(1), userId: z.string().min(1) }),
  'eda-report': z.object({ reportId: z.string().min(1) }),
  /** One experiment run of a training job (a job without a sweep has one run). */
  'train-run': z.object({ jobId: z.string().min(1), runId: z.string().min(1) })
} as const;

export type JobName = keyof typeof JOB_PAYLOADS;
export type JobPayloads = { [N in keyof typeof JOB_PAYLOADS]: z.infer<(typeof JOB_PAYLOADS)[N]> };

export const JOB_NAMES = Object.keys(JOB_PAYLOADS) as JobName[];

export function isJobName(name: unknown): name is JobName {
  return typeof name === 'string' && Object.hasOwn(JOB_PAYLOADS, name);
}

/** The payload as `name` expects it; throws a ZodError naming the offending field otherwise. */
export function parseJobPayload<N extends JobName>(name: N, payload: unknown): JobPayloads[N] {
  return JOB_PAYLOADS[name].parse(payload) as JobPayloads[N];
}
