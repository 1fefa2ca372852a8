import type { DatasetRepository } from '../../data/dataset.repository';
import { datasetPrefix } from '../../core/datasets/dataset-keys';
import type { BlobStore } from '../../core/storage/blob-store';

/**
 * Finally removes datasets soft-deleted before `olderThan` that nothing live references any more:
 * first every blob under the dataset's prefix, then the row with the pipelines deleted before the
 * cutoff that still pointed at it (its schema deductions and EDA reports cascade). A failure leaves the row in place, so the next sweep retries it.
 */
export async function purgeDeletedDatasets(
  repo: DatasetRepository,
  store: BlobStore,
  olderThan: Date
): Promise<string[]> {
  const purged: string[] = [];
  for (const { id, userId } of await repo.purgeable(olderThan)) {
    await store.deletePrefix(datasetPrefix(userId, id));
    await repo.hardDelete(id);
    purged.push(id);
  }
  return purged;
}
