import type { CurvePoint, ExperimentRunDto, JobCommentDto, TrainingJobDto } from '../types';

/** Wire shapes as the server would send them, for the training room's unit tests. */

export const JOB_ID = '11111111-1111-4111-8111-111111111111';

export function fakeJob(over: Partial<TrainingJobDto> = {}): TrainingJobDto {
  return {
    id: JOB_ID,
    pipelineId: '22222222-2222-4222-8222-222222222222',
    workspaceId: '33333333-3333-4333-8333-333333333333',
    datasetId: '44444444-4444-4444-8444-444444444444',
    userId: '55555555-5555-4555-8555-555555555555',
    userName: 'Ann Owner',
    status: 'running',
    priority: 5,
    progressPercentage: 10,
    currentStep: 'Training run 1',
    queuePosition: null,
    pipelineVersion: null,
    snapshotSource: 'live',
    sweep: null,
    modelId: null,
    bestRunNumber: null,
    createdAt: '2026-12-04T20:00:00.000Z',
    startedAt: '2026-12-04T20:00:01.000Z',
    completedAt: null,
    heartbeatAt: null,
    trainingDurationSeconds: null,
    errorMessage: null,
    errorTraceback: null,
    ...over
  };
}

export function fakeRun(runNumber: number, over: Partial<ExperimentRunDto> = {}): ExperimentRunDto {
  return {
    id: `66666666-6666-4666-8666-${String(runNumber).padStart(12, '0')}`,
    jobId: JOB_ID,
    runNumber,
    status: 'running',
    hyperparameters: {},
    metrics: null,
    trainingTimeSeconds: null,
    errorMessage: null,
    history: [],
    createdAt: '2026-12-04T20:00:02.000Z',
    completedAt: null,
    ...over
  };
}

export const point = (step: number, metrics: Record<string, number>): CurvePoint => ({ step, metrics });

export function fakeComment(id: string, over: Partial<JobCommentDto> = {}): JobCommentDto {
  return {
    id,
    jobId: JOB_ID,
    authorId: '77777777-7777-4777-8777-777777777777',
    authorName: 'Ben Editor',
    body: 'Loss flattens here',
    anchor: null,
    createdAt: '2026-12-04T20:01:00.000Z',
    ...over
  };
}
