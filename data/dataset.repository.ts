import { literal, Op, QueryTypes, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import { Dataset, Pipeline, Workspace } from '../models';
import { exactTimeSql } from './exact-time';

export class DuplicateHashError extends Error {}

type NewDataset = Pick<
  Dataset,
  | 'userId'
  | 'workspaceId'
  | 'name'
  | 'description'
  | 's3Bucket'
  | 's3KeyRaw'
  | 'fileSizeBytes'
  | 'contentType'
> & {
  id: string;
};

/** Every database access of the datasets feature. */
export class DatasetRepository {
  constructor(private readonly sequelize: Sequelize) {}

  create(row: NewDataset): Promise<Dataset> {
    return Dataset.create({
      ...row,
      s3KeyProcessed: null,
      fileHashSha256: null,
      numRows: null,
      numColumns: null,
      columnNames: null,
      validationErrors: null,
      deletedAt: null
    });
  }

  findLive(id: string): Promise<Dataset | null> {
    return Dataset.findByPk(id);
  }

  findLiveByHash(userId: string, hash: string): Promise<Dataset | null> {
    return Dataset.findOne({ where: { userId, fileHashSha256: hash } });
  }

  /**
   * Live datasets of the given workspaces, newest first (ties by id): `limit` rows after the row whose
   * key is `after`, each with its exact creation time as `cursorAt` for the next cursor.
   */
  listInWorkspaces(
    workspaceIds: string[],
    page: { limit: number; after?: { t: string; id: string } | undefined }
  ): Promise<Dataset[]> {
    const { after } = page;
    const esc = (v: string) => this.sequelize.escape(v);
    return Dataset.findAll({
      attributes: { include: [[literal(exactTimeSql('"Dataset"."created_at"')), 'cursorAt']] },
      where: {
        workspaceId: { [Op.in]: workspaceIds },
        ...(after
          ? {
              [Op.and]: literal(
                `("Dataset"."created_at", "Dataset"."id") < (${esc(after.t)}::timestamptz, ${esc(after.id)}::uuid)`
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

  async personalWorkspaceId(userId: string): Promise<string | null> {
    const ws = await Workspace.findOne({ where: { ownerId: userId, isPersonal: true }, attributes: ['id'] });
    return ws?.id ?? null;
  }

  async memberWorkspaceIds(userId: string): Promise<string[]> {
    const rows = await this.sequelize.query<{ workspace_id: string }>(
      `SELECT m.workspace_id FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id AND w.deleted_at IS NULL
        WHERE m.user_id = :userId`,
      { type: QueryTypes.SELECT, replacements: { userId } }
    );
    return rows.map((r) => r.workspace_id);
  }

  /**
   * Moves an uploaded row to `verifying`, or takes over one whose verifying request stopped
   * touching it `staleSeconds` ago (its process died). True for the one caller that won.
   */
  async claimVerification(id: string, staleSeconds: number): Promise<boolean> {
    const [changed] = await Dataset.update(
      { status: 'verifying' },
      {
        where: {
          id,
          [Op.or]: [
            { status: 'uploading' },
            {
              status: 'verifying',
              updatedAt: { [Op.lt]: literal(`now() - interval '${Number(staleSeconds)} seconds'`) }
            }
          ]
        }
      }
    );
    return changed === 1;
  }

  /** Shows that verification is still under way (see claimVerification). */
  async touchVerification(id: string): Promise<void> {
    await this.sequelize.query(
      `UPDATE datasets SET updated_at = now() WHERE id = :id AND status = 'verifying'`,
      { replacements: { id } }
    );
  }

  /** Verification could not finish (storage error): the upload can be completed again. */
  async releaseVerification(id: string): Promise<void> {
    await Dataset.update({ status: 'uploading' }, { where: { id, status: 'verifying' } });
  }

  /** Records the content hash; the unique index over live rows turns a second copy into DuplicateHashError. */
  async markUploaded(id: string, hash: string, transaction?: Transaction): Promise<boolean> {
    try {
      const [changed] = await Dataset.update(
        { fileHashSha256: hash, status: 'uploaded' },
        { where: { id, status: 'verifying' }, transaction }
      );
      return changed === 1;
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new DuplicateHashError();
      throw err;
    }
  }

  async update(
    id: string,
    fields: Partial<
      Pick<
        Dataset,
        'status' | 'numRows' | 'numColumns' | 'columnNames' | 'validationErrors' | 's3KeyProcessed'
      >
    >,
    transaction?: Transaction
  ): Promise<void> {
    await Dataset.update(fields, { where: { id }, transaction });
  }

  /**
   * Puts a finished dataset back in the queue for validation (another way of reading its first
   * lines, or a retry); false when it is not finished, so two clicks queue one job.
   */
  async requeueValidation(id: string, transaction: Transaction): Promise<boolean> {
    const [changed] = await Dataset.update(
      { status: 'uploaded', validationErrors: null, numRows: null, numColumns: null, columnNames: null },
      { where: { id, status: ['failed', 'validated'] }, transaction }
    );
    return changed === 1;
  }

  /** Removes a row that never held a distinct file (a duplicate upload) — nothing refers to it yet. */
  async discard(id: string): Promise<void> {
    await Dataset.destroy({ where: { id }, force: true });
  }

  async usedByLivePipelines(id: string): Promise<number> {
    return Pipeline.count({ where: { datasetId: id } });
  }

  async softDelete(id: string): Promise<void> {
    await Dataset.destroy({ where: { id } });
  }

  /**
   * Soft-deleted datasets old enough to purge. Pipelines that were themselves deleted before the cutoff
   * do not hold a dataset back (hardDelete takes them along); live or recently deleted ones do, and so
   * does any training history, which is kept whole.
   */
  async purgeable(olderThan: Date, limit = 100): Promise<Array<{ id: string; userId: string }>> {
    return this.sequelize.query<{ id: string; userId: string }>(
      `SELECT d.id, d.user_id AS "userId" FROM datasets d
        WHERE d.deleted_at IS NOT NULL AND d.deleted_at < :olderThan
          AND NOT EXISTS (SELECT 1 FROM pipelines p WHERE p.dataset_id = d.id
                            AND (p.deleted_at IS NULL OR p.deleted_at >= :olderThan))
          AND NOT EXISTS (SELECT 1 FROM training_jobs j WHERE j.dataset_id = d.id)
          AND NOT EXISTS (SELECT 1 FROM training_jobs j JOIN pipelines p ON p.id = j.pipeline_id
                           WHERE p.dataset_id = d.id)
        ORDER BY d.deleted_at LIMIT :limit`,
      { type: QueryTypes.SELECT, replacements: { olderThan, limit } }
    );
  }

  /**
   * Removes the row together with the deleted pipelines that still point at it (their versions and
   * documents cascade). A pipeline that is live again or new makes the foreign key refuse, and nothing goes.
   */
  async hardDelete(id: string): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await Pipeline.destroy({
        where: { datasetId: id, deletedAt: { [Op.ne]: null } },
        force: true,
        transaction
      });
      await Dataset.destroy({ where: { id }, force: true, transaction });
    });
  }
}
