import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../../contracts/errors';
import { rooms } from '../../contracts/realtime';
import { cyclicConfig, pipelineStudio, validConfig } from './testing/pipeline-studio';

describe('who may use a pipeline', () => {
  it('hides every pipeline method from outsiders (404) and changes nothing', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    const calls = [
      () => s.service.get(s.outsider, id),
      () => s.service.update(s.outsider, id, { name: 'Mine' }),
      () => s.service.replaceConfig(s.outsider, id, { nodes: [], edges: [] }),
      () => s.service.remove(s.outsider, id),
      () => s.service.export(s.outsider, id),
      () => s.service.validate(s.outsider, id),
      () => s.service.validation(s.outsider, id),
      () => s.service.list(s.outsider, { workspaceId: s.workspaceId }, { limit: 10 }),
      () => s.service.list(s.outsider, { datasetId: s.dataset.id }, { limit: 10 }),
      () => s.service.create(s.outsider, { name: 'Mine', datasetId: s.dataset.id })
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(NotFound);
    expect(s.live.docs.get(id)).toMatchObject({ config: validConfig(), meta: { name: 'Churn' } });
    expect(s.pipelines.rows.size).toBe(1);
    expect(s.publisher.emitted).toEqual([]);
  });

  it('lets a viewer read, export and check a pipeline but not change, validate or delete it (403)', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    await expect(s.service.get(s.viewer, id)).resolves.toMatchObject({ id, config: validConfig() });
    await expect(s.service.export(s.viewer, id)).resolves.toMatchObject({ fileName: expect.any(String) });
    await expect(s.service.validation(s.viewer, id)).resolves.toMatchObject({ valid: true });
    const writes = [
      () => s.service.update(s.viewer, id, { name: 'Mine' }),
      () => s.service.replaceConfig(s.viewer, id, { nodes: [], edges: [] }),
      () => s.service.remove(s.viewer, id),
      () => s.service.validate(s.viewer, id),
      () => s.service.create(s.viewer, { name: 'Mine', datasetId: s.dataset.id })
    ];
    for (const write of writes) await expect(write()).rejects.toBeInstanceOf(Forbidden);
    expect(s.live.docs.get(id)?.config).toEqual(validConfig());
    expect(s.pipelines.rows.get(id)).toMatchObject({ name: 'Churn', deletedAt: null });
    expect(s.publisher.emitted).toEqual([]);
  });

  it('lists only pipelines of workspaces the caller belongs to', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    const mine = await s.service.list(s.viewer, {}, { limit: 10 });
    expect(mine.items.map((p) => p.id)).toEqual([id]);
    await expect(s.service.list(s.outsider, {}, { limit: 10 })).resolves.toMatchObject({ items: [] });
  });
});

describe('creating a pipeline', () => {
  it('validates the graph against the dataset, starts its document and tells the workspace', async () => {
    const s = pipelineStudio();
    const created = await s.service.create(s.editor, {
      name: 'Churn',
      description: '  ',
      datasetId: s.dataset.id,
      config: validConfig()
    });
    expect(created).toMatchObject({ status: 'validated', version: 1, workspaceId: s.workspaceId });
    expect(s.live.docs.get(created.id)).toEqual({
      config: validConfig(),
      meta: { name: 'Churn', description: null }
    });
    expect(s.publisher.emitted).toEqual([
      {
        rooms: [rooms.workspace(s.workspaceId)],
        event: 'notification',
        payload: expect.objectContaining({ type: 'pipeline_created', pipelineId: created.id })
      }
    ]);
  });

  it('keeps a graph that does not validate as a draft', async () => {
    const s = pipelineStudio();
    await expect(
      s.service.create(s.editor, { name: 'Loop', datasetId: s.dataset.id, config: cyclicConfig() })
    ).resolves.toMatchObject({ status: 'draft' });
  });

  it('judges the graph by what the dataset is: one not yet validated leaves it a draft', async () => {
    const s = pipelineStudio();
    const pending = s.datasets.add(s.workspaceId, { status: 'validating', columnNames: null });
    const created = await s.service.create(s.editor, {
      name: 'Early',
      datasetId: pending.id,
      config: validConfig()
    });
    expect(created.status).toBe('draft');
    const { errors } = await s.service.validation(s.editor, created.id);
    expect(errors).toContainEqual(expect.objectContaining({ code: 'dataset_not_ready' }));
  });

  it('refuses a dataset of another workspace, even one the caller edits in', async () => {
    const s = pipelineStudio();
    s.access.join(s.elsewhere, s.editor, 'editor');
    const refused = await s.service
      .create(s.editor, { name: 'Mixed', datasetId: s.dataset.id, workspaceId: s.elsewhere })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(InvalidInput);
    expect(refused).toMatchObject({ code: 'dataset_not_in_workspace' });
    expect(s.pipelines.rows.size).toBe(0);
  });

  it('leaves no row behind when the document cannot be stored, and announces nothing', async () => {
    const s = pipelineStudio();
    s.live.failInitialize = true;
    await expect(s.service.create(s.editor, { name: 'Lost', datasetId: s.dataset.id })).rejects.toThrow(
      'document store unreachable'
    );
    expect(s.pipelines.rows.size).toBe(0);
    expect(s.publisher.emitted).toEqual([]);
  });
});

