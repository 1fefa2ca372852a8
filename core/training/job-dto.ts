import type {
  ExperimentRunDto,
  JobCommentDto,
  JobErrorDetail,
  TrainingJobDto
} from '../../contracts/training';
import type { CommentRow, RunRow } from '../../data/experiment-run.repository';
import type { JobRow } from '../../data/training-job.repository';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The stored traceback in the contract's shape; older or foreign rows may hold anything. */
function errorDetail(raw: unknown): JobErrorDetail | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const text = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : null);
  return {
    nodeId: text('nodeId'),
    param: text('param'),
    column: text('column'),
    fix: text('fix'),
    code: text('code'),
    stack: text('stack')
  };
}

export function toJobDto(j: JobRow): TrainingJobDto {
  return {
    id: j.id,
    pipelineId: j.pipelineId,
    workspaceId: j.workspaceId,
    datasetId: j.datasetId,
    userId: j.userId,
    userName: j.userName,
    status: j.status,
    priority: j.priority,
    progressPercentage: j.progressPercentage,
    currentStep: j.currentStep,
    queuePosition: j.queuePosition ?? null,
    pipelineVersion: j.pipelineVersion,
    snapshotSource: j.snapshotSource,
    sweep: j.sweep ? { kind: j.sweep.kind, runs: j.runCount } : null,
    modelId: j.modelId,
    bestRunNumber: j.bestRunNumber,
    createdAt: iso(j.createdAt)!,
    startedAt: iso(j.startedAt),
    completedAt: iso(j.completedAt),
    heartbeatAt: iso(j.heartbeatAt),
    trainingDurationSeconds: j.trainingDurationSeconds,
    errorMessage: j.errorMessage,
    errorTraceback: errorDetail(j.errorTraceback)
  };
}

export function toRunDto(r: RunRow): ExperimentRunDto {
  return {
    id: r.id,
    jobId: r.jobId,
    runNumber: r.runNumber,
    status: r.status,
    hyperparameters: r.hyperparameters ?? {},
    metrics: r.metrics,
    trainingTimeSeconds: r.trainingTimeSeconds,
    errorMessage: r.errorMessage,
    history: Array.isArray(r.history) ? r.history : [],
    createdAt: iso(r.createdAt)!,
    completedAt: iso(r.completedAt)
  };
}

export function toCommentDto(c: CommentRow): JobCommentDto {
  return {
    id: c.id,
    jobId: c.jobId,
    authorId: c.authorId,
    authorName: c.authorName,
    body: c.body,
    anchor: c.anchor,
    createdAt: iso(c.createdAt)!
  };
}
