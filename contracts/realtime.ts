import type { DatasetDto, EdaChartDto } from './api';
import type { DatasetStatus, JobStatus, PipelineStatus, SchemaDeductionStatus } from './statuses';

/** The one typed map of Socket.IO events (docs/API.md › Realtime), used by server, workers and browser. */

export type Ack = (reply: { ok: true } | { ok: false; error: { code: string; message: string } }) => void;

export interface ClientToServerEvents {
  subscribe: (payload: { room: string }, ack?: Ack) => void;
  unsubscribe: (payload: { room: string }, ack?: Ack) => void;
}

export interface ServerToClientEvents {
  /** Sent to `dataset:<id>` and `workspace:<id>` on every status change, with the dataset as it now is. */
  'dataset:status': (p: { datasetId: string; status: DatasetStatus; dataset: DatasetDto }) => void;
  /** Progress of validation and conversion (percent 0–100 and a human step). */
  'dataset:progress': (p: { datasetId: string; progress: number; step: string }) => void;
  'schema:proposed': (p: { datasetId: string; deductionId: string }) => void;
  /** A deduction could not finish (after its retries, or its worker was lost twice); ask again. */
  'schema:failed': (p: { datasetId: string; errorMessage: string }) => void;
  /** A deduction was accepted or rejected (by anyone in the workspace). */
  'schema:status': (p: { datasetId: string; deductionId: string; status: SchemaDeductionStatus }) => void;
  'eda:progress': (p: { reportId: string; progress: number; step: string }) => void;
  /** A chart as soon as it is drawn; a `sampled` one is sent again, exact, with the same id. */
  'eda:chart': (p: { reportId: string; chart: EdaChartDto }) => void;
  'eda:completed': (p: {
    reportId: string;
    datasetId: string;
    status: 'completed' | 'failed';
    errorMessage?: string;
  }) => void;
  'job:status': (p: { jobId: string; status: JobStatus; errorMessage?: string }) => void;
  'job:progress': (p: { jobId: string; progressPercentage: number; currentStep: string | null }) => void;
  'job:metric': (p: {
    jobId: string;
    runNumber: number;
    step: number;
    metrics: Record<string, number>;
  }) => void;
  notification: (p: { type: string; title: string; link?: string }) => void;
  /** Sent just before the server drops a connection whose access changed; the client reconnects. */
  'access:revoked': (p: { workspaceId: string }) => void;
  /** Sent to `pipeline:<id>` and `workspace:<id>` when validation or an edit moves a pipeline's status. */
  'pipeline:status': (p: { pipelineId: string; status: PipelineStatus; validatedAt: string | null }) => void;
  /** Sent to `pipeline:<id>` when a version is saved; `version` is its number, now the newest. */
  'pipeline:versions': (p: { pipelineId: string; version: number }) => void;
}