describe('validating and editing the graph', () => {
  it('names the nodes of an invalid graph, drops the pipeline to draft and announces it', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    s.live.docs.get(id)!.config = cyclicConfig(); // someone connected drew an edge back
    const validation = await s.service.validate(s.editor, id);
    expect(validation.valid).toBe(false);
    expect(validation.errors).toContainEqual(
      expect.objectContaining({ code: 'cycle', nodeIds: expect.arrayContaining(['forest', 'split']) })
    );
    expect(s.pipelines.rows.get(id)?.status).toBe('draft');
    const status = s.publisher.of('pipeline:status');
    expect(status.length).toBeGreaterThan(0);
    for (const e of status) {
      expect(e).toEqual({
        rooms: [rooms.pipeline(id), rooms.workspace(s.workspaceId)],
        event: 'pipeline:status',
        payload: { pipelineId: id, status: 'draft', validatedAt: null }
      });
    }
  });

  it('validates a fixed graph and announces the validated status', async () => {
    const s = pipelineStudio();
    const { id } = await s.made(cyclicConfig());
    s.live.docs.get(id)!.config = validConfig();
    await expect(s.service.validate(s.editor, id)).resolves.toMatchObject({ valid: true });
    expect(s.pipelines.rows.get(id)?.status).toBe('validated');
    expect(s.publisher.of('pipeline:status').map((e) => e.payload)).toEqual([
      expect.objectContaining({ pipelineId: id, status: 'validated' })
    ]);
  });

  it('replaces the live graph, the row follows, and a validated pipeline becomes a draft again', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    const smaller = { nodes: validConfig().nodes.slice(0, 1), edges: [] };
    await expect(s.service.replaceConfig(s.editor, id, smaller)).resolves.toMatchObject({
      status: 'draft',
      config: smaller
    });
    expect(s.live.docs.get(id)?.config).toEqual(smaller);
    expect(s.pipelines.rows.get(id)?.config).toEqual(smaller);
    expect(s.publisher.of('pipeline:status').map((e) => e.payload)).toEqual([
      expect.objectContaining({ status: 'draft' })
    ]);
  });

  it('renames through the document, and the row and answer follow', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    await expect(
      s.service.update(s.editor, id, { name: 'Churn v2', description: ' why ' })
    ).resolves.toMatchObject({ name: 'Churn v2', description: 'why', status: 'validated' });
    expect(s.live.docs.get(id)?.meta).toEqual({ name: 'Churn v2', description: 'why' });
  });
});

describe('deleting a pipeline', () => {
  it('is refused while training is queued or running', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    s.pipelines.activeJobs.set(id, 2);
    const refused = await s.service.remove(s.editor, id).catch((e) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect(refused).toMatchObject({ code: 'pipeline_training', details: { activeJobs: 2 } });
    expect(s.live.forgotten).toEqual([]);
  });

  it('closes its document, tells the workspace, and the pipeline is gone for everyone', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    await s.service.remove(s.editor, id);
    expect(s.live.forgotten).toEqual([id]);
    expect(s.publisher.emitted).toEqual([
      {
        rooms: [rooms.workspace(s.workspaceId)],
        event: 'notification',
        payload: expect.objectContaining({ type: 'pipeline_deleted', pipelineId: id })
      }
    ]);
    await expect(s.service.get(s.editor, id)).rejects.toBeInstanceOf(NotFound);
    await expect(s.service.get(s.editor, crypto.randomUUID())).rejects.toBeInstanceOf(NotFound);
  });
});
