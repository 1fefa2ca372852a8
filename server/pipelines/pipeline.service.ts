import crypto from 'node:crypto';
import { z } from 'zod';
import type { LiveDocuments, MaterializeConfig } from '../../collab/live-documents';
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
import type { WorkspaceRole } from '../../contracts/statuses';
import { validateDag } from '../../contracts/validate-dag';
import type { Pipeline } from '../../models';
import type { AccessService } from '../access/access.service';
import { isUuid } from '../access/resources';
import type { DatasetRepository } from '../datasets/dataset.repository';
import { InvalidInput, Conflict, NotFound } from '../domain/errors';
import { decodeCursor, encodeCursor, exactTime, toPage } from '../pagination/cursor';
import type { Publisher } from '../realtime/publisher';
import type { SchemaRepository } from '../schema/schema.repository';
import { canonicalConfig } from './canonical';
import { loadDagContext } from './dag-context';
import { pipelineMaterializer } from './materialize';
import { publishPipelineStatus } from './pipeline-events';
import { exportFileName, parsePipelineFile, toPipelineFile } from './pipeline-file';
import { toPipelineDto } from './pipeline.dto';
import type { PipelineRepository } from './pipeline.repository';
import { rooms } from '../../contracts/realtime';

export interface PipelineServiceDeps {
  repo: PipelineRepository;
  datasets: DatasetRepository;
  schemas: SchemaRepository;
  access: AccessService;
  live: LiveDocuments;
  publisher: Publisher;
}

/**
 * Pipelines over REST. The graph lives in the collaborative document (LiveDocuments); the row
 * keeps a materialized copy plus status, version and ownership. Every REST write to the graph
 * materializes at once, so its answer and the row agree without waiting for the document server.
 */
export class PipelineService {
  readonly materialize: MaterializeConfig;

  constructor(private readonly d: PipelineServiceDeps) {
    this.materialize = pipelineMaterializer(d.repo, d.publisher);
  }

