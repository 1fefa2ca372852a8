import { describe, expect, it } from 'vitest';
import { Forbidden, NotFound } from '../../contracts/errors';
import { rooms } from '../../contracts/realtime';
import { cyclicConfig, pipelineStudio, validConfig } from './testing/pipeline-studio';

const person = (id: string, fullName = 'A teammate') => ({ id, fullName });

describe('who may use saved versions', () => {
  it('hides every version method from outsiders (404) and lets viewers read but not save or restore (403)', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    const v = s.versionService;
    for (const call of [
      () => v.save(s.outsider, id, 'mine'),
      () => v.list(s.outsider, id, { limit: 10 }),
      () => v.get(s.outsider, id, 1),
      () => v.diff(s.outsider, id, 1, 'live'),
      () => v.restore(person(s.outsider), id, 1)
    ]) {
      await expect(call()).rejects.toBeInstanceOf(NotFound);
    }
    await expect(v.list(s.viewer, id, { limit: 10 })).resolves.toMatchObject({ items: [{ version: 1 }] });
    await expect(v.get(s.viewer, id, 1)).resolves.toMatchObject({ version: 1, config: validConfig() });
    await expect(v.diff(s.viewer, id, 1, 'live')).resolves.toMatchObject({ from: 1, to: 'live' });
    await expect(v.save(s.viewer, id, 'mine')).rejects.toBeInstanceOf(Forbidden);
    await expect(v.restore(person(s.viewer), id, 1)).rejects.toBeInstanceOf(Forbidden);
    expect(s.pipelines.rows.get(id)?.versions).toHaveLength(1);
    expect(s.publisher.emitted).toEqual([]);
  });
});

describe('saving a version', () => {
  it('snapshots the live graph as the next number, validated, and tells the pipeline room', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    const saved = await s.versionService.save(s.editor, id, '  first cut ');
    expect(saved).toMatchObject({
      version: 2,
      message: 'first cut',
      status: 'validated',
      config: validConfig(),
      createdBy: s.editor
    });
    expect(s.pipelines.rows.get(id)?.version).toBe(2);
    // The status did not change, so only the version is announced.
    expect(s.publisher.emitted).toEqual([
      { rooms: [rooms.pipeline(id)], event: 'pipeline:versions', payload: { pipelineId: id, version: 2 } }
    ]);
    await expect(s.versionService.save(s.editor, id)).resolves.toMatchObject({ version: 3, message: null });
  });

  it('moves the pipeline status with the validation of what it saved, and announces that', async () => {
    const s = pipelineStudio();
    const { id } = await s.made(cyclicConfig());
    s.live.docs.get(id)!.config = validConfig();
    await s.versionService.save(s.editor, id);
    expect(s.pipelines.rows.get(id)?.status).toBe('validated');
    expect(s.publisher.of('pipeline:status')).toEqual([
      {
        rooms: [rooms.pipeline(id), rooms.workspace(s.workspaceId)],
        event: 'pipeline:status',
        payload: expect.objectContaining({ pipelineId: id, status: 'validated' })
      }
    ]);
  });

  it('saves an invalid graph as a draft version with the issues naming its nodes', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    s.live.docs.get(id)!.config = cyclicConfig();
    const saved = await s.versionService.save(s.editor, id);
    expect(saved.status).toBe('draft');
    expect(saved.validation?.errors).toContainEqual(
      expect.objectContaining({ code: 'cycle', nodeIds: expect.arrayContaining(['forest', 'split']) })
    );
    expect(s.pipelines.rows.get(id)?.status).toBe('draft');
  });
});

describe('reading and restoring versions', () => {
  it('lists newest first and answers an unknown version with version_not_found', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    await s.versionService.save(s.editor, id);
    const page = await s.versionService.list(s.editor, id, { limit: 10 });
    expect(page.items.map((v) => v.version)).toEqual([2, 1]);
    expect(page.items[0]).not.toHaveProperty('config');
    await expect(s.versionService.get(s.editor, id, 9)).rejects.toMatchObject({ code: 'version_not_found' });
    await expect(s.versionService.restore(person(s.editor), id, 9)).rejects.toMatchObject({
      code: 'version_not_found'
    });
  });

  it('compares a version with the live graph', async () => {
    const s = pipelineStudio();
    const { id } = await s.made();
    s.live.docs.get(id)!.config = cyclicConfig();
    const diff = await s.versionService.diff(s.editor, id, 1, 'live');
    expect(diff.edges).toEqual({ added: [expect.objectContaining({ id: 'back' })], removed: [] });
    expect(diff.nodes).toEqual({ added: [], removed: [], changed: [] });
    const same = await s.versionService.diff(s.editor, id, 1, 1);
    expect(same.edges).toEqual({ added: [], removed: [] });
  });

  it('restores a version into the live document as a new edit, saving no version', async () => {
    const s = pipelineStudio();
    const { id } = await s.made(cyclicConfig());
    s.live.docs.get(id)!.config = validConfig();
    await s.versionService.save(s.editor, id);
    s.publisher.emitted.length = 0;
    const restored = await s.versionService.restore(person(s.editor, 'Ada Lovelace'), id, 1);
    expect(restored.config).toEqual(cyclicConfig());
    expect(s.live.docs.get(id)?.config).toEqual(cyclicConfig());
    expect(s.pipelines.rows.get(id)).toMatchObject({ config: cyclicConfig(), status: 'draft', version: 2 });
    expect(s.pipelines.rows.get(id)?.versions).toHaveLength(2);
    expect(s.publisher.emitted).toContainEqual({
      rooms: [rooms.pipeline(id)],
      event: 'pipeline:restored',
      payload: { pipelineId: id, version: 1, by: { id: s.editor, name: 'Ada Lovelace' } }
    });
  });
});
