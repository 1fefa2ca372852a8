/** The wire shapes the training screens use, in one import. */
export type {
  CurveAnchor,
  CurvePoint,
  ExperimentRunDto,
  JobCommentDto,
  JobStatus,
  RunStatus,
  SweepSpec,
  TrainBody,
  TrainingJobDto
} from '$lib/contracts';
export type { EventPayload } from '$lib/realtime/socket.svelte';
