import crypto from 'node:crypto';
import type { Dataset } from '../../../models';
import type { DatasetRepository } from '../../../data/dataset.repository';
import type { MemoryAccess } from '../../../core/access/testing/memory-access';

/**
 * Dataset rows in memory, the DatasetRepository methods the services call; each dataset is placed
 * in the MemoryAccess given, so access checks find it in its workspace.
 */
export class MemoryDatasets implements Pick<DatasetRepository, 'findLive' | 'memberWorkspaceIds'> {
  readonly rows = new Map<string, Dataset>();

  constructor(private readonly access: MemoryAccess) {}

  /** A validated dataset with the given columns unless `fields` says otherwise. */
  add(workspaceId: string, fields: Partial<Dataset> = {}): Dataset {
    const id = fields.id ?? crypto.randomUUID();
    const row = {
      id,
      userId: crypto.randomUUID(),
      workspaceId,
      name: 'customers.csv',
      description: null,
      s3Bucket: 'datasets',
      s3KeyRaw: `raw/${id}.csv`,
      s3KeyProcessed: `processed/${id}.parquet`,
      fileSizeBytes: 1000,
      fileHashSha256: null,
      contentType: 'text/csv',
      numRows: 10,
      numColumns: fields.columnNames?.length ?? 0,
      columnNames: [],
      status: 'validated',
      validationErrors: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      deletedAt: null,
      ...fields
    } as Dataset;
    this.rows.set(id, row);
    this.access.place('dataset', id, workspaceId);
    return row;
  }

  async findLive(id: string): Promise<Dataset | null> {
    const row = this.rows.get(id);
    return row && !row.deletedAt ? row : null;
  }

  async memberWorkspaceIds(userId: string): Promise<string[]> {
    return this.access.workspacesOf(userId);
  }
}
