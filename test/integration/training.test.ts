import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { rooms } from '../../contracts/realtime';
import type { ExperimentRunDto, TrainingJobDto } from '../../contracts/training';
import { frameFromRows } from '../../ml/frame';
import { modelChecksum, serializeModel } from '../../ml/model-format';
import { metricsFromNode, trainSpecFromNodes } from '../../ml/node-params';
import { train } from '../../ml/train';
import { signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';
import { acceptedDataset, churnCsv, churnPipeline, createPipeline, waitForJob } from '../support/training';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({}, { workers: true });
});
afterAll(() => srv.close());

type ModelRow = {
  id: string;
  version: number;
  model_type: string;
  framework_version: string;
  artifact_checksum: string;
  artifact_size_bytes: number;
  metrics: Record<string, number>;
  s3_key_artifact: string;
  artifacts: { key: string; kind: string; sha256: string; sizeBytes: number }[];
};
const modelOf = async (jobId: string) =>
  (
    await srv.rt.sequelize.query<ModelRow>('SELECT * FROM models WHERE training_job_id = :jobId', {
      replacements: { jobId },
      type: 'SELECT' as never
    })
  )[0];

async function bytesOf(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await srv.rt.store.read(key)) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** The same CSV as the engine sees it without the worker: rows typed by the accepted schema. */
function engineFrame(csv: string) {
  const [, ...lines] = csv.trim().split('\n');
  const rows = lines.map((line) => {
    const [, age, plan, spend, churn] = line.split(',');
    return { age: age ? Number(age) : null, plan: plan || null, monthly_spend: Number(spend), churn };
  });
  return frameFromRows(rows, {
    age: 'numeric',
    plan: 'categorical',
    monthly_spend: 'numeric',
    churn: 'categorical'
  });
}

function collect(socket: Socket, event: string): unknown[] {
  const seen: unknown[] = [];
  socket.on(event, (p: unknown) => seen.push(p));
  return seen;
}

