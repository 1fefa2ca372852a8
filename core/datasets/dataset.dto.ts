import type { DatasetDto } from '../../contracts/api';
import type { Dataset } from '../../models';

/** Allow-listed fields only: storage keys and bucket names stay on the server. */
export function toDatasetDto(d: Dataset): DatasetDto {
  return {
    id: d.id,
    workspaceId: d.workspaceId,
    userId: d.userId,
    name: d.name,
    description: d.description,
    status: d.status,
    fileSizeBytes: Number(d.fileSizeBytes),
    fileHashSha256: d.fileHashSha256,
    contentType: d.contentType,
    numRows: d.numRows === null ? null : Number(d.numRows),
    numColumns: d.numColumns,
    columnNames: d.columnNames,
    validationErrors: d.validationErrors,
    hasProcessedCopy: d.s3KeyProcessed !== null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString()
  };
}
