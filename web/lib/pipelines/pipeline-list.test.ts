import { describe, expect, it } from 'vitest';
import type { PipelineDto } from '../../../contracts/pipeline';
import { removePipeline, upsertPipeline } from './pipeline-list';

function pipeline(overrides: Partial<PipelineDto> = {}): PipelineDto {
  return {
    id: 'p1',
    workspaceId: 'w1',
    datasetId: 'd1',
    name: 'Churn',
    description: null,
    status: 'draft',
    version: 1,
    validatedAt: null,
    createdBy: 'u1',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    config: { nodes: [], edges: [] },
    ...overrides
  };
}

describe('pipeline list', () => {
  it('puts the most recently updated pipeline first', () => {
    const older = pipeline({ id: 'a' });
    const newer = pipeline({ id: 'b', updatedAt: '2026-01-02T00:00:00.000Z' });
    expect(upsertPipeline([older], newer).map((p) => p.id)).toEqual(['b', 'a']);
  });

  it('replaces a pipeline unless what it holds is newer', () => {
    const current = pipeline({ name: 'New name', updatedAt: '2026-01-03T00:00:00.000Z' });
    expect(upsertPipeline([current], pipeline({ name: 'Old name' }))[0]?.name).toBe('New name');
    expect(
      upsertPipeline([current], pipeline({ name: 'Newest', updatedAt: '2026-01-04T00:00:00.000Z' }))[0]?.name
    ).toBe('Newest');
  });

  it('removes by id', () => {
    expect(removePipeline([pipeline()], 'p1')).toEqual([]);
  });
});
