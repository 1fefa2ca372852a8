import type { Transaction } from 'sequelize';
import type { DocumentMeta, PipelineConfig } from '../../../contracts/pipeline';
import type { Pipeline, PipelineVersion } from '../../../models';
import { canonicalConfig, sameConfig } from '../../../data/canonical-config';
import {
  statusAfterValidation,
  storedConfig,
  type NewPipeline,
  type PipelineRepository,
  type StatusWrite
} from '../../../data/pipeline.repository';
import type { NewVersion, PipelineVersionRepository } from '../../../data/pipeline-version.repository';
import type { MemoryAccess } from '../../../core/access/testing/memory-access';

type Row = Pipeline & { versions: PipelineVersion[] };

/** Stands in for the transaction the row lock is held in; the fakes never read it. */
const NO_TRANSACTION = {} as Transaction;

/**
 * Pipeline rows and their saved versions in memory, with the repository's status rules (the
 * shared `statusAfterValidation`): a changed graph drops a validated pipeline to draft, and a
 * validation moves status only for the config the row holds. Pipelines are placed in the
 * MemoryAccess given, and leave it when deleted, as soft-deleted rows resolve to nothing.
 */
export class MemoryPipelines implements Pick<
  PipelineRepository,
  | 'create'
  | 'findLive'
  | 'list'
  | 'storeLive'
  | 'recordValidation'
  | 'locked'
  | 'activeJobCount'
  | 'softDelete'
  | 'discard'
> {
  readonly rows = new Map<string, Row>();
  /** Pipeline id → queued or running training jobs. */
  readonly activeJobs = new Map<string, number>();
  private clock = 0;

  constructor(private readonly access: MemoryAccess) {}

  tick(): Date {
    this.clock += 1000;
    return new Date(this.clock);
  }

  async create(p: NewPipeline): Promise<Pipeline> {
    const at = this.tick();
    const config = canonicalConfig(p.config);
    const status = p.valid ? 'validated' : 'draft';
    const row = {
      id: p.id,
      userId: p.userId,
      workspaceId: p.workspaceId,
      datasetId: p.datasetId,
      name: p.name,
      description: p.description,
      config,
      nodeRegistry: {},
      version: 1,
      status,
      validatedAt: p.valid ? at : null,
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
      get: (key: string) => (key === 'cursorAt' ? row.updatedAt.toISOString() : undefined),
      versions: []
    } as unknown as Row;
    row.versions.push(
      this.version(row, { config, message: p.message, validation: p.validation!, createdBy: p.userId }, at)
    );
    this.rows.set(p.id, row);
    this.access.place('pipeline', p.id, p.workspaceId);
    return row;
  }

  version(row: Row, v: NewVersion, at: Date, number = row.versions.length + 1): PipelineVersion {
    return {
      id: `${row.id}/v${number}`,
      pipelineId: row.id,
      version: number,
      config: canonicalConfig(v.config),
      name: row.name,
      message: v.message,
      status: v.validation.valid ? 'validated' : 'draft',
      validation: v.validation,
      createdBy: v.createdBy,
      createdAt: at,
      author: { fullName: `name of ${v.createdBy}` }
    } as unknown as PipelineVersion;
  }

  async findLive(id: string): Promise<Pipeline | null> {
    const row = this.rows.get(id);
    return row && !row.deletedAt ? row : null;
  }

  async list(workspaceIds: string[], datasetId: string | undefined, page: { limit: number }) {
    return [...this.rows.values()]
      .filter((r) => !r.deletedAt && workspaceIds.includes(r.workspaceId))
      .filter((r) => datasetId === undefined || r.datasetId === datasetId)
      .reverse()
      .slice(0, page.limit);
  }

  storeLive(id: string, state: { config?: PipelineConfig; meta: DocumentMeta }): Promise<StatusWrite | null> {
    return this.locked(id, async (row) => {
      let statusChanged = false;
      if (state.config && !sameConfig(storedConfig(row), state.config)) {
        row.config = canonicalConfig(state.config);
        if (row.status === 'validated') {
          Object.assign(row, { status: 'draft', validatedAt: null });
          statusChanged = true;
        }
      }
      const name = state.meta.name?.trim().slice(0, 200);
      if (name) row.name = name;
      if (state.meta.description !== undefined) row.description = state.meta.description?.trim() || null;
      row.updatedAt = this.tick();
      return { pipeline: row, statusChanged };
    });
  }

  recordValidation(id: string, config: PipelineConfig, valid: boolean): Promise<StatusWrite | null> {
    return this.locked(id, async (row) => {
      const before = row.status;
      Object.assign(row, statusAfterValidation(row, config, valid, this.tick()));
      return { pipeline: row, statusChanged: row.status !== before };
    });
  }

  async locked<T>(id: string, fn: (row: Row, t: Transaction) => Promise<T>): Promise<T | null> {
    const row = this.rows.get(id);
    return row && !row.deletedAt ? fn(row, NO_TRANSACTION) : null;
  }

  async activeJobCount(id: string): Promise<number> {
    return this.activeJobs.get(id) ?? 0;
  }

  async softDelete(id: string): Promise<void> {
    const row = this.rows.get(id);
    if (row) row.deletedAt = this.tick();
    this.access.remove(id);
  }

  async discard(id: string): Promise<void> {
    this.rows.delete(id);
    this.access.remove(id);
  }
}

/** The versions table over MemoryPipelines' rows, numbered under the same (pretend) row lock. */
export class MemoryPipelineVersions implements Pick<PipelineVersionRepository, 'save' | 'list' | 'find'> {
  constructor(private readonly pipelines: MemoryPipelines) {}

  save(id: string, v: NewVersion) {
    return this.pipelines.locked(id, async (row) => {
      const version = this.pipelines.version(row, v, this.pipelines.tick(), row.version + 1);
      row.versions.push(version);
      const before = row.status;
      Object.assign(
        row,
        { version: version.version },
        statusAfterValidation(row, v.config, v.validation.valid, version.createdAt)
      );
      return { pipeline: row as Pipeline, version, statusChanged: row.status !== before };
    });
  }

  async list(id: string, page: { limit: number; before?: number | undefined }) {
    const versions = this.pipelines.rows.get(id)?.versions ?? [];
    return versions
      .filter((v) => page.before === undefined || v.version < page.before)
      .reverse()
      .slice(0, page.limit);
  }

  async find(id: string, version: number): Promise<PipelineVersion | null> {
    return this.pipelines.rows.get(id)?.versions.find((v) => v.version === version) ?? null;
  }
}
