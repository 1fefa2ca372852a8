import type {
  CurvePoint,
  EventPayload,
  ExperimentRunDto,
  JobCommentDto,
  JobStatus,
  RunStatus,
  TrainingJobDto
} from './types';

/**
 * What one training room shows, and how every event changes it. Pure: the room's reactive wrapper
 * (job-room.svelte.ts) keeps one of these and replaces it on each event, and the tests feed the
 * same functions fake events.
 */
export interface RoomState {
  job: TrainingJobDto;
  /** By run number. */
  runs: ExperimentRunDto[];
  /** Each run's curve by step, from its history and every `job:metric` since (by run number). */
  curves: Record<number, CurvePoint[]>;
  /** Oldest first. */
  comments: JobCommentDto[];
}

const TERMINAL: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

export const isTerminal = (status: JobStatus): boolean => TERMINAL.includes(status);

/** A job that still may change: waiting or training. */
export const isActive = (status: JobStatus): boolean => !isTerminal(status);

/** The room as the REST calls found it. */
export function initialRoom(
  job: TrainingJobDto,
  runs: ExperimentRunDto[],
  comments: JobCommentDto[]
): RoomState {
  let state: RoomState = { job, runs: [], curves: {}, comments: [] };
  for (const run of runs) state = withRun(state, run);
  for (const comment of comments) state = withComment(state, comment);
  return state;
}

/**
 * Folds a fresh REST read into what events already built: the events that arrived while the
 * requests were out are kept (a curve never loses points, a job never goes back to an older state).
 */
export function mergeRoom(current: RoomState, fresh: RoomState): RoomState {
  let state: RoomState = { ...current, job: newerJob(current.job, fresh.job) };
  for (const run of fresh.runs) state = withRun(state, run);
  for (const comment of fresh.comments) state = withComment(state, comment);
  return state;
}

const RANK: Record<JobStatus, number> = { queued: 0, running: 1, completed: 2, failed: 2, cancelled: 2 };

/** The later of two reads of one job: an ended job stays ended, progress does not go back. */
function newerJob(current: TrainingJobDto, next: TrainingJobDto): TrainingJobDto {
  if (RANK[next.status] < RANK[current.status]) return current;
  if (next.status === 'running' && current.status === 'running') {
    if (next.progressPercentage < current.progressPercentage)
      return { ...next, progressPercentage: current.progressPercentage, currentStep: current.currentStep };
  }
  return next;
}

const RUN_RANK: Record<RunStatus, number> = { queued: 0, running: 1, completed: 2, failed: 2, cancelled: 2 };

function withRun(state: RoomState, run: ExperimentRunDto): RoomState {
  const others = state.runs.filter((r) => r.runNumber !== run.runNumber);
  const old = state.runs.find((r) => r.runNumber === run.runNumber);
  // A run that already ended is not taken back to running (or queued) by a late event.
  const kept = old && RUN_RANK[old.status] > RUN_RANK[run.status] ? old : run;
  const runs = [...others, kept].sort((a, b) => a.runNumber - b.runNumber);
  return { ...state, runs, curves: withPoints(state.curves, run.runNumber, run.history) };
}

function withComment(state: RoomState, comment: JobCommentDto): RoomState {
  const comments = [...state.comments.filter((c) => c.id !== comment.id), comment].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)
  );
  return { ...state, comments };
}

/** Adds points to one run's curve: one point per step (the later report of a step wins), by step. */
export function withPoints(
  curves: Record<number, CurvePoint[]>,
  runNumber: number,
  points: readonly CurvePoint[]
): Record<number, CurvePoint[]> {
  if (points.length === 0) return curves;
  const byStep = new Map((curves[runNumber] ?? []).map((p) => [p.step, p]));
  for (const p of points)
    byStep.set(p.step, { step: p.step, metrics: { ...byStep.get(p.step)?.metrics, ...p.metrics } });
  const merged = [...byStep.values()].sort((a, b) => a.step - b.step);
  return { ...curves, [runNumber]: merged };
}

/** Applies one Socket.IO event of the job's room; events of other jobs leave the state as it is. */
export type RoomEvent =
  | { type: 'job:status'; payload: EventPayload<'job:status'> }
  | { type: 'job:progress'; payload: EventPayload<'job:progress'> }
  | { type: 'job:metric'; payload: EventPayload<'job:metric'> }
  | { type: 'job:run'; payload: EventPayload<'job:run'> }
  | { type: 'job:comment'; payload: EventPayload<'job:comment'> };

export function applyEvent(state: RoomState, event: RoomEvent): RoomState {
  if (event.payload.jobId !== state.job.id) return state;
  switch (event.type) {
    case 'job:status':
      return { ...state, job: newerJob(state.job, event.payload.job) };
    case 'job:progress': {
      const { progressPercentage, currentStep } = event.payload;
      // A progress report that arrives after the end, or late, must not move the bar back.
      if (isTerminal(state.job.status) || progressPercentage < state.job.progressPercentage) return state;
      const status = state.job.status === 'queued' ? 'running' : state.job.status;
      return {
        ...state,
        job: { ...state.job, status, queuePosition: null, progressPercentage, currentStep }
      };
    }
    case 'job:metric': {
      const { runNumber, step, metrics } = event.payload;
      return { ...state, curves: withPoints(state.curves, runNumber, [{ step, metrics }]) };
    }
    case 'job:run':
      return withRun(state, event.payload.run);
    case 'job:comment':
      return withComment(state, event.payload.comment);
  }
}
