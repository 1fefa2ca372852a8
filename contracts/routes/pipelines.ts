import { z } from 'zod';
import { nodeTypeDto } from '../api-node-types';
import { pageQuery } from '../pagination';
import {
  createPipelineBody,
  diffQuery,
  importPipelineBody,
  listPipelinesQuery,
  pipelineDiffDto,
  pipelineDto,
  pipelineFile,
  pipelineValidationDto,
  pipelineVersionDto,
  replaceConfigBody,
  restoreVersionBody,
  saveVersionBody,
  updatePipelineBody,
  versionParam
} from '../pipeline';
import { type ApiRoute, page } from './route';

const pipelineReply = z.object({ pipeline: pipelineDto });
const versionReply = z.object({ version: pipelineVersionDto });
const withVersion = z.object({ id: z.string().meta({ format: 'uuid' }), version: versionParam });

/** The node registry, pipelines and their versions. */
export const pipelineRoutes = {
  // ── Pipelines ───────────────────────────────────────────────────────────────────────────
  nodeTypes: {
    method: 'get',
    path: '/api/node-types',
    tag: 'Pipelines',
    auth: 'session',
    status: 200,
    summary: 'The node registry',
    response: z.array(nodeTypeDto).readonly()
  },
  createPipeline: {
    method: 'post',
    path: '/api/pipelines',
    tag: 'Pipelines',
    auth: 'session',
    status: 201,
    summary: 'Create a pipeline',
    body: createPipelineBody,
    response: pipelineReply
  },
  importPipeline: {
    method: 'post',
    path: '/api/pipelines/import',
    tag: 'Pipelines',
    auth: 'session',
    status: 201,
    summary: 'Create a pipeline from an export file',
    body: importPipelineBody,
    response: pipelineReply
  },
  listPipelines: {
    method: 'get',
    path: '/api/pipelines',
    tag: 'Pipelines',
    auth: 'session',
    status: 200,
    summary: 'Pipelines, most recently changed first',
    query: listPipelinesQuery,
    response: z.object({ pipelines: z.array(pipelineDto), ...page })
  },
  getPipeline: {
    method: 'get',
    path: '/api/pipelines/:id',
    tag: 'Pipelines',
    auth: 'session',
    status: 200,
    summary: 'One pipeline, config from the live document',
    response: pipelineReply
  },
  updatePipeline: {
    method: 'patch',
    path: '/api/pipelines/:id',
    tag: 'Pipelines',
    auth: 'session',
    status: 200,
    summary: 'Rename or describe a pipeline',
    body: updatePipelineBody,
    response: pipelineReply
  },
  replaceConfig: {
    method: 'put',
    path: '/api/pipelines/:id/config',
    tag: 'Pipelines',
    auth: 'session',
    status: 200,
    summary: 'Replace the graph (connected editors see it at once)',
    body: replaceConfigBody,
    response: pipelineReply
  },
  deletePipeline: {
    method: 'delete',
    path: '/api/pipelines/:id',
    tag: 'Pipelines',
    auth: 'session',
    status: 204,
    summary: 'Delete a pipeline (soft)',
    errors: [409]
  },
  validatePipeline: {
    method: 'post',
    path: '/api/pipelines/:id/validate',
    tag: 'Pipelines',
    auth: 'session',
    status: 200,
    summary: 'Validate the graph and record the status (editors)',
    response: pipelineValidationDto
  },
  pipelineValidation: {
    method: 'get',
    path: '/api/pipelines/:id/validation',
    tag: 'Pipelines',
    auth: 'session',
    status: 200,
    summary: 'Validate the graph without recording anything',
    response: pipelineValidationDto
  },
  exportPipeline: {
    method: 'get',
    path: '/api/pipelines/:id/export',
    tag: 'Pipelines',
    auth: 'session',
    status: 200,
    summary: 'Download the pipeline as a file',
    description: 'Sent with `Content-Disposition: attachment`.',
    response: pipelineFile
  },
  saveVersion: {
    method: 'post',
    path: '/api/pipelines/:id/versions',
    tag: 'Versions',
    auth: 'session',
    status: 201,
    summary: 'Snapshot the live graph as a version',
    body: saveVersionBody,
    response: versionReply
  },
  listVersions: {
    method: 'get',
    path: '/api/pipelines/:id/versions',
    tag: 'Versions',
    auth: 'session',
    status: 200,
    summary: 'Versions, newest first, without config',
    query: pageQuery,
    response: z.object({ versions: z.array(pipelineVersionDto), ...page })
  },
  getVersion: {
    method: 'get',
    path: '/api/pipelines/:id/versions/:version',
    tag: 'Versions',
    auth: 'session',
    status: 200,
    summary: 'One version with its config',
    params: withVersion,
    response: versionReply
  },
  diffPipeline: {
    method: 'get',
    path: '/api/pipelines/:id/diff',
    tag: 'Versions',
    auth: 'session',
    status: 200,
    summary: 'What changed between two versions (or `live`)',
    query: diffQuery,
    response: pipelineDiffDto
  },
  restoreVersion: {
    method: 'post',
    path: '/api/pipelines/:id/restore',
    tag: 'Versions',
    auth: 'session',
    status: 200,
    summary: "Apply a version's graph to the live document",
    body: restoreVersionBody,
    response: pipelineReply
  }
} as const satisfies Record<string, ApiRoute>;
