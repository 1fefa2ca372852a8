import { rooms } from '../../contracts/realtime';
import type { RunRow } from '../../data/experiment-run.repository';
import type { JobRow } from '../../data/training-job.repository';
import type { Publisher } from '../realtime/publisher';
import { toJobDto, toRunDto } from './job-dto';

/**
 * Training's live events, sent from the web process (train, cancel) and the workers alike.
 * Status goes to the job's room and its pipeline's (the pipeline page lists its jobs); progress,
 * curves and runs to the job's room only.
 */
export function publishJobStatus(publisher: Publisher, job: JobRow): void {
  publisher.emit([rooms.job(job.id), rooms.pipeline(job.pipelineId)], 'job:status', {
    jobId: job.id,
    status: job.status,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    job: toJobDto(job)
  });
  if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') {
    const what = { completed: 'finished training', failed: 'failed', cancelled: 'was cancelled' }[job.status];
    publisher.emit(rooms.workspace(job.workspaceId), 'notification', {
      type: 'training_finished',
      jobId: job.id,
      pipelineId: job.pipelineId,
      status: job.status,
      modelId: job.modelId,
      title: `Training job ${what}`,
      link: `/w/${job.workspaceId}/pipelines/${job.pipelineId}/jobs/${job.id}`
    });
  }
}

export function publishJobProgress(
  publisher: Publisher,
  jobId: string,
  percent: number,
  step: string | null
): void {
  publisher.emit(rooms.job(jobId), 'job:progress', { jobId, progressPercentage: percent, currentStep: step });
}

export function publishJobRun(publisher: Publisher, run: RunRow): void {
  publisher.emit(rooms.job(run.jobId), 'job:run', { jobId: run.jobId, run: toRunDto(run) });
}

export function publishJobMetric(
  publisher: Publisher,
  jobId: string,
  runNumber: number,
  step: number,
  metrics: Record<string, number>
): void {
  publisher.emit(rooms.job(jobId), 'job:metric', { jobId, runNumber, step, metrics });
}
