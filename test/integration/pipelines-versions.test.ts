import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  PipelineDiffDto,
  PipelineDto,
  PipelineFile,
  PipelineVersionDto
} from '../../contracts/pipeline';
import { irisDataset, irisPipeline, personalWorkspaceId } from '../../server/pipelines/testing/fixtures';
import { ApiClient, signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';
import { rooms } from '../../contracts/realtime';

type One = { pipeline: PipelineDto };
type Version = { version: PipelineVersionDto };
type Issues = { error: { code: string; details: { issues: Array<{ path: string; message: string }> } } };

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

async function setup(name = 'Vic Versions') {
  const who = await signedInClient(srv.url, name);
  const workspaceId = await personalWorkspaceId(who.client);
  const dataset = await irisDataset(who.user.id, workspaceId);
  const res = await who.client.post<One>('/api/pipelines', {
    name: 'Churn model',
    description: 'Predicts species',
    datasetId: dataset.id,
    config: irisPipeline()
  });
  expect(res.status, res.text).toBe(201);
  return { ...who, workspaceId, dataset, pipeline: res.body.pipeline };
}

const put = (client: ApiClient, id: string, config: unknown) =>
  client.request<One>('PUT', `/api/pipelines/${id}/config`, { config });

describe('pipeline versions', () => {
  it('numbers concurrent saves 1..n without gaps or repeats', async () => {
    const { client, pipeline } = await setup();
    const saves = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.post<Version>(`/api/pipelines/${pipeline.id}/versions`, { message: `save ${i}` })
      )
    );
    expect(saves.map((s) => s.status)).toEqual(Array(8).fill(201));
    expect(saves.map((s) => s.body.version.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);

    const list = await client.get<{ versions: PipelineVersionDto[] }>(
      `/api/pipelines/${pipeline.id}/versions`
    );
    expect(list.body.versions.map((v) => v.version)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(list.body.versions[0]).not.toHaveProperty('config');
    expect((await client.get<One>(`/api/pipelines/${pipeline.id}`)).body.pipeline.version).toBe(9);
  });

  it('snapshots the live state with its validation, and announces it', async () => {
    const { client, pipeline } = await setup();
    const socket = await connectSocket(srv.url, client.cookie);
    try {
      await socket.emitWithAck('subscribe', { room: rooms.pipeline(pipeline.id) });
      const announced = new Promise((resolve) => socket.once('pipeline:versions', resolve));
      const broken = irisPipeline();
      broken.edges = broken.edges.filter((e) => e.id !== 'e3');
      await put(client, pipeline.id, broken);

      const saved = await client.post<Version>(`/api/pipelines/${pipeline.id}/versions`, {
        message: '  no edge  '
      });
      expect(saved.status).toBe(201);
      expect(saved.body.version).toMatchObject({
        pipelineId: pipeline.id,
        version: 2,
        name: 'Churn model',
        message: 'no edge',
        status: 'draft',
        validation: {
          valid: false,
          errors: [expect.objectContaining({ code: 'missing_input', nodeId: 'forest' })]
        },
        createdByName: 'Vic Versions'
      });
      expect(saved.body.version.config!.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e4', 'e5']);
      expect(await announced).toEqual({ pipelineId: pipeline.id, version: 2 });

      const got = await client.get<Version>(`/api/pipelines/${pipeline.id}/versions/2`);
      expect(got.body.version).toEqual(saved.body.version);
      const first = await client.get<Version>(`/api/pipelines/${pipeline.id}/versions/1`);
      expect(first.body.version).toMatchObject({ status: 'validated', message: 'Created' });
      expect(first.body.version.config).toEqual(pipeline.config);

      expect((await client.post(`/api/pipelines/${pipeline.id}/versions`)).status).toBe(201);
      const missing = await client.get(`/api/pipelines/${pipeline.id}/versions/99`);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ error: { code: 'version_not_found' } });
      expect((await client.get(`/api/pipelines/${pipeline.id}/versions/first`)).status).toBe(400);
    } finally {
      socket.disconnect();
    }
  });

  it('diffs two versions, or a version and the live document', async () => {
    const { client, pipeline } = await setup();
    const next = irisPipeline();
    next.nodes.find((n) => n.id === 'forest')!.params = { n_estimators: 400, max_depth: 8 };
    next.nodes.push({ id: 'lr', type: 'logistic_regression', params: {}, position: { x: 600, y: 200 } });
    next.edges.push({ id: 'e6', source: 'split', target: 'lr' });
    next.nodes = next.nodes.filter((n) => n.id !== 'scale');
    next.edges = next.edges.filter((e) => !['e1', 'e2'].includes(e.id));
    next.edges.push({ id: 'e7', source: 'data', target: 'split' });
    await put(client, pipeline.id, next);
    await client.post(`/api/pipelines/${pipeline.id}/versions`, {});

    const diff = await client.get<PipelineDiffDto>(`/api/pipelines/${pipeline.id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ from: 1, to: 2 });
    expect(diff.body.nodes.added.map((n) => n.id)).toEqual(['lr']);
    expect(diff.body.nodes.removed.map((n) => n.id)).toEqual(['scale']);
    expect(diff.body.nodes.changed).toEqual([
      {
        id: 'forest',
        type: 'random_forest',
        fields: ['params'],
        params: { max_depth: { to: 8 }, n_estimators: { from: 50, to: 400 } }
      }
    ]);
    expect(diff.body.edges.added.map((e) => e.id)).toEqual(['e6', 'e7']);
    expect(diff.body.edges.removed.map((e) => e.id)).toEqual(['e1', 'e2']);

    const moved = structuredClone(next);
    moved.nodes.find((n) => n.id === 'lr')!.position = { x: 10, y: 10 };
    await put(client, pipeline.id, moved);
    const live = await client.get<PipelineDiffDto>(`/api/pipelines/${pipeline.id}/diff?from=2&to=live`);
    expect(live.body.nodes.changed).toEqual([
      { id: 'lr', type: 'logistic_regression', fields: ['position'], params: {} }
    ]);
    const defaulted = await client.get<PipelineDiffDto>(`/api/pipelines/${pipeline.id}/diff?from=2`);
    expect(defaulted.body).toEqual({ ...live.body });

    expect((await client.get(`/api/pipelines/${pipeline.id}/diff?from=1&to=7`)).status).toBe(404);
    expect((await client.get(`/api/pipelines/${pipeline.id}/diff?to=1`)).status).toBe(400);
  });

  it('answers 400, not 500, to version numbers beyond what a version can be', async () => {
    const { client, pipeline } = await setup();
    const base = `/api/pipelines/${pipeline.id}`;
    for (const n of ['2147483648', '99999999999999', '1e30']) {
      const got = await client.get(`${base}/versions/${n}`);
      expect(got.status, `GET version ${n}: ${got.text}`).toBe(400);
      expect((await client.get(`${base}/diff?from=${n}&to=live`)).status).toBe(400);
      expect((await client.get(`${base}/diff?from=1&to=${n}`)).status).toBe(400);
      expect((await client.post(`${base}/restore`, { version: Number(n) })).status).toBe(400);
    }
    // The largest number a version can have is a plain miss.
    expect((await client.get(`${base}/versions/2147483647`)).status).toBe(404);
  });

  it('restores a version into the live document as a new edit', async () => {
    const { client, pipeline } = await setup();
    await put(client, pipeline.id, { nodes: [], edges: [] });
    await client.post(`/api/pipelines/${pipeline.id}/versions`, { message: 'cleared' });

    const restored = await client.post<One>(`/api/pipelines/${pipeline.id}/restore`, { version: 1 });
    expect(restored.status).toBe(200);
    expect(restored.body.pipeline.config).toEqual(pipeline.config);
    expect(restored.body.pipeline.version).toBe(2); // restoring saves nothing by itself
    expect((await client.get<One>(`/api/pipelines/${pipeline.id}`)).body.pipeline.config).toEqual(
      pipeline.config
    );
    const diff = await client.get<PipelineDiffDto>(`/api/pipelines/${pipeline.id}/diff?from=1&to=live`);
    expect(diff.body.nodes).toEqual({ added: [], removed: [], changed: [] });

    expect((await client.post(`/api/pipelines/${pipeline.id}/restore`, { version: 5 })).status).toBe(404);
    expect((await client.post(`/api/pipelines/${pipeline.id}/restore`, {})).status).toBe(400);
  });
});

describe('export and import', () => {
  it('exports a file that imports as a new pipeline with the same graph', async () => {
    const { client, user, workspaceId, pipeline } = await setup();
    const exported = await client.get<PipelineFile>(`/api/pipelines/${pipeline.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/json/);
    expect(exported.headers.get('content-disposition')).toBe(
      `attachment; filename="Churn model.pipeline.json"; filename*=UTF-8''Churn%20model.pipeline.json`
    );
    expect(exported.body).toEqual({
      format: 'pipeweave.pipeline',
      formatVersion: 1,
      name: 'Churn model',
      description: 'Predicts species',
      config: pipeline.config
    });

    const other = await irisDataset(user.id, workspaceId);
    const imported = await client.post<One>('/api/pipelines/import', {
      datasetId: other.id,
      pipeline: exported.body
    });
    expect(imported.status).toBe(201);
    // The workspace already has "Churn model": the copy is named apart from it.
    expect(imported.body.pipeline).toMatchObject({
      name: 'Churn model (imported)',
      description: 'Predicts species',
      datasetId: other.id,
      version: 1,
      status: 'validated',
      config: pipeline.config
    });
    expect(imported.body.pipeline.id).not.toBe(pipeline.id);
    const versions = await client.get<{ versions: PipelineVersionDto[] }>(
      `/api/pipelines/${imported.body.pipeline.id}/versions`
    );
    expect(versions.body.versions[0]!.message).toBe('Imported from a file');
    const again = await client.post<One>('/api/pipelines/import', {
      datasetId: other.id,
      pipeline: exported.body
    });
    expect(again.body.pipeline.name).toBe('Churn model (imported 2)');
  });

  it('refuses a broken file, naming each offending path', async () => {
    const { client, dataset, pipeline } = await setup();
    const file = (await client.get<PipelineFile>(`/api/pipelines/${pipeline.id}/export`)).body;
    const broken = structuredClone(file) as unknown as Record<string, unknown> & PipelineFile;
    broken.format = 'something.else' as never;
    (broken.config.nodes[2] as Record<string, unknown>).type = 7;
    delete (broken.config.edges[0] as Partial<(typeof broken.config.edges)[0]>).target;
    const res = await client.post<Issues>('/api/pipelines/import', {
      datasetId: dataset.id,
      pipeline: broken
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_pipeline_file');
    expect(res.body.error.details.issues.map((i) => i.path)).toEqual([
      'format',
      'config.nodes[2].type',
      'config.edges[0].target'
    ]);

    const unknownType = structuredClone(file);
    unknownType.config.nodes[3]!.type = 'xgboost';
    const res2 = await client.post<Issues>('/api/pipelines/import', {
      datasetId: dataset.id,
      pipeline: unknownType
    });
    expect(res2.status).toBe(400);
    expect(res2.body.error.details.issues).toEqual([
      { path: 'config.nodes[3].type', message: expect.stringContaining('Unknown node type "xgboost"') }
    ]);

    const noDataset = await client.post<Issues>('/api/pipelines/import', { pipeline: file });
    expect(noDataset.status).toBe(400);
    expect(noDataset.body.error.code).toBe('invalid_input');
    expect(
      (await client.post('/api/pipelines/import', { datasetId: dataset.id, pipeline: 'text' })).status
    ).toBe(400);
  });
});
