import { z } from 'zod';
import {
  experimentRunDto,
  jobCommentBody,
  jobCommentDto,
  listJobsQuery,
  trainBody,
  trainingJobDto
} from '../training';
import { pageQuery } from '../pagination';
import { type ApiRoute, page } from './route';

const jobReply = z.object({ job: trainingJobDto });

/** Training jobs: start one from a pipeline, follow it, cancel it, comment on its curves. */
export const trainingRoutes = {
  trainPipeline: {
    method: 'post',
    path: '/api/pipelines/:id/train',
    tag: 'Training',
    auth: 'session',
    status: 202,
    summary: 'Queue a training job (editors)',
    description:
      'Validates the graph (422 `pipeline_invalid` with the offending nodes), checks the sweep and the ' +
      'node params (422 `training_invalid`), snapshots the saved `version` or the live document, and ' +
      'queues one experiment run per sweep combination.',
    body: trainBody,
    response: jobReply,
    errors: [422]
  },
  listJobs: {
    method: 'get',
    path: '/api/jobs',
    tag: 'Training',
    auth: 'session',
    status: 200,
    summary: 'Training jobs, newest first',
    query: listJobsQuery,
    response: z.object({ jobs: z.array(trainingJobDto), ...page })
  },
  getJob: {
    method: 'get',
    path: '/api/jobs/:id',
    tag: 'Training',
    auth: 'session',
    status: 200,
    summary: 'One training job',
    response: jobReply
  },
  listJobRuns: {
    method: 'get',
    path: '/api/jobs/:id/runs',
    tag: 'Training',
    auth: 'session',
    status: 200,
    summary: "A job's experiment runs, by run number",
    response: z.object({ runs: z.array(experimentRunDto) })
  },
  cancelJob: {
    method: 'post',
    path: '/api/jobs/:id/cancel',
    tag: 'Training',
    auth: 'session',
    status: 202,
    summary: 'Cancel a queued or running job (editors)',
    description:
      'A queued job ends `cancelled` at once; a running one stops within 2 s and then ends `cancelled`. ' +
      'A job that already ended answers 409 `job_finished`.',
    response: jobReply,
    errors: [409]
  },
  listJobComments: {
    method: 'get',
    path: '/api/jobs/:id/comments',
    tag: 'Training',
    auth: 'session',
    status: 200,
    summary: "A job's comments, oldest first",
    query: pageQuery,
    response: z.object({ comments: z.array(jobCommentDto), ...page })
  },
  addJobComment: {
    method: 'post',
    path: '/api/jobs/:id/comments',
    tag: 'Training',
    auth: 'session',
    status: 201,
    summary: 'Comment on a job, or pin a comment on a point of a curve (viewers too)',
    body: jobCommentBody,
    response: z.object({ comment: jobCommentDto })
  }
} as const satisfies Record<string, ApiRoute>;
