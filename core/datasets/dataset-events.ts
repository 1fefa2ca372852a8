import type { Dataset } from '../../models';
import type { Publisher } from '../realtime/publisher';
import { toDatasetDto } from './dataset.dto';
import { rooms } from '../../contracts/realtime';

/** Tells everyone watching the dataset or its workspace about its new status. */
export function publishDatasetStatus(publisher: Publisher, dataset: Dataset): void {
  publisher.emit([rooms.dataset(dataset.id), rooms.workspace(dataset.workspaceId)], 'dataset:status', {
    datasetId: dataset.id,
    status: dataset.status,
    dataset: toDatasetDto(dataset)
  });
}
