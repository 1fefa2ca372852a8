import crypto from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Dataset } from '../../../models';
import { DuplicateHashError, type DatasetRepository } from '../../../data/dataset.repository';
import type { MemoryAccess } from '../../../core/access/testing/memory-access';

type NewDataset = Parameters<DatasetRepository['create']>[0];

/**
 * Dataset rows in memory, the DatasetRepository methods the services call, with its rules: one
 * request at a time may verify an upload (a stale claim may be taken over), and a user's live
 * datasets never share a content hash. Each dataset is placed in the MemoryAccess given.
 */
export class MemoryDatasets implements Pick<
  DatasetRepository,
  | 'create'
  | 'findLive'
  | 'findLiveByHash'
  | 'listInWorkspaces'
  | 'personalWorkspaceId'
  | 'memberWorkspaceIds'
  | 'claimVerification'
  | 'touchVerification'
  | 'releaseVerification'
  | 'markUploaded'
  | 'discard'
  | 'usedByLivePipelines'
  | 'softDelete'
> {
  readonly rows = new Map<string, Dataset>();
  /** User id → their personal workspace. */
  readonly personal = new Map<string, string>();
  /** Dataset id → live pipelines using it. */
  readonly pipelineUses = new Map<string, number>();

  constructor(private readonly access: MemoryAccess) {}

  /** A validated dataset unless `fields` says otherwise. */
  add(workspaceId: string, fields: Partial<Dataset> = {}): Dataset {
    const id = fields.id ?? crypto.randomUUID();
    return this.put({
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
      ...fields
    });
  }

  private put(fields: Partial<Dataset>): Dataset {
    const now = new Date();
    const row = { createdAt: now, updatedAt: now, deletedAt: null, ...fields } as Dataset;
    (row as unknown as { get: (k: string) => unknown }).get = (k) =>
      k === 'cursorAt' ? row.createdAt.toISOString() : undefined;
    this.rows.set(row.id, row);
    this.access.place('dataset', row.id, row.workspaceId);
    return row;
  }

  async create(row: NewDataset): Promise<Dataset> {
    return this.put({
      ...row,
      status: 'uploading',
      s3KeyProcessed: null,
      fileHashSha256: null,
      numRows: null,
      numColumns: null,
      columnNames: null,
      validationErrors: null
    });
  }

  async findLive(id: string): Promise<Dataset | null> {
    const row = this.rows.get(id);
    return row && !row.deletedAt ? row : null;
  }

  async findLiveByHash(userId: string, hash: string): Promise<Dataset | null> {
    return this.live().find((r) => r.userId === userId && r.fileHashSha256 === hash) ?? null;
  }

  async listInWorkspaces(workspaceIds: string[], page: { limit: number }): Promise<Dataset[]> {
    return this.live()
      .filter((r) => workspaceIds.includes(r.workspaceId))
      .reverse()
      .slice(0, page.limit);
  }

  async personalWorkspaceId(userId: string): Promise<string | null> {
    return this.personal.get(userId) ?? null;
  }

  async memberWorkspaceIds(userId: string): Promise<string[]> {
    return this.access.workspacesOf(userId);
  }

  async claimVerification(id: string, staleSeconds: number): Promise<boolean> {
    const row = await this.findLive(id);
    const stale = row?.status === 'verifying' && Date.now() - row.updatedAt.getTime() > staleSeconds * 1000;
    if (!row || (row.status !== 'uploading' && !stale)) return false;
    Object.assign(row, { status: 'verifying', updatedAt: new Date() });
    return true;
  }

  async touchVerification(id: string): Promise<void> {
    const row = this.rows.get(id);
    if (row?.status === 'verifying') row.updatedAt = new Date();
  }

  async releaseVerification(id: string): Promise<void> {
    const row = this.rows.get(id);
    if (row?.status === 'verifying') row.status = 'uploading';
  }

  async markUploaded(id: string, hash: string, _t?: Transaction): Promise<boolean> {
    const row = await this.findLive(id);
    if (row?.status !== 'verifying') return false;
    if (this.live().some((r) => r.id !== id && r.userId === row.userId && r.fileHashSha256 === hash)) {
      throw new DuplicateHashError();
    }
    Object.assign(row, { status: 'uploaded', fileHashSha256: hash });
    return true;
  }

  async discard(id: string): Promise<void> {
    this.rows.delete(id);
    this.access.remove(id);
  }

  async usedByLivePipelines(id: string): Promise<number> {
    return this.pipelineUses.get(id) ?? 0;
  }

  async softDelete(id: string): Promise<void> {
    const row = this.rows.get(id);
    if (row) row.deletedAt = new Date();
    this.access.remove(id);
  }

  private live(): Dataset[] {
    return [...this.rows.values()].filter((r) => !r.deletedAt);
  }
}
