import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { PipelineConfig, PipelineDto } from '../../contracts/pipeline';
import { rooms } from '../../contracts/realtime';
import type { ExperimentRunDto, JobCommentDto, TrainingJobDto } from '../../contracts/training';
import { Dataset } from '../../models';
import {
  irisDataset,
  irisPipeline,
  personalWorkspaceId,
  sharedWorkspace
} from '../../server/pipelines/testing/fixtures';
import { signedInClient, type ApiClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';

// No workers: jobs stay queued, so what the API itself does is what is seen.
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

/** iris with `color` one-hot encoded, so the forest reads numbers only. */
function trainable(): PipelineConfig {
  const base = irisPipeline();
  return {
    nodes: [
      ...base.nodes,
      { id: 'onehot', type: 'one_hot', params: { columns: ['color'] }, position: { x: 300, y: 0 } }
    ],
    edges: [
      { id: 'e1', source: 'data', target: 'scale' },
      { id: 'e2a', source: 'scale', target: 'onehot' },
      { id: 'e2b', source: 'onehot', target: 'split' },
      ...base.edges.filter((e) => e.id !== 'e1' && e.id !== 'e2')
    ]
  };
}

async function pipelineIn(
  client: ApiClient,
  userId: string,
  workspaceId: string,
  config: PipelineConfig = trainable()
): Promise<string> {
  const dataset = await irisDataset(userId, workspaceId);
  // The key the worker would read; nothing runs here.
  await Dataset.update(
    { s3KeyProcessed: `datasets/${userId}/${dataset.id}/processed/v1.parquet` },
    { where: { id: dataset.id } }
  );
  const res = await client.post<{ pipeline: PipelineDto }>('/api/pipelines', {
    name: 'Iris',
    datasetId: dataset.id,
    workspaceId,
    config
  });
  expect(res.status).toBe(201);
  return res.body.pipeline.id;
}

const nextEvent = <T>(socket: Socket, event: string) =>
  new Promise<T>((resolve) => socket.once(event, (p: T) => resolve(p)));

describe('training API', () => {
  it('queues a job from the live document with its runs, lists it and shows it', async () => {
    const { client, user } = await signedInClient(srv.url, 'Tara Train');
    const pipelineId = await pipelineIn(client, user.id, await personalWorkspaceId(client));
    const socket = await connectSocket(srv.url, client.cookie);
    try {
      expect(await socket.emitWithAck('subscribe', { room: rooms.pipeline(pipelineId) })).toEqual({
        ok: true
      });
      const status = nextEvent<{ jobId: string; status: string }>(socket, 'job:status');
      const res = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${pipelineId}/train`, {});
      expect(res.status).toBe(202);
      const job = res.body.job;
      expect(job).toMatchObject({
        pipelineId,
        status: 'queued',
        priority: 5,
        snapshotSource: 'live',
        pipelineVersion: null,
        sweep: null,
        userName: 'Tara Train',
        progressPercentage: 0
      });
      expect(job.queuePosition).toBeGreaterThanOrEqual(0);
      expect(await status).toMatchObject({ jobId: job.id, status: 'queued' });

      const got = await client.get<{ job: TrainingJobDto }>(`/api/jobs/${job.id}`);
      expect(got.body.job.id).toBe(job.id);
      const runs = await client.get<{ runs: ExperimentRunDto[] }>(`/api/jobs/${job.id}/runs`);
      expect(runs.body.runs).toEqual([
        expect.objectContaining({ runNumber: 1, status: 'queued', hyperparameters: {}, metrics: null })
      ]);

      const fromVersion = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${pipelineId}/train`, {
        version: 1,
        priority: 9
      });
      expect(fromVersion.status).toBe(202);
      expect(fromVersion.body.job).toMatchObject({
        snapshotSource: 'version',
        pipelineVersion: 1,
        priority: 9
      });
      const missing = await client.post(`/api/pipelines/${pipelineId}/train`, { version: 99 });
      expect(missing.status).toBe(404);

      const list = await client.get<{ jobs: TrainingJobDto[]; nextCursor: string | null }>(
        `/api/jobs?pipelineId=${pipelineId}&limit=1`
      );
      expect(list.body.jobs.map((j) => j.id)).toEqual([fromVersion.body.job.id]);
      const rest = await client.get<{ jobs: TrainingJobDto[] }>(
        `/api/jobs?pipelineId=${pipelineId}&limit=5&cursor=${list.body.nextCursor}`
      );
      expect(rest.body.jobs.map((j) => j.id)).toEqual([job.id]);
      const byStatus = await client.get<{ jobs: TrainingJobDto[] }>(
        `/api/jobs?pipelineId=${pipelineId}&status=running`
      );
      expect(byStatus.body.jobs).toEqual([]);
      // The priority-9 job waits ahead of the older priority-5 one.
      const again = await client.get<{ job: TrainingJobDto }>(`/api/jobs/${job.id}`);
      const ahead = await client.get<{ job: TrainingJobDto }>(`/api/jobs/${fromVersion.body.job.id}`);
      expect(again.body.job.queuePosition).toBeGreaterThan(ahead.body.job.queuePosition!);
    } finally {
      socket.disconnect();
    }
  });

  it('expands a grid sweep into one queued run per combination', async () => {
    const { client, user } = await signedInClient(srv.url, 'Sweep Sam');
    const pipelineId = await pipelineIn(client, user.id, await personalWorkspaceId(client));
    const res = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${pipelineId}/train`, {
      sweep: { 'forest.n_estimators': [10, 20], 'forest.max_depth': [3, null] }
    });
    expect(res.status).toBe(202);
    expect(res.body.job.sweep).toEqual({ kind: 'grid', runs: 4 });
    const runs = await client.get<{ runs: ExperimentRunDto[] }>(`/api/jobs/${res.body.job.id}/runs`);
    expect(runs.body.runs.map((r) => r.hyperparameters)).toEqual([
      { 'forest.n_estimators': 10, 'forest.max_depth': 3 },
      { 'forest.n_estimators': 10, 'forest.max_depth': null },
      { 'forest.n_estimators': 20, 'forest.max_depth': 3 },
      { 'forest.n_estimators': 20, 'forest.max_depth': null }
    ]);
    const random = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${pipelineId}/train`, {
      sweep: {
        kind: 'random',
        samples: 3,
        seed: 7,
        params: { 'forest.n_estimators': { min: 5, max: 50, integer: true } }
      }
    });
    expect(random.body.job.sweep).toEqual({ kind: 'random', runs: 3 });
  });

  it('refuses what cannot train with 422 before anything is queued', async () => {
    const { client, user } = await signedInClient(srv.url, 'Rita Refuse');
    const workspaceId = await personalWorkspaceId(client);
    const pipelineId = await pipelineIn(client, user.id, workspaceId);
    const train = (body: unknown, id = pipelineId) =>
      client.post<{ error: { code: string; details: Record<string, unknown> } }>(
        `/api/pipelines/${id}/train`,
        body
      );

    const noParam = await train({ sweep: { 'forest.leaves': [1, 2] } });
    expect(noParam.status).toBe(422);
    expect(noParam.body.error.code).toBe('training_invalid');
    expect(noParam.body.error.details.issues).toEqual([
      expect.objectContaining({ nodeId: 'forest', param: 'leaves' })
    ]);
    const badValue = await train({ sweep: { 'forest.n_estimators': [0] } });
    expect(badValue.status).toBe(422);

    // Trees split categories themselves; logistic regression reads numbers only.
    const linear = irisPipeline();
    linear.nodes = linear.nodes.map((n) =>
      n.id === 'forest' ? { ...n, type: 'logistic_regression', params: {} } : n
    );
    const unencoded = await pipelineIn(client, user.id, workspaceId, linear);
    const categorical = await train({}, unencoded);
    expect(categorical.status).toBe(422);
    expect(categorical.body.error.details).toMatchObject({ nodeId: 'forest', column: 'color' });

    const broken = trainable();
    broken.edges = broken.edges.filter((e) => e.target !== 'forest');
    const invalid = await pipelineIn(client, user.id, workspaceId, broken);
    const dag = await train({}, invalid);
    expect(dag.status).toBe(422);
    expect(dag.body.error.code).toBe('pipeline_invalid');
    expect(dag.body.error.details.nodeIds).toContain('forest');

    const badPriority = await train({ priority: 11 });
    expect(badPriority.status).toBe(400);
    const jobs = await client.get<{ jobs: TrainingJobDto[] }>(`/api/jobs?pipelineId=${pipelineId}`);
    expect(jobs.body.jobs).toEqual([]);
  });

  it('cancels a queued job at once and refuses a second cancel', async () => {
    const { client, user } = await signedInClient(srv.url, 'Cass Cancel');
    const pipelineId = await pipelineIn(client, user.id, await personalWorkspaceId(client));
    const { body } = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${pipelineId}/train`, {
      sweep: { 'forest.n_estimators': [5, 6] }
    });
    const cancelled = await client.post<{ job: TrainingJobDto }>(`/api/jobs/${body.job.id}/cancel`);
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.job).toMatchObject({ status: 'cancelled', queuePosition: null });
    expect(cancelled.body.job.completedAt).not.toBeNull();
    const runs = await client.get<{ runs: ExperimentRunDto[] }>(`/api/jobs/${body.job.id}/runs`);
    expect(runs.body.runs.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    const open = await srv.rt.sequelize.query(
      `SELECT id FROM job_outbox WHERE job_name = 'train-run' AND payload->>'jobId' = :id AND finished_at IS NULL`,
      { replacements: { id: body.job.id }, type: 'SELECT' }
    );
    expect(open).toEqual([]);
    expect((await client.post(`/api/jobs/${body.job.id}/cancel`)).status).toBe(409);
  });

  it('keeps comments pinned on curves with the job and sends them to its room', async () => {
    const { client, user } = await signedInClient(srv.url, 'Cora Comment');
    const pipelineId = await pipelineIn(client, user.id, await personalWorkspaceId(client));
    const { body } = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${pipelineId}/train`, {});
    const socket = await connectSocket(srv.url, client.cookie);
    try {
      expect(await socket.emitWithAck('subscribe', { room: rooms.job(body.job.id) })).toEqual({ ok: true });
      const event = nextEvent<{ comment: JobCommentDto }>(socket, 'job:comment');
      const anchor = { runNumber: 1, metric: 'validation_loss', step: 7, value: 0.42 };
      const posted = await client.post<{ comment: JobCommentDto }>(`/api/jobs/${body.job.id}/comments`, {
        body: 'Overfits after here',
        anchor
      });
      expect(posted.status).toBe(201);
      expect(posted.body.comment).toMatchObject({
        body: 'Overfits after here',
        anchor,
        authorName: 'Cora Comment'
      });
      expect((await event).comment.id).toBe(posted.body.comment.id);
      await client.post(`/api/jobs/${body.job.id}/comments`, { body: 'Second' });
      const page1 = await client.get<{ comments: JobCommentDto[]; nextCursor: string }>(
        `/api/jobs/${body.job.id}/comments?limit=1`
      );
      const page2 = await client.get<{ comments: JobCommentDto[]; nextCursor: null }>(
        `/api/jobs/${body.job.id}/comments?limit=1&cursor=${page1.body.nextCursor}`
      );
      expect([...page1.body.comments, ...page2.body.comments].map((c) => c.body)).toEqual([
        'Overfits after here',
        'Second'
      ]);
      expect((await client.post(`/api/jobs/${body.job.id}/comments`, { body: '' })).status).toBe(400);
    } finally {
      socket.disconnect();
    }
  });

  it('answers 404 to outsiders on every job route and room, 403 to viewers on train and cancel', async () => {
    const owner = await signedInClient(srv.url, 'Olga Owner');
    const viewer = await signedInClient(srv.url, 'Vic Viewer');
    const outsider = await signedInClient(srv.url, 'Otto Outsider');
    const workspaceId = await sharedWorkspace(owner.client, viewer.email, 'viewer');
    const pipelineId = await pipelineIn(owner.client, owner.user.id, workspaceId);
    const { body } = await owner.client.post<{ job: TrainingJobDto }>(
      `/api/pipelines/${pipelineId}/train`,
      {}
    );
    const id = body.job.id;

    const o = outsider.client;
    for (const res of [
      await o.get(`/api/jobs/${id}`),
      await o.get(`/api/jobs/${id}/runs`),
      await o.get(`/api/jobs/${id}/comments`),
      await o.post(`/api/jobs/${id}/comments`, { body: 'hi' }),
      await o.post(`/api/jobs/${id}/cancel`),
      await o.post(`/api/pipelines/${pipelineId}/train`, {}),
      await o.get(`/api/jobs?pipelineId=${pipelineId}`)
    ])
      expect(res.status).toBe(404);
    expect((await o.get<{ jobs: TrainingJobDto[] }>('/api/jobs')).body.jobs).toEqual([]);
    const socket = await connectSocket(srv.url, o.cookie);
    try {
      expect(await socket.emitWithAck('subscribe', { room: rooms.job(id) })).toMatchObject({
        ok: false,
        error: { code: 'not_found' }
      });
    } finally {
      socket.disconnect();
    }

    const v = viewer.client;
    expect((await v.get(`/api/jobs/${id}`)).status).toBe(200);
    expect((await v.get(`/api/jobs/${id}/runs`)).status).toBe(200);
    expect((await v.post(`/api/pipelines/${pipelineId}/train`, {})).status).toBe(403);
    expect((await v.post(`/api/jobs/${id}/cancel`)).status).toBe(403);
    expect((await v.get<{ jobs: TrainingJobDto[] }>('/api/jobs')).body.jobs.map((j) => j.id)).toContain(id);
  });
});
