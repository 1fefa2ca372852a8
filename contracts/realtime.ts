import type { DatasetDto, EdaChartDto } from './api';
import type { Notification } from './notifications';
import type { ExperimentRunDto, JobCommentDto, TrainingJobDto } from './training';
import type { DatasetStatus, JobStatus, PipelineStatus, SchemaDeductionStatus } from './statuses';

/** The one typed map of Socket.IO events (docs/API.md › Realtime), used by server, workers and browser. */

/** Rooms a browser may subscribe to; each names one resource, checked against its workspace. */
export const ROOM_KINDS = ['workspace', 'dataset', 'pipeline', 'job'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** A room a browser may subscribe to, such as `dataset:<uuid>`. */
export type RoomName = `${RoomKind}:${string}`;
/** Every socket of one user joins this room on connect; browsers cannot subscribe to it. */
export type UserRoomName = `user:${string}`;

/** The only way to spell a room name: server, workers and browser all build them here. */
export const rooms = {
  workspace: (id: string): RoomName => `workspace:${id}`,
  dataset: (id: string): RoomName => `dataset:${id}`,
  pipeline: (id: string): RoomName => `pipeline:${id}`,
  job: (id: string): RoomName => `job:${id}`,
  user: (id: string): UserRoomName => `user:${id}`
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A subscribable room name split into its kind and (lower-cased) id; null for anything else. */
export function parseRoom(room: unknown): { kind: RoomKind; id: string; name: RoomName } | null {
  if (typeof room !== 'string') return null;
  const sep = room.indexOf(':');
  if (sep < 0) return null;
  const kind = room.slice(0, sep) as RoomKind;
  const id = room.slice(sep + 1);
  if (!ROOM_KINDS.includes(kind) || !UUID.test(id)) return null;
  const lower = id.toLowerCase();
  return { kind, id: lower, name: rooms[kind](lower) };
}

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
  /** Sent to `job:<id>` and `pipeline:<id>` on every status change, with the job as it now is. */
  'job:status': (p: { jobId: string; status: JobStatus; errorMessage?: string; job: TrainingJobDto }) => void;
  'job:progress': (p: { jobId: string; progressPercentage: number; currentStep: string | null }) => void;
  /** One curve point of one run (per boosting iteration, tree batch, solver iteration or epoch). */
  'job:metric': (p: {
    jobId: string;
    runNumber: number;
    step: number;
    metrics: Record<string, number>;
  }) => void;
  /** An experiment run started or ended (its metrics filled in when it ends). */
  'job:run': (p: { jobId: string; run: ExperimentRunDto }) => void;
  /** A comment pinned on the job (or on a point of one of its curves). */
  'job:comment': (p: { jobId: string; comment: JobCommentDto }) => void;
  /** Sent to `workspace:<id>`; see contracts/notifications.ts for the kinds. */
  notification: (p: Notification) => void;
  /** Sent to `user:<id>` when that person is added to a workspace, so their switcher lists it at once. */
  'workspace:joined': (p: { workspaceId: string }) => void;
  /** Sent just before the server drops a connection whose access changed; the client reconnects. */
  'access:revoked': (p: { workspaceId: string }) => void;
  /** Sent to `pipeline:<id>` and `workspace:<id>` when validation or an edit moves a pipeline's status. */
  'pipeline:status': (p: { pipelineId: string; status: PipelineStatus; validatedAt: string | null }) => void;
  /** Sent to `pipeline:<id>` when a version is saved; `version` is its number, now the newest. */
  'pipeline:versions': (p: { pipelineId: string; version: number }) => void;
  /** Sent to `pipeline:<id>` when someone restores a saved version into the live pipeline. */
  'pipeline:restored': (p: { pipelineId: string; version: number; by: { id: string; name: string } }) => void;
}
