import { literal, Op, type Sequelize, type Transaction } from 'sequelize';
import { NODE_REGISTRY_VERSION } from '../contracts/node-types';
import { EMPTY_CONFIG, pipelineConfig, type DocumentMeta, type PipelineConfig } from '../contracts/pipeline';
import type { PipelineStatus } from '../contracts/statuses';
import { Pipeline, PipelineVersion, TrainingJob } from '../models';
import { exactTimeSql } from './exact-time';
import { canonicalConfig, sameConfig } from './canonical-config';

export interface NewPipeline {
  id: string;
  userId: string;
  workspaceId: string;
  datasetId: string;
  name: string;
  description: string | null;
  config: PipelineConfig;
  valid: boolean;
  validation: PipelineVersion['validation'];
  /** The message of version 1. */
  message: string;
}

/** A write that may have moved the pipeline's status (so listeners need telling). */
export interface StatusWrite {
  pipeline: Pipeline;
  statusChanged: boolean;
}

/** The config a row holds; rows written before validation existed may hold anything. */
export function storedConfig(row: Pipeline): PipelineConfig {
  const parsed = pipelineConfig.safeParse(row.config);
  return parsed.success ? parsed.data : EMPTY_CONFIG;
}

/** The seed's `node_registry` column: which type each node id had when the row was written. */
function registrySnapshot(config: PipelineConfig): Record<string, unknown> {
  return {
    version: NODE_REGISTRY_VERSION,
    nodes: Object.fromEntries(config.nodes.map((n) => [n.id, n.type]))
  };
}

/**
 * Validation decides status only for the config it looked at: archived stays archived, and a
 * config that changed since (someone kept editing) stays draft.
 */
export function statusAfterValidation(
  row: Pipeline,
  config: PipelineConfig,
  valid: boolean,
  at: Date
): Partial<Pick<Pipeline, 'status' | 'validatedAt'>> {
  if (row.status === 'archived' || !sameConfig(storedConfig(row), config)) return {};
  return valid ? { status: 'validated', validatedAt: at } : { status: 'draft', validatedAt: null };
}

/** Every access to the `pipelines` row of the pipelines feature. */
export class PipelineRepository {
  constructor(private readonly sequelize: Sequelize) {}

  /** The row and its version 1, together. */
  create(row: NewPipeline): Promise<Pipeline> {
    const config = canonicalConfig(row.config);
    const now = new Date();
    return this.sequelize.transaction(async (transaction) => {
      const pipeline = await Pipeline.create(
        {
          id: row.id,
          userId: row.userId,
          workspaceId: row.workspaceId,
          datasetId: row.datasetId,
          name: row.name,
          description: row.description,
          config,
          nodeRegistry: registrySnapshot(config),
          version: 1,
          status: row.valid ? 'validated' : 'draft',
          validatedAt: row.valid ? now : null,
          deletedAt: null
        },
        { transaction }
      );
      await PipelineVersion.create(
        {
          pipelineId: row.id,
          version: 1,
          config,
          name: row.name,
          message: row.message,
          status: row.valid ? 'validated' : 'draft',
          validation: row.validation,
          createdBy: row.userId
        },
        { transaction }
      );
      return pipeline;
    });
  }

  findLive(id: string): Promise<Pipeline | null> {
    return Pipeline.findByPk(id);
  }

  /**
   * Live pipelines of the given workspaces (optionally on one dataset), most recently changed first
   * (ties by id): `limit` rows after the row whose key is `after`, each with its exact `cursorAt`.
   */
  list(
    workspaceIds: string[],
    datasetId: string | undefined,
    page: { limit: number; after?: { t: string; id: string } | undefined }
  ): Promise<Pipeline[]> {
    const { after } = page;
    const esc = (v: string) => this.sequelize.escape(v);
    return Pipeline.findAll({
      attributes: { include: [[literal(exactTimeSql('"Pipeline"."updated_at"')), 'cursorAt']] },
      where: {
        workspaceId: { [Op.in]: workspaceIds },
        ...(datasetId ? { datasetId } : {}),
        ...(after
          ? {
              [Op.and]: literal(
                `("Pipeline"."updated_at", "Pipeline"."id") < (${esc(after.t)}::timestamptz, ${esc(after.id)}::uuid)`
              )
            }
          : {})
      },
      order: [
        ['updatedAt', 'DESC'],
        ['id', 'DESC']
      ],
      limit: page.limit
    });
  }

  /** The `MaterializeConfig` of the pipelines feature: the row follows the live document. */
  storeLive(
    pipelineId: string,
    state: { config?: PipelineConfig; meta: DocumentMeta }
  ): Promise<StatusWrite | null> {
    return this.locked(pipelineId, async (row, transaction) => {
      const changes: Partial<Pipeline> = {};
      if (state.config && !sameConfig(storedConfig(row), state.config)) {
        changes.config = canonicalConfig(state.config);
        changes.nodeRegistry = registrySnapshot(state.config);
        // The validation was of the old graph; archived pipelines keep their status.
        if (row.status === 'validated') Object.assign(changes, { status: 'draft', validatedAt: null });
      }
      const name = state.meta.name?.trim().slice(0, 200);
      if (name && name !== row.name) changes.name = name;
      if (state.meta.description !== undefined) {
        const description = state.meta.description?.trim() || null;
        if (description !== row.description) changes.description = description;
      }
      const statusChanged = changes.status !== undefined;
      if (Object.keys(changes).length) await row.update(changes, { transaction });
      return { pipeline: row, statusChanged };
    });
  }

  /** Records a validation of `config`; the status moves only if the row still holds that config. */
  recordValidation(pipelineId: string, config: PipelineConfig, valid: boolean): Promise<StatusWrite | null> {
    return this.locked(pipelineId, async (row, transaction) => {
      const before: PipelineStatus = row.status;
      const changes = statusAfterValidation(row, config, valid, new Date());
      if (Object.keys(changes).length) await row.update(changes, { transaction });
      return { pipeline: row, statusChanged: changes.status !== undefined && changes.status !== before };
    });
  }

  /**
   * Runs `fn` on the live row under a row lock (null when there is none): writers of the same
   * pipeline take turns, so version numbers and status never interleave.
   */
  locked<T>(
    pipelineId: string,
    fn: (row: Pipeline, transaction: Transaction) => Promise<T>
  ): Promise<T | null> {
    return this.sequelize.transaction(async (transaction) => {
      const row = await Pipeline.findByPk(pipelineId, { transaction, lock: transaction.LOCK.UPDATE });
      return row ? fn(row, transaction) : null;
    });
  }

  /** Names of a workspace's live pipelines that start with `prefix`, to name an imported copy apart. */
  async namesStartingWith(workspaceId: string, prefix: string): Promise<Set<string>> {
    const rows = await Pipeline.findAll({
      attributes: ['name'],
      where: { workspaceId, name: { [Op.startsWith]: prefix.slice(0, 180) } }
    });
    return new Set(rows.map((r) => r.name));
  }

  async activeJobCount(pipelineId: string): Promise<number> {
    return TrainingJob.count({ where: { pipelineId, status: { [Op.in]: ['queued', 'running'] } } });
  }

  async softDelete(pipelineId: string): Promise<void> {
    await Pipeline.destroy({ where: { id: pipelineId } });
  }

  /** Undoes a create whose document could not be stored: nothing else refers to the row yet. */
  async discard(pipelineId: string): Promise<void> {
    await Pipeline.destroy({ where: { id: pipelineId }, force: true });
  }
}
