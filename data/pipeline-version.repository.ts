import type { PipelineConfig, PipelineValidationDto } from '../contracts/pipeline';
import { Op } from 'sequelize';
import { PipelineVersion, User } from '../models';
import { canonicalConfig } from './canonical-config';
import { statusAfterValidation, type PipelineRepository, type StatusWrite } from './pipeline.repository';

export interface NewVersion {
  config: PipelineConfig;
  message: string | null;
  validation: PipelineValidationDto;
  createdBy: string;
}

const author = { model: User, as: 'author', attributes: ['fullName'], paranoid: false };

/** Saved versions: numbered under the pipeline row's lock, never changed afterwards. */
export class PipelineVersionRepository {
  constructor(private readonly pipelines: PipelineRepository) {}

  /**
   * Takes the next number (pipelines.version + 1) and stores the snapshot in one transaction; the
   * validation also sets the pipeline's status when the row still holds this config.
   */
  save(pipelineId: string, v: NewVersion): Promise<(StatusWrite & { version: PipelineVersion }) | null> {
    return this.pipelines.locked(pipelineId, async (row, transaction) => {
      const number = row.version + 1;
      const version = await PipelineVersion.create(
        {
          pipelineId,
          version: number,
          config: canonicalConfig(v.config),
          name: row.name,
          message: v.message,
          status: v.validation.valid ? 'validated' : 'draft',
          validation: v.validation,
          createdBy: v.createdBy
        },
        { transaction }
      );
      const before = row.status;
      const status = statusAfterValidation(row, v.config, v.validation.valid, version.createdAt);
      await row.update({ version: number, ...status }, { transaction });
      return { pipeline: row, version, statusChanged: row.status !== before };
    });
  }

  /** Newest first, without configs (they can be large); with the author's name; `limit` below `before`. */
  list(pipelineId: string, page: { limit: number; before?: number | undefined }): Promise<PipelineVersion[]> {
    return PipelineVersion.findAll({
      where: { pipelineId, ...(page.before === undefined ? {} : { version: { [Op.lt]: page.before } }) },
      attributes: { exclude: ['config'] },
      include: [author],
      order: [['version', 'DESC']],
      limit: page.limit
    });
  }

  find(pipelineId: string, version: number): Promise<PipelineVersion | null> {
    return PipelineVersion.findOne({ where: { pipelineId, version }, include: [author] });
  }
}
