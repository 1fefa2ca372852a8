import type { Dataset } from '../../models';
import type { AccessService } from '../../core/access/access.service';
import { isUuid } from '../../contracts/resources';
import { Conflict, NotFound } from '../../contracts/errors';
import type { DatasetRepository } from '../../data/dataset.repository';

/**
 * The one check for "a dataset the caller may use": the dataset, schema and EDA services begin
 * their methods with it, so a dataset is found, access-checked and readiness-checked alike.
 */
export class DatasetGuard {
  constructor(
    private readonly access: AccessService,
    private readonly datasets: DatasetRepository
  ) {}

  /** The live dataset if the caller's role allows `role`; 404 for anything they cannot see. */
  async visible(userId: string, id: string, role: 'viewer' | 'editor'): Promise<Dataset> {
    if (!isUuid(id)) throw new NotFound('Dataset');
    await this.access.require(userId, { kind: 'dataset', id }, role);
    const dataset = await this.datasets.findLive(id);
    if (!dataset) throw new NotFound('Dataset');
    return dataset;
  }

  /**
   * As `visible`, and validated, else 409 `dataset_not_ready`; `refusal` says what waits for
   * validation, e.g. "An EDA report can be made". `needsParquet`: its Parquet copy must exist too.
   */
  async validated(
    userId: string,
    id: string,
    role: 'viewer' | 'editor',
    refusal: string,
    options: { needsParquet?: boolean } = {}
  ): Promise<Dataset> {
    const dataset = await this.visible(userId, id, role);
    if (dataset.status !== 'validated' || (options.needsParquet && !dataset.s3KeyProcessed)) {
      throw new Conflict(`${refusal} once the dataset is validated.`, 'dataset_not_ready', {
        status: dataset.status
      });
    }
    return dataset;
  }
}
