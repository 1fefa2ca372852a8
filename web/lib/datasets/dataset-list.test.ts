import { describe, expect, it } from 'vitest';
import type { DatasetDto } from '$lib/contracts';
import { mergeFetched, removeDataset, upsertDataset } from './dataset-list';

function dataset(overrides: Partial<DatasetDto> = {}): DatasetDto {
  return {
    id: 'd1',
    workspaceId: 'w1',
    userId: 'u1',
    name: 'iris.csv',
    description: null,
    status: 'uploading',
    fileSizeBytes: 100,
    fileHashSha256: null,
    contentType: 'text/csv',
    numRows: null,
    numColumns: null,
    columnNames: null,
    validationErrors: null,
    hasProcessedCopy: false,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...overrides
  };
}

describe('upsertDataset', () => {
  it('puts a new dataset in newest-first order', () => {
    const old = dataset({ id: 'old', createdAt: '2026-01-01T09:00:00.000Z' });
    const fresh = dataset({ id: 'new', createdAt: '2026-01-02T09:00:00.000Z' });
    expect(upsertDataset([old], fresh).map((d) => d.id)).toEqual(['new', 'old']);
  });

  it('replaces a dataset with a newer state', () => {
    const next = dataset({ status: 'validated', updatedAt: '2026-01-01T10:05:00.000Z' });
    expect(upsertDataset([dataset()], next)[0]?.status).toBe('validated');
  });

  it('ignores a state older than the one it holds', () => {
    const held = dataset({ status: 'validated', updatedAt: '2026-01-01T10:05:00.000Z' });
    const late = dataset({ status: 'validating', updatedAt: '2026-01-01T10:01:00.000Z' });
    expect(upsertDataset([held], late)[0]?.status).toBe('validated');
  });
});

describe('mergeFetched', () => {
  it('keeps what a live event told us when the fetch saw an older state', () => {
    const live = dataset({ status: 'validated', updatedAt: '2026-01-01T10:05:00.000Z' });
    const fetched = dataset({ status: 'validating', updatedAt: '2026-01-01T10:02:00.000Z' });
    expect(mergeFetched([live], [fetched])[0]?.status).toBe('validated');
  });

  it('lets the fetch decide which datasets exist', () => {
    const gone = dataset({ id: 'gone' });
    const kept = dataset({ id: 'kept' });
    expect(mergeFetched([gone, kept], [kept]).map((d) => d.id)).toEqual(['kept']);
  });
});

describe('removeDataset', () => {
  it('drops the dataset by id', () => {
    expect(removeDataset([dataset({ id: 'a' }), dataset({ id: 'b' })], 'a').map((d) => d.id)).toEqual(['b']);
  });
});
