import { literal, Op, type Sequelize, type Transaction } from 'sequelize';
import { SchemaDeduction } from '../models';
import { exactTimeSql } from './exact-time';

export interface NewDeduction {
  datasetId: string;
  userId: string;
  proposedSchema: Record<string, unknown>;
  columnMetadata: Record<string, unknown>;
  confidenceScore: number;
  agentVersion: string;
}

export class SchemaRepository {
  constructor(private readonly sequelize: Sequelize) {}

  latest(datasetId: string): Promise<SchemaDeduction | null> {
    return SchemaDeduction.findOne({ where: { datasetId }, order: [['createdAt', 'DESC']] });
  }

  /** Newest first (ties by id), `limit` after the deduction keyed `after`, each with its exact `cursorAt`. */
  history(
    datasetId: string,
    page: { limit: number; after?: { t: string; id: string } | undefined }
  ): Promise<SchemaDeduction[]> {
    const { after } = page;
    const esc = (v: string) => this.sequelize.escape(v);
    return SchemaDeduction.findAll({
      attributes: { include: [[literal(exactTimeSql('"SchemaDeduction"."created_at"')), 'cursorAt']] },
      where: {
        datasetId,
        ...(after
          ? {
              [Op.and]: literal(
                `("SchemaDeduction"."created_at", "SchemaDeduction"."id") < (${esc(after.t)}::timestamptz, ${esc(after.id)}::uuid)`
              )
            }
          : {})
      },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC']
      ],
      limit: page.limit
    });
  }

  findById(id: string): Promise<SchemaDeduction | null> {
    return SchemaDeduction.findByPk(id);
  }

  /** The accepted schema pipelines and training type columns with (the newest accepted one). */
  accepted(datasetId: string): Promise<SchemaDeduction | null> {
    return SchemaDeduction.findOne({
      where: { datasetId, status: 'accepted' },
      order: [['updatedAt', 'DESC']]
    });
  }

  /**
   * A new proposal supersedes the open one in the same transaction (one open proposal per
   * dataset); `alsoIn` adds the caller's own writes to that transaction.
   */
  propose(row: NewDeduction, alsoIn?: (t: Transaction) => Promise<void>): Promise<SchemaDeduction> {
    return this.sequelize.transaction(async (transaction) => {
      await alsoIn?.(transaction);
      await SchemaDeduction.update(
        { status: 'superseded' },
        { where: { datasetId: row.datasetId, status: 'proposed' }, transaction }
      );
      return SchemaDeduction.create({ ...row, rejectionReason: null }, { transaction });
    });
  }

  /**
   * Accepts a proposal (optionally edited); an earlier accepted schema of the dataset becomes
   * superseded. Returns null when the deduction was no longer open.
   */
  accept(
    id: string,
    datasetId: string,
    edits?: { proposedSchema: Record<string, unknown>; columnMetadata: Record<string, unknown> }
  ): Promise<SchemaDeduction | null> {
    return this.sequelize.transaction(async (transaction) => {
      const [changed] = await SchemaDeduction.update(
        { status: 'accepted', ...(edits ?? {}) },
        { where: { id, status: 'proposed' }, transaction }
      );
      if (changed !== 1) return null;
      await SchemaDeduction.update(
        { status: 'superseded' },
        { where: { datasetId, status: 'accepted', id: { [Op.ne]: id } }, transaction }
      );
      return SchemaDeduction.findByPk(id, { transaction });
    });
  }

  async reject(id: string, reason: string): Promise<SchemaDeduction | null> {
    const [changed] = await SchemaDeduction.update(
      { status: 'rejected', rejectionReason: reason },
      { where: { id, status: 'proposed' } }
    );
    return changed === 1 ? SchemaDeduction.findByPk(id) : null;
  }
}
