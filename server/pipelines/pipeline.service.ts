import crypto from 'node:crypto';
import { importedName } from './imported-name';
import { z } from 'zod';
import type { LiveDocuments } from '../../core/pipelines/live-documents';
import {
  EMPTY_CONFIG,
  type CreatePipelineBody,
  type PipelineConfig,
  type PipelineDto,
  type PipelineFile,
  type PipelineValidationDto,
  type UpdatePipelineBody
} from '../../contracts/pipeline';
import type { Page, PageQuery } from '../../contracts/pagination';
import type { AccessService } from '../../core/access/access.service';
import type { DatasetRepository } from '../../data/dataset.repository';
import { InvalidInput, Conflict } from '../../contracts/errors';
import { decodeCursor, encodeCursor, exactTime, toPage } from '../pagination/cursor';
import type { Publisher } from '../../core/realtime/publisher';
import type { SchemaRepository } from '../../data/schema.repository';
import { canonicalConfig } from '../../data/canonical-config';
import { publishPipelineStatus } from '../../core/pipelines/pipeline-events';
import { exportFileName, parsePipelineFile, toPipelineFile } from './pipeline-file';
import { toPipelineDto } from './pipeline.dto';
import type { PipelineInternals } from './pipeline-internals';
import type { PipelineRepository } from '../../data/pipeline.repository';
import { rooms } from '../../contracts/realtime';

export interface PipelineServiceDeps {
  repo: PipelineRepository;
  datasets: DatasetRepository;
  schemas: SchemaRepository;
  access: AccessService;
  live: LiveDocuments;
  publisher: Publisher;
  /** The unchecked operations; each public method here checks access before using them. */
  internals: PipelineInternals;
}

/**
 * Pipelines over REST. The graph lives in the collaborative document (LiveDocuments); the row
 * keeps a materialized copy plus status, version and ownership. Every REST write to the graph
 * materializes at once, so its answer and the row agree without waiting for the document server.
 */
export class PipelineService {
  private readonly internals: PipelineInternals;

  constructor(private readonly deps: PipelineServiceDeps) {
    this.internals = deps.internals;
  }

  async create(userId: string, body: CreatePipelineBody, message = 'Created'): Promise<PipelineDto> {
    const grant = await this.deps.access.require(userId, { kind: 'dataset', id: body.datasetId }, 'viewer');
    const workspaceId = body.workspaceId ?? grant.workspaceId;
    await this.deps.access.require(userId, { kind: 'workspace', id: workspaceId }, 'editor');
    if (workspaceId !== grant.workspaceId) {
      throw new InvalidInput(
        'The dataset belongs to another workspace; a pipeline uses a dataset of its own workspace.',
        { datasetWorkspaceId: grant.workspaceId },
        'dataset_not_in_workspace'
      );
    }
    const config = canonicalConfig(body.config ?? EMPTY_CONFIG);
    const validation = await this.internals.check(body.datasetId, config);
    const id = crypto.randomUUID();
    const description = body.description?.trim() || null;
    const pipeline = await this.deps.repo.create({
      id,
      userId,
      workspaceId,
      datasetId: body.datasetId,
      name: body.name,
      description,
      config,
      valid: validation.valid,
      validation,
      message
    });
    try {
      await this.deps.live.initialize(id, config, { name: body.name, description });
    } catch (err) {
      await this.deps.repo.discard(id);
      throw err;
    }
    this.deps.publisher.emit(rooms.workspace(workspaceId), 'notification', {
      type: 'pipeline_created',
      pipelineId: id,
      title: `Pipeline “${body.name}” was created`,
      link: `/w/${workspaceId}/pipelines/${id}`
    });
    return toPipelineDto(pipeline, config);
  }

  async import(userId: string, body: { datasetId: string; workspaceId?: string; pipeline: unknown }) {
    const file: PipelineFile = parsePipelineFile(body.pipeline);
    const grant = await this.deps.access.require(userId, { kind: 'dataset', id: body.datasetId }, 'viewer');
    const taken = await this.deps.repo.namesStartingWith(body.workspaceId ?? grant.workspaceId, file.name);
    return this.create(
      userId,
      {
        name: importedName(file.name, taken),
        description: file.description ?? undefined,
        datasetId: body.datasetId,
        workspaceId: body.workspaceId,
        config: file.config
      },
      'Imported from a file'
    );
  }