describe('training a pipeline end to end', () => {
  it('trains dataset → impute → one_hot → split → random_forest → evaluate into a model, as the engine would', async () => {
    const { client } = await signedInClient(srv.url, 'Jo Journey');
    const csv = churnCsv(400, 11);
    const datasetId = await acceptedDataset(client, csv);
    const pipelineId = await createPipeline(client, datasetId, churnPipeline({ n_estimators: 120 }));
    const socket = await connectSocket(srv.url, client.cookie);
    try {
      await socket.emitWithAck('subscribe', { room: rooms.pipeline(pipelineId) });
      const statuses = collect(socket, 'job:status') as { status: string; jobId: string }[];
      const progress = collect(socket, 'job:progress') as {
        progressPercentage: number;
        currentStep: string;
      }[];
      const metrics = collect(socket, 'job:metric') as {
        runNumber: number;
        metrics: Record<string, number>;
      }[];
      const runEvents = collect(socket, 'job:run') as { run: ExperimentRunDto }[];
      const res = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${pipelineId}/train`, {});
      expect(res.status).toBe(202);
      const jobId = res.body.job.id;
      await socket.emitWithAck('subscribe', { room: rooms.job(jobId) });

      const job = await waitForJob(client, jobId);
      expect(job, job.errorMessage ?? '').toMatchObject({
        status: 'completed',
        progressPercentage: 100,
        bestRunNumber: 1
      });
      expect(job.startedAt).not.toBeNull();
      expect(job.trainingDurationSeconds).toBeGreaterThan(0);
      // The last events are sent after the commit the poll saw; give them time on a busy machine.
      for (let i = 0; i < 100 && !statuses.some((st) => st.status === 'completed'); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(statuses.map((s) => s.status)).toEqual(
        expect.arrayContaining(['queued', 'running', 'completed'])
      );
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.some((p) => /Training random_forest: tree \d+\/120/.test(p.currentStep))).toBe(true);
      expect(metrics.length).toBeGreaterThan(0);
      expect(runEvents.at(-1)?.run.status).toBe('completed');

      const model = (await modelOf(jobId))!;
      expect(model.id).toBe(job.modelId);
      expect(model.artifact_checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(model).toMatchObject({ version: 1, model_type: 'random_forest' });
      expect(model.framework_version).toMatch(/PWML\/1/);
      expect(model.s3_key_artifact).toBe(`models/${job.userId}/${model.id}/artifacts/model.pwml`);
      expect(model.artifacts.map((a) => a.kind).sort()).toEqual([
        'config',
        'history',
        'importance',
        'model',
        'transforms'
      ]);
      for (const a of model.artifacts) {
        const body = await bytesOf(a.key);
        expect(body.length).toBe(a.sizeBytes);
        expect(crypto.createHash('sha256').update(body).digest('hex')).toBe(a.sha256);
      }
      const [run] = (await client.get<{ runs: ExperimentRunDto[] }>(`/api/jobs/${jobId}/runs`)).body.runs;
      expect(run).toMatchObject({ status: 'completed', metrics: model.metrics });
      expect(run!.trainingTimeSeconds).toBeGreaterThan(0);

      // The engine alone, on the same rows, nodes and seed: the same split, the same accuracy and model bytes.
      const [row] = await srv.rt.sequelize.query<{ seed: number }>(
        'SELECT seed FROM training_jobs WHERE id = :jobId',
        { replacements: { jobId }, type: 'SELECT' as never }
      );
      const seed = row!.seed;
      const config = churnPipeline({ n_estimators: 120 });
      const byId = (id: string) => config.nodes.find((n) => n.id === id)!;
      const spec = trainSpecFromNodes({
        preprocess: [byId('impute'), byId('onehot')],
        split: byId('split'),
        model: byId('forest'),
        target: { name: 'churn', type: 'categorical' },
        freshSeed: Number(seed)
      });
      const direct = await train(engineFrame(csv), spec);
      const expected = metricsFromNode(byId('eval'), direct.evaluation);
      expect(model.metrics.accuracy).toBe(expected.accuracy);
      expect(model.metrics.f1).toBe(expected.f1);
      expect(model.artifact_checksum).toBe(modelChecksum(serializeModel(direct.pipeline)));
    } finally {
      socket.disconnect();
    }
  });

  it('runs a sweep of 4, one experiment run each, and keeps the best run as the model', async () => {
    const { client } = await signedInClient(srv.url, 'Sid Sweep');
    const datasetId = await acceptedDataset(client, churnCsv(300, 5));
    const pipelineId = await createPipeline(client, datasetId, churnPipeline());
    const res = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${pipelineId}/train`, {
      sweep: { 'forest.n_estimators': [5, 25], 'forest.max_depth': [1, null] }
    });
    expect(res.status).toBe(202);
    const job = await waitForJob(client, res.body.job.id);
    expect(job, job.errorMessage ?? '').toMatchObject({
      status: 'completed',
      sweep: { kind: 'grid', runs: 4 }
    });
    const { runs } = (await client.get<{ runs: ExperimentRunDto[] }>(`/api/jobs/${job.id}/runs`)).body;
    expect(runs.map((r) => [r.runNumber, r.status])).toEqual([
      [1, 'completed'],
      [2, 'completed'],
      [3, 'completed'],
      [4, 'completed']
    ]);
    for (const r of runs) expect(Object.keys(r.metrics!).sort()).toEqual(['accuracy', 'f1']);
    const best = Math.max(...runs.map((r) => r.metrics!.accuracy!));
    const winner = runs.find((r) => r.runNumber === job.bestRunNumber)!;
    expect(winner.metrics!.accuracy).toBe(best);
    expect((await modelOf(job.id))!.metrics).toEqual(winner.metrics);
  });

  it('fails a job whose target has one class, or whose training split is empty, naming the node and the fix', async () => {
    const { client } = await signedInClient(srv.url, 'Fay Fail');
    const oneClass = churnCsv(120, 3).replace(/,left\n/g, ',stayed\n');
    const datasetId = await acceptedDataset(client, oneClass);
    const pipelineId = await createPipeline(client, datasetId, churnPipeline());
    const first = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${pipelineId}/train`, {});
    const failed = await waitForJob(client, first.body.job.id);
    expect(failed.status).toBe('failed');
    expect(failed.errorMessage).toMatch(/class/i);
    expect(failed.errorTraceback).toMatchObject({ nodeId: 'split', column: 'churn' });
    expect(failed.errorTraceback!.fix).toBeTruthy();

    // drop_missing last before the split: every row lacks an age, so nothing is left to train on.
    const emptied = churnPipeline();
    emptied.nodes.find((n) => n.id === 'impute')!.params = { strategy: 'most_frequent', columns: ['plan'] };
    emptied.nodes.push({
      id: 'drop',
      type: 'drop_missing',
      params: { how: 'any', columns: ['age'] },
      position: { x: 375, y: 0 }
    });
    emptied.edges = emptied.edges.filter((e) => e.id !== 'e3');
    emptied.edges.push(
      { id: 'e3a', source: 'onehot', target: 'drop' },
      { id: 'e3b', source: 'drop', target: 'split' }
    );
    const everyAgeMissing = churnCsv(120, 4).replace(/^(\d+),\d*,/gm, '$1,,');
    const other = await acceptedDataset(client, everyAgeMissing);
    const emptyId = await createPipeline(client, other, emptied);
    const second = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${emptyId}/train`, {});
    expect(second.status).toBe(202);
    const empty = await waitForJob(client, second.body.job.id);
    expect(empty.status).toBe('failed');
    expect(empty.errorTraceback).toMatchObject({ nodeId: 'drop' });
    expect(empty.errorMessage).toMatch(/empty/i);
  });
});
