/** Status vocabularies shared by the database CHECKs, the models, the API and the UI. */
/** `verifying`: complete() is checking and hashing the upload (only one request does). */
export const DATASET_STATUSES = [
  'uploading',
  'verifying',
  'uploaded',
  'validating',
  'validated',
  'failed'
] as const;
export const SCHEMA_DEDUCTION_STATUSES = ['proposed', 'accepted', 'rejected', 'superseded'] as const;
export const EDA_STATUSES = ['running', 'completed', 'failed'] as const;
export const EDA_STORAGE_LOCATIONS = ['postgres', 's3'] as const;
export const PIPELINE_STATUSES = ['draft', 'validated', 'archived'] as const;
export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
/** `queued`: waiting for a worker (each run of a sweep is claimed on its own). */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export const WORKSPACE_ROLES = ['owner', 'editor', 'viewer'] as const;

export type DatasetStatus = (typeof DATASET_STATUSES)[number];
export type SchemaDeductionStatus = (typeof SCHEMA_DEDUCTION_STATUSES)[number];
export type EdaStatus = (typeof EDA_STATUSES)[number];
export type EdaStorageLocation = (typeof EDA_STORAGE_LOCATIONS)[number];
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];
export type JobStatus = (typeof JOB_STATUSES)[number];
export type RunStatus = (typeof RUN_STATUSES)[number];
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
