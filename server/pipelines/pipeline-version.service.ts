import { z } from 'zod';
import type { LiveDocuments } from '../../core/pipelines/live-documents';
import type { Page, PageQuery } from '../../contracts/pagination';
import type {
  PipelineConfig,
  PipelineDiffDto,
  PipelineDto,
  PipelineVersionDto
} from '../../contracts/pipeline';
import { MAX_VERSION } from '../../contracts/pipeline';
import { NotFound } from '../../contracts/errors';
import { decodeCursor, encodeCursor, toPage } from '../pagination/cursor';
import type { Publisher } from '../../core/realtime/publisher';
import { diffConfigs } from './config-diff';
import {
  publishPipelineRestored,
  publishPipelineStatus,
  publishPipelineVersion
} from '../../core/pipelines/pipeline-events';
import type { PipelineVersionRepository } from '../../data/pipeline-version.repository';
import { toVersionDto } from './pipeline.dto';
import type { PipelineInternals } from './pipeline-internals';

export interface PipelineVersionServiceDeps {
  versions: PipelineVersionRepository;
  /** Every public method checks access through `visible` before using the rest. */
  pipelines: PipelineInternals;
  live: LiveDocuments;
  publisher: Publisher;
}

/** Saved versions of the live graph: snapshot, list, compare, and restore into the live document. */
export class PipelineVersionService {
  constructor(private readonly deps: PipelineVersionServiceDeps) {}

  /** Snapshots the live state as the next version, validated; the pipeline's status follows. */
  async save(userId: string, pipelineId: string, message?: string): Promise<PipelineVersionDto> {
    const pipeline = await this.deps.pipelines.visible(userId, pipelineId, 'editor');
    const { config, validation } = await this.deps.pipelines.validateLive(pipeline);
    const saved = await this.deps.versions.save(pipelineId, {
      config,
      message: message?.trim() || null,
      validation,
      createdBy: userId
    });
    if (!saved) throw new NotFound('Pipeline');
    publishPipelineVersion(this.deps.publisher, pipelineId, saved.version.version);
    if (saved.statusChanged) publishPipelineStatus(this.deps.publisher, saved.pipeline);
    const stored = await this.deps.versions.find(pipelineId, saved.version.version);
    return toVersionDto(stored ?? saved.version, true);
  }

  async list(userId: string, pipelineId: string, page: PageQuery): Promise<Page<PipelineVersionDto>> {
    await this.deps.pipelines.visible(userId, pipelineId, 'viewer');
    const after = decodeCursor('versions', page.cursor, { v: z.number().int().min(1).max(MAX_VERSION) });
    const rows = await this.deps.versions.list(pipelineId, { limit: page.limit + 1, before: after?.v });
    return toPage(
      rows,
      page.limit,
      (v) => toVersionDto(v, false),
      (v) => encodeCursor('versions', { v: v.version })
    );
  }

  async get(userId: string, pipelineId: string, version: number): Promise<PipelineVersionDto> {
    await this.deps.pipelines.visible(userId, pipelineId, 'viewer');
    return toVersionDto(await this.version(pipelineId, version), true);
  }

  async diff(
    userId: string,
    pipelineId: string,
    from: number | 'live',
    to: number | 'live'
  ): Promise<PipelineDiffDto> {
    await this.deps.pipelines.visible(userId, pipelineId, 'viewer');
    const [a, b] = await Promise.all([this.side(pipelineId, from), this.side(pipelineId, to)]);
    return { from, to, ...diffConfigs(a, b) };
  }

  /** A new edit of the live document that everyone connected sees; no version is saved. */
  async restore(
    user: { id: string; fullName: string },
    pipelineId: string,
    version: number
  ): Promise<PipelineDto> {
    await this.deps.pipelines.visible(user.id, pipelineId, 'editor');
    const saved = await this.version(pipelineId, version);
    const pipeline = await this.deps.pipelines.applyLive(pipelineId, saved.config as PipelineConfig);
    // The graph changes under collaborators' eyes; they are told who did it and to which version.
    publishPipelineRestored(this.deps.publisher, pipelineId, version, { id: user.id, name: user.fullName });
    return pipeline;
  }

  private async side(pipelineId: string, which: number | 'live'): Promise<PipelineConfig> {
    if (which === 'live') return this.deps.live.readConfig(pipelineId);
    return (await this.version(pipelineId, which)).config as PipelineConfig;
  }

  private async version(pipelineId: string, version: number) {
    const found = await this.deps.versions.find(pipelineId, version);
    if (!found) throw new NotFound(`Version ${version} of this pipeline`, 'version_not_found');
    return found;
  }
}
