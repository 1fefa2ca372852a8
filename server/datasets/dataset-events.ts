import type { Dataset } from '../../models';
import type { Publisher } from '../realtime/publisher';
import { toDatasetDto } from './dataset.dto';

/** Tells everyone watching the dataset or its workspace about its new status. */
export function publishDatasetStatus(publisher: Publisher, dataset: Dataset): void {
  publisher.emit([`dataset:${dataset.id}`, `workspace:${dataset.workspaceId}`], 'dataset:status', {
    datasetId: dataset.id,
    status: dataset.status,
    dataset: toDatasetDto(dataset)
  });
}