  async create(userId: string, body: CreatePipelineBody, message = 'Created'): Promise<PipelineDto> {
    const grant = await this.d.access.require(userId, { kind: 'dataset', id: body.datasetId }, 'viewer');
    const workspaceId = body.workspaceId ?? grant.workspaceId;
    await this.d.access.require(userId, { kind: 'workspace', id: workspaceId }, 'editor');
    if (workspaceId !== grant.workspaceId) {
      throw new InvalidInput(
        'The dataset belongs to another workspace; a pipeline uses a dataset of its own workspace.',
        { datasetWorkspaceId: grant.workspaceId },
        'dataset_not_in_workspace'
      );
    }
    const config = canonicalConfig(body.config ?? EMPTY_CONFIG);
    const validation = await this.check(body.datasetId, config);
    const id = crypto.randomUUID();
    const description = body.description?.trim() || null;
    const pipeline = await this.d.repo.create({
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
      await this.d.live.initialize(id, config, { name: body.name, description });
    } catch (err) {
      await this.d.repo.discard(id);
      throw err;
    }
    this.d.publisher.emit(rooms.workspace(workspaceId), 'notification', {
      type: 'pipeline_created',
      pipelineId: id,
      title: `Pipeline “${body.name}” was created`,
      link: `/w/${workspaceId}/pipelines/${id}`
    });
    return toPipelineDto(pipeline, config);
  }

  async import(userId: string, body: { datasetId: string; workspaceId?: string; pipeline: unknown }) {
    const file: PipelineFile = parsePipelineFile(body.pipeline);
    return this.create(
      userId,
      {
        name: file.name,
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
      const grant = await this.d.access.require(userId, { kind: 'dataset', id: filter.datasetId }, 'viewer');
      workspaceIds = [grant.workspaceId];
    } else if (filter.workspaceId) {
      await this.d.access.require(userId, { kind: 'workspace', id: filter.workspaceId }, 'viewer');
      workspaceIds = [filter.workspaceId];
    } else {
      workspaceIds = await this.d.datasets.memberWorkspaceIds(userId);
    }
    if (filter.workspaceId && !workspaceIds.includes(filter.workspaceId))
      return { items: [], nextCursor: null };
    const after = decodeCursor('pipelines', page.cursor, { t: exactTime, id: z.uuid() });
    const rows = await this.d.repo.list(workspaceIds, filter.datasetId, { limit: page.limit + 1, after });
    return toPage(
      rows,
      page.limit,
      (p) => toPipelineDto(p),
      (p) => encodeCursor('pipelines', { t: p.get('cursorAt'), id: p.id })
    );
  }

  async get(userId: string, id: string): Promise<PipelineDto> {
    const pipeline = await this.visible(userId, id, 'viewer');
    return toPipelineDto(pipeline, await this.d.live.readConfig(id));
  }

  async update(userId: string, id: string, body: UpdatePipelineBody): Promise<PipelineDto> {
    await this.visible(userId, id, 'editor');
    const meta = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description?.trim() || null } : {})
    };
    await this.d.live.applyMeta(id, meta);
    const config = await this.d.live.readConfig(id);
    await this.materialize(id, { config, meta });
    return toPipelineDto(await this.reload(id), config);
  }

  async replaceConfig(userId: string, id: string, config: PipelineConfig): Promise<PipelineDto> {
    await this.visible(userId, id, 'editor');
    return this.applyLive(id, config);
  }

  /** Makes the live document hold `config` (everyone connected sees it) and the row follow. */
  async applyLive(id: string, config: PipelineConfig): Promise<PipelineDto> {
    const result = await this.d.live.applyConfig(id, canonicalConfig(config));
    await this.materialize(id, { config: result, meta: {} });
    return toPipelineDto(await this.reload(id), result);
  }

  /** Refused while training is queued or running: the job reads the pipeline as it goes. */
  async remove(userId: string, id: string): Promise<void> {
    const pipeline = await this.visible(userId, id, 'editor');
    const active = await this.d.repo.activeJobCount(id);
    if (active > 0) {
      throw new Conflict(
        'This pipeline is training; cancel its queued or running jobs first.',
        'pipeline_training',
        { activeJobs: active }
      );
    }
    await this.d.repo.softDelete(id);
    await this.d.live.forget(id);
    this.d.publisher.emit(rooms.workspace(pipeline.workspaceId), 'notification', {
      type: 'pipeline_deleted',
      pipelineId: id,
      title: `Pipeline “${pipeline.name}” was deleted`
    });
  }

  async export(userId: string, id: string) {
    const pipeline = await this.visible(userId, id, 'viewer');
    const file = toPipelineFile(pipeline, await this.d.live.readConfig(id));
    return { file, fileName: exportFileName(pipeline.name) };
  }

  /** Validates the live graph and records the outcome as the pipeline's status. */
  async validate(userId: string, id: string): Promise<PipelineValidationDto> {
    const pipeline = await this.visible(userId, id, 'editor');
    const { config, validation } = await this.validateLive(pipeline);
    const written = await this.d.repo.recordValidation(id, config, validation.valid);
    if (written) publishPipelineStatus(this.d.publisher, written.pipeline);
    return validation;
  }

  /** The same answer for anyone who can see the pipeline, without recording it. */
  async validation(userId: string, id: string): Promise<PipelineValidationDto> {
    const pipeline = await this.visible(userId, id, 'viewer');
    return (await this.validateLive(pipeline)).validation;
  }

  /** Reads the live graph, brings the row up to it, and validates it against the dataset. */
  async validateLive(
    pipeline: Pipeline
  ): Promise<{ config: PipelineConfig; validation: PipelineValidationDto }> {
    const config = await this.d.live.readConfig(pipeline.id);
    await this.materialize(pipeline.id, { config, meta: {} });
    return { config, validation: await this.check(pipeline.datasetId, config) };
  }

  async check(datasetId: string, config: PipelineConfig): Promise<PipelineValidationDto> {
    return validateDag(config, await loadDagContext(this.d, datasetId));
  }

  /** The live pipeline row if the caller's role allows `role`; 404 for anything they cannot see. */
  async visible(userId: string, id: string, role: WorkspaceRole): Promise<Pipeline> {
    if (!isUuid(id)) throw new NotFound('Pipeline');
    await this.d.access.require(userId, { kind: 'pipeline', id }, role);
    return this.reload(id);
  }

  private async reload(id: string): Promise<Pipeline> {
    const pipeline = await this.d.repo.findLive(id);
    if (!pipeline) throw new NotFound('Pipeline');
    return pipeline;
  }
}
