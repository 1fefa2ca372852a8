import type { Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NodeTypeSpec } from '../../contracts/node-types';
import type { PipelineDto, PipelineValidationDto, PipelineVersionDto } from '../../contracts/pipeline';
import { TrainingJob } from '../../models';
import {
  irisDataset,
  irisPipeline,
  personalWorkspaceId,
  sharedWorkspace
} from '../../server/pipelines/testing/fixtures';
import { eventually, openDocument } from '../support/collab';
import { ApiClient, signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';
import { NotificationSchema } from '../../contracts/notifications';
import { rooms } from '../../contracts/realtime';

type One = { pipeline: PipelineDto };

let srv: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  srv = await startTestServer();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(() => srv.close());

async function owner(name = 'Ada Owner') {
  const who = await signedInClient(srv.url, name);
  const workspaceId = await personalWorkspaceId(who.client);
  return { ...who, workspaceId };
}

async function create(client: ApiClient, datasetId: string, extra: Record<string, unknown> = {}) {
  const res = await client.post<One>('/api/pipelines', { name: 'Iris forest', datasetId, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body.pipeline;
}

describe('node registry', () => {
  it('lists every node type with ports and JSON Schema params', async () => {
    const { client } = await owner();
    const res = await client.get<NodeTypeSpec[]>('/api/node-types');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThanOrEqual(12);
    const forest = res.body.find((t) => t.type === 'random_forest')!;
    expect(forest).toMatchObject({
      category: 'model',
      label: 'Random forest',
      inputs: [{ name: 'data', type: 'split', required: true }],
      outputs: [{ name: 'model', type: 'model' }],
      params: { type: 'object', properties: { n_estimators: { type: 'integer', default: 100, minimum: 1 } } }
    });
    const select = res.body.find((t) => t.type === 'select_columns')!;
    expect(select.params.properties.columns).toMatchObject({ type: 'array', 'x-columns': true });
    expect((await new ApiClient(srv.url).get('/api/node-types')).status).toBe(401);
  });
});

describe('pipeline CRUD', () => {
  it('creates a pipeline in the dataset’s workspace with version 1, and reads it back live', async () => {
    const { client, user, workspaceId } = await owner();
    const dataset = await irisDataset(user.id, workspaceId);
    const config = irisPipeline();
    const pipeline = await create(client, dataset.id, { description: 'First try', config });
    expect(pipeline).toMatchObject({
      workspaceId,
      datasetId: dataset.id,
      name: 'Iris forest',
      description: 'First try',
      status: 'validated',
      version: 1,
      createdBy: user.id
    });
    expect(pipeline.validatedAt).not.toBeNull();
    expect(pipeline.config.nodes.map((n) => n.id)).toEqual(['data', 'eval', 'forest', 'scale', 'split']);

    const got = await client.get<One>(`/api/pipelines/${pipeline.id}`);
    expect(got.body.pipeline).toEqual(pipeline);

    const versions = await client.get<{ versions: PipelineVersionDto[] }>(
      `/api/pipelines/${pipeline.id}/versions`
    );
    expect(versions.body.versions).toEqual([
      expect.objectContaining({
        version: 1,
        message: 'Created',
        status: 'validated',
        createdByName: 'Ada Owner'
      })
    ]);
  });

  it('starts empty and as a draft when no config is given', async () => {
    const { client, user, workspaceId } = await owner();
    const dataset = await irisDataset(user.id, workspaceId);
    const pipeline = await create(client, dataset.id);
    expect(pipeline).toMatchObject({ status: 'draft', validatedAt: null, config: { nodes: [], edges: [] } });
  });

  it('lists pipelines by workspace, by dataset, and across the caller’s workspaces', async () => {
    const { client, user, workspaceId } = await owner();
    const d1 = await irisDataset(user.id, workspaceId);
    const d2 = await irisDataset(user.id, workspaceId);
    const p1 = await create(client, d1.id);
    const p2 = await create(client, d2.id);
    const ids = async (query: string) =>
      (await client.get<{ pipelines: PipelineDto[] }>(`/api/pipelines${query}`)).body.pipelines.map(
        (p) => p.id
      );
    expect(await ids('')).toEqual([p2.id, p1.id]);
    expect(await ids(`?workspaceId=${workspaceId}`)).toEqual([p2.id, p1.id]);
    expect(await ids(`?datasetId=${d1.id}`)).toEqual([p1.id]);

    const other = await owner('Other');
    expect(
      await (async () => (await other.client.get(`/api/pipelines?workspaceId=${workspaceId}`)).status)()
    ).toBe(404);
    expect((await other.client.get<{ pipelines: PipelineDto[] }>('/api/pipelines')).body.pipelines).toEqual(
      []
    );
  });

  it('refuses a malformed config with the offending paths', async () => {
    const { client, user, workspaceId } = await owner();
    const dataset = await irisDataset(user.id, workspaceId);
    const res = await client.post('/api/pipelines', {
      name: 'Bad',
      datasetId: dataset.id,
      config: {
        nodes: [
          { id: 'a', type: 'dataset', params: {} },
          { id: 'a b', type: 'scale', position: { x: 0, y: 0 } }
        ],
        edges: 'none'
      }
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_input' } });
    const paths = (
      res.body as { error: { details: { issues: Array<{ path: string }> } } }
    ).error.details.issues.map((i) => i.path);
    expect(paths).toEqual(['config.nodes.0.position', 'config.nodes.1.id', 'config.edges']);
    expect((await client.post('/api/pipelines', { datasetId: dataset.id })).status).toBe(400);
  });

  it('renames and replaces the config; an edit drops a validated pipeline back to draft', async () => {
    const { client, user, workspaceId } = await owner();
    const dataset = await irisDataset(user.id, workspaceId);
    const pipeline = await create(client, dataset.id, { config: irisPipeline() });
    expect(pipeline.status).toBe('validated');

    const renamed = await client.patch<One>(`/api/pipelines/${pipeline.id}`, {
      name: 'Renamed',
      description: null
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.pipeline).toMatchObject({ name: 'Renamed', description: null, status: 'validated' });
    expect((await client.patch(`/api/pipelines/${pipeline.id}`, {})).status).toBe(400);

    const config = irisPipeline();
    config.nodes.find((n) => n.id === 'forest')!.params.n_estimators = 300;
    const put = await client.request<One>('PUT', `/api/pipelines/${pipeline.id}/config`, { config });
    expect(put.status).toBe(200);
    expect(put.body.pipeline).toMatchObject({ status: 'draft', validatedAt: null });
    expect(put.body.pipeline.config.nodes.find((n) => n.id === 'forest')!.params).toEqual({
      n_estimators: 300
    });
    const again = await client.get<One>(`/api/pipelines/${pipeline.id}`);
    expect(again.body.pipeline.config).toEqual(put.body.pipeline.config);
    expect(again.body.pipeline.name).toBe('Renamed');
  });

  it('answers 404 for unknown ids and other teams’ pipelines, 403 for a viewer’s writes', async () => {
    const alice = await owner('Alice');
    const viewer = await signedInClient(srv.url, 'Vera Viewer');
    const mallory = await signedInClient(srv.url, 'Mallory');
    const team = await sharedWorkspace(alice.client, viewer.email, 'viewer');
    const dataset = await irisDataset(alice.user.id, team);
    const pipeline = await create(alice.client, dataset.id, { config: irisPipeline() });
    const path = `/api/pipelines/${pipeline.id}`;

    expect((await alice.client.get('/api/pipelines/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await alice.client.get('/api/pipelines/not-an-id')).status).toBe(404);
    for (const res of [
      await mallory.client.get(path),
      await mallory.client.patch(path, { name: 'x' }),
      await mallory.client.delete(path),
      await mallory.client.get(`${path}/versions`),
      await mallory.client.get(`${path}/export`)
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }

    expect((await viewer.client.get(path)).status).toBe(200);
    expect((await viewer.client.get(`${path}/validation`)).body).toMatchObject({ valid: true });
    for (const res of [
      await viewer.client.patch(path, { name: 'x' }),
      await viewer.client.request('PUT', `${path}/config`, { config: irisPipeline() }),
      await viewer.client.post(`${path}/validate`),
      await viewer.client.post(`${path}/versions`, {}),
      await viewer.client.post(`${path}/restore`, { version: 1 }),
      await viewer.client.delete(path),
      await viewer.client.post('/api/pipelines', { name: 'Mine', datasetId: dataset.id })
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'insufficient_role' } });
    }
    expect(
      (await mallory.client.post('/api/pipelines', { name: 'Mine', datasetId: dataset.id })).status
    ).toBe(404);
  });

  it('keeps a pipeline in its dataset’s workspace', async () => {
    const alice = await owner('Alice');
    const bob = await signedInClient(srv.url, 'Bob');
    const team = await sharedWorkspace(alice.client, bob.email, 'editor');
    const dataset = await irisDataset(alice.user.id, alice.workspaceId);
    const res = await alice.client.post('/api/pipelines', {
      name: 'Cross',
      datasetId: dataset.id,
      workspaceId: team
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'dataset_not_in_workspace' } });

    const teamDataset = await irisDataset(alice.user.id, team);
    const bobs = await create(bob.client, teamDataset.id, { workspaceId: team });
    expect(bobs).toMatchObject({ workspaceId: team, createdBy: bob.user.id });
  });

  it('refuses to delete while training is queued, then deletes softly', async () => {
    const { client, user, workspaceId } = await owner();
    const dataset = await irisDataset(user.id, workspaceId);
    const pipeline = await create(client, dataset.id, { config: irisPipeline() });
    const job = await TrainingJob.create({
      pipelineId: pipeline.id,
      datasetId: dataset.id,
      userId: user.id,
      workspaceId,
      pipelineSnapshot: irisPipeline(),
      currentStep: null,
      startedAt: null,
      completedAt: null,
      heartbeatAt: null,
      trainingDurationSeconds: null,
      queueJobId: null,
      errorMessage: null,
      errorTraceback: null
    });
    const refused = await client.delete(`/api/pipelines/${pipeline.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'pipeline_training', details: { activeJobs: 1 } } });

    await job.update({ status: 'completed' });
    expect((await client.delete(`/api/pipelines/${pipeline.id}`)).status).toBe(204);
    expect((await client.get(`/api/pipelines/${pipeline.id}`)).status).toBe(404);
    expect((await client.get<{ pipelines: PipelineDto[] }>('/api/pipelines')).body.pipelines).toEqual([]);
  });
});

describe('workspace announcements', () => {
  it('tells the workspace room when a pipeline is created and when it is deleted', async () => {
    const { client, user, workspaceId } = await owner();
    const dataset = await irisDataset(user.id, workspaceId);
    const socket = await connectSocket(srv.url, client.cookie);
    sockets.push(socket);
    await socket.emitWithAck('subscribe', { room: rooms.workspace(workspaceId) });
    const seen: Array<{ type: string; link?: string }> = [];
    socket.on('notification', (n) => seen.push(n));

    const pipeline = await create(client, dataset.id);
    expect((await client.delete(`/api/pipelines/${pipeline.id}`)).status).toBe(204);
    await expect.poll(() => seen.map((n) => n.type)).toEqual(['pipeline_created', 'pipeline_deleted']);
    expect(seen[0]!.link).toBe(`/w/${workspaceId}/pipelines/${pipeline.id}`);
    for (const n of seen) expect(NotificationSchema.parse(n)).toMatchObject({ pipelineId: pipeline.id });
  });
});

describe('pipeline validation', () => {
  it('reports errors by node and records the status, announcing it to the room', async () => {
    const { client, user, workspaceId } = await owner();
    const dataset = await irisDataset(user.id, workspaceId);
    const config = irisPipeline();
    config.nodes.find((n) => n.id === 'scale')!.params.columns = ['petal_length'];
    config.nodes.find((n) => n.id === 'forest')!.params.n_estimators = 0;
    config.nodes.push({ id: 'fill', type: 'impute', params: {}, position: { x: 0, y: 100 } });
    config.edges.push(
      { id: 'to-fill', source: 'scale', target: 'fill' },
      { id: 'back', source: 'fill', target: 'scale' }
    );
    const pipeline = await create(client, dataset.id, { config });
    expect(pipeline.status).toBe('draft');

    const socket = await connectSocket(srv.url, client.cookie);
    sockets.push(socket);
    await socket.emitWithAck('subscribe', { room: rooms.pipeline(pipeline.id) });
    const statuses: unknown[] = [];
    socket.on('pipeline:status', (p) => statuses.push(p));

    const res = await client.post<PipelineValidationDto>(`/api/pipelines/${pipeline.id}/validate`);
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.errors.map((e) => [e.code, e.nodeId ?? e.edgeId])).toEqual(
      expect.arrayContaining([
        ['invalid_param', 'forest'],
        ['cycle', 'fill'],
        ['too_many_inputs', 'scale'],
        ['unknown_column', 'scale']
      ])
    );

    const put = await client.request<One>('PUT', `/api/pipelines/${pipeline.id}/config`, {
      config: irisPipeline()
    });
    expect(put.body.pipeline.status).toBe('draft');
    const ok = await client.post<PipelineValidationDto>(`/api/pipelines/${pipeline.id}/validate`);
    expect(ok.body).toEqual({ valid: true, errors: [], warnings: [] });
    const after = (await client.get<One>(`/api/pipelines/${pipeline.id}`)).body.pipeline;
    expect(after.status).toBe('validated');
    await expect.poll(() => statuses.length).toBe(2);
    expect(statuses).toEqual([
      { pipelineId: pipeline.id, status: 'draft', validatedAt: null },
      { pipelineId: pipeline.id, status: 'validated', validatedAt: after.validatedAt }
    ]);
  });

  it('drops to draft when a co-editor changes the live document, and says so', async () => {
    const { client, user, workspaceId } = await owner();
    const dataset = await irisDataset(user.id, workspaceId);
    const pipeline = await create(client, dataset.id, { config: irisPipeline() });
    const socket = await connectSocket(srv.url, client.cookie);
    sockets.push(socket);
    await socket.emitWithAck('subscribe', { room: rooms.workspace(workspaceId) });
    const announced = new Promise((resolve) => socket.once('pipeline:status', resolve));

    const editor = await openDocument(srv.url, pipeline.id, client.cookie);
    try {
      editor.doc.transact(() => {
        const params = (editor.doc.getMap('nodes').get('forest') as Y.Map<unknown>).get(
          'params'
        ) as Y.Map<unknown>;
        params.set('n_estimators', 10);
        editor.doc.getMap('meta').set('name', 'Renamed live');
      });
      expect(await announced).toEqual({ pipelineId: pipeline.id, status: 'draft', validatedAt: null });
      await eventually(async () => {
        const got = (await client.get<One>(`/api/pipelines/${pipeline.id}`)).body.pipeline;
        expect(got).toMatchObject({ status: 'draft', name: 'Renamed live' });
        expect(got.config.nodes.find((n) => n.id === 'forest')!.params).toEqual({ n_estimators: 10 });
      });
    } finally {
      editor.destroy();
    }
  });

  it('checks names only while no schema is accepted, and waits for a validated dataset', async () => {
    const { client, user, workspaceId } = await owner();
    const named = await irisDataset(user.id, workspaceId, { schema: 'none' });
    const config = irisPipeline();
    config.nodes.find((n) => n.id === 'split')!.params.target = 'species';
    const p1 = await create(client, named.id, { config });
    const v1 = await client.post<PipelineValidationDto>(`/api/pipelines/${p1.id}/validate`);
    expect(v1.body).toMatchObject({ valid: true, warnings: [{ code: 'schema_not_accepted' }] });

    const pending = await irisDataset(user.id, workspaceId, { status: 'uploaded' });
    const p2 = await create(client, pending.id, { config });
    const v2 = await client.post<PipelineValidationDto>(`/api/pipelines/${p2.id}/validate`);
    expect(v2.body.errors.map((e) => e.code)).toEqual(['dataset_not_ready']);
  });
});
