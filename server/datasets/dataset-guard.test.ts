import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WorkspaceRole } from '../../contracts/statuses';
import type { Dataset } from '../../models';
import type { AccessRepository } from '../../data/access.repository';
import { AccessService } from '../../core/access/access.service';
import { Conflict, Forbidden, NotFound } from '../../contracts/errors';
import { DatasetGuard } from './dataset-guard';
import type { DatasetRepository } from '../../data/dataset.repository';

const workspaceId = crypto.randomUUID();

/** One dataset in one workspace, where `roles` says who is a member with which role. */
function guardOver(dataset: Partial<Dataset> & { id: string }, roles: Record<string, WorkspaceRole>) {
  const access = {
    lookup: async (_kind: string, id: string, userId: string) =>
      id === dataset.id ? { workspaceId, role: roles[userId] ?? null } : null
  } as unknown as AccessRepository;
  const datasets = {
    findLive: async (id: string) => (id === dataset.id ? (dataset as Dataset) : null)
  } as unknown as DatasetRepository;
  return new DatasetGuard(new AccessService(access), datasets);
}

describe('the dataset guard', () => {
  const id = crypto.randomUUID();
  const ready = { id, status: 'validated', s3KeyProcessed: 'processed/v1.parquet' } as const;

  it('hides a dataset from someone outside its workspace, and a malformed id alike (404)', async () => {
    const guard = guardOver(ready, { ann: 'viewer' });
    await expect(guard.visible('bob', id, 'viewer')).rejects.toBeInstanceOf(NotFound);
    await expect(guard.visible('ann', 'not-a-uuid', 'viewer')).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses a viewer what needs an editor (403) and lets the editor through', async () => {
    const guard = guardOver(ready, { ann: 'viewer', eve: 'editor' });
    await expect(guard.visible('ann', id, 'editor')).rejects.toBeInstanceOf(Forbidden);
    await expect(guard.visible('eve', id, 'editor')).resolves.toMatchObject({ id });
  });

  it('answers dataset_not_ready with the status while the dataset is not validated', async () => {
    const guard = guardOver({ id, status: 'validating', s3KeyProcessed: null }, { ann: 'editor' });
    const refused = await guard.validated('ann', id, 'viewer', 'An EDA report can be made').catch((e) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect(refused).toMatchObject({
      code: 'dataset_not_ready',
      message: 'An EDA report can be made once the dataset is validated.',
      details: { status: 'validating' }
    });
    await expect(
      guardOver(ready, { ann: 'viewer' }).validated('ann', id, 'viewer', 'x')
    ).resolves.toMatchObject({
      id
    });
  });

  it('refuses a validated dataset without its Parquet copy only where the copy is needed', async () => {
    const guard = guardOver({ id, status: 'validated', s3KeyProcessed: null }, { ann: 'viewer' });
    await expect(guard.validated('ann', id, 'viewer', 'x')).resolves.toMatchObject({ id });
    await expect(guard.validated('ann', id, 'viewer', 'x', { needsParquet: true })).rejects.toBeInstanceOf(
      Conflict
    );
  });
});