  async list(
    userId: string,
    filter: { workspaceId?: string; datasetId?: string },
    page: PageQuery
  ): Promise<Page<PipelineDto>> {
    let workspaceIds: string[];
    if (filter.datasetId) {
      const grant = await this.deps.access.require(
        userId,
        { kind: 'dataset', id: filter.datasetId },
        'viewer'
      );
      workspaceIds = [grant.workspaceId];
    } else if (filter.workspaceId) {
      await this.deps.access.require(userId, { kind: 'workspace', id: filter.workspaceId }, 'viewer');
      workspaceIds = [filter.workspaceId];
    } else {
      workspaceIds = await this.deps.datasets.memberWorkspaceIds(userId);
    }
    if (filter.workspaceId && !workspaceIds.includes(filter.workspaceId))
      return { items: [], nextCursor: null };
    const after = decodeCursor('pipelines', page.cursor, { t: exactTime, id: z.uuid() });
    const rows = await this.deps.repo.list(workspaceIds, filter.datasetId, { limit: page.limit + 1, after });
    return toPage(
      rows,
      page.limit,
      (p) => toPipelineDto(p),
      (p) => encodeCursor('pipelines', { t: p.get('cursorAt'), id: p.id })
    );
  }

  async get(userId: string, id: string): Promise<PipelineDto> {
    const pipeline = await this.internals.visible(userId, id, 'viewer');
    return toPipelineDto(pipeline, await this.deps.live.readConfig(id));
  }

  async update(userId: string, id: string, body: UpdatePipelineBody): Promise<PipelineDto> {
    await this.internals.visible(userId, id, 'editor');
    const meta = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description?.trim() || null } : {})
    };
    await this.deps.live.applyMeta(id, meta);
    const config = await this.deps.live.readConfig(id);
    await this.internals.materialize(id, { config, meta });
    return toPipelineDto(await this.internals.reload(id), config);
  }

  async replaceConfig(userId: string, id: string, config: PipelineConfig): Promise<PipelineDto> {
    await this.internals.visible(userId, id, 'editor');
    return this.internals.applyLive(id, config);
  }

  /** Refused while training is queued or running: the job reads the pipeline as it goes. */
  async remove(userId: string, id: string): Promise<void> {
    const pipeline = await this.internals.visible(userId, id, 'editor');
    const active = await this.deps.repo.activeJobCount(id);
    if (active > 0) {
      throw new Conflict(
        'This pipeline is training; cancel its queued or running jobs first.',
        'pipeline_training',
        { activeJobs: active }
      );
    }
    await this.deps.repo.softDelete(id);
    await this.deps.live.forget(id);
    this.deps.publisher.emit(rooms.workspace(pipeline.workspaceId), 'notification', {
      type: 'pipeline_deleted',
      pipelineId: id,
      title: `Pipeline “${pipeline.name}” was deleted`
    });
  }

  async export(userId: string, id: string) {
    const pipeline = await this.internals.visible(userId, id, 'viewer');
    const file = toPipelineFile(pipeline, await this.deps.live.readConfig(id));
    return { file, fileName: exportFileName(pipeline.name) };
  }

  /** Validates the live graph and records the outcome as the pipeline's status. */
  async validate(userId: string, id: string): Promise<PipelineValidationDto> {
    const pipeline = await this.internals.visible(userId, id, 'editor');
    const { config, validation } = await this.internals.validateLive(pipeline);
    const written = await this.deps.repo.recordValidation(id, config, validation.valid);
    if (written) publishPipelineStatus(this.deps.publisher, written.pipeline);
    return validation;
  }

  /** The same answer for anyone who can see the pipeline, without recording it. */
  async validation(userId: string, id: string): Promise<PipelineValidationDto> {
    const pipeline = await this.internals.visible(userId, id, 'viewer');
    return (await this.internals.validateLive(pipeline)).validation;
  }
}
