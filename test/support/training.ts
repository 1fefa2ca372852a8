import type { SchemaDeductionDto } from '../../contracts/api';
import type { PipelineConfig, PipelineDto } from '../../contracts/pipeline';
import type { TrainingJobDto } from '../../contracts/training';
import { uploadDataset } from './datasets';
import type { ApiClient } from './http-client';

/**
 * A churn table whose label follows its features (plus noise), with missing cells in a numeric
 * and a categorical column, so impute and one_hot both have work. Deterministic for a given seed.
 */
export function churnCsv(rows = 400, seed = 1): string {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  const plans = ['basic', 'plus', 'pro'];
  const lines = ['customer_id,age,plan,monthly_spend,churn'];
  for (let i = 0; i < rows; i++) {
    const age = 18 + Math.floor(rand() * 60);
    const plan = plans[Math.floor(rand() * 3)]!;
    const spend = Math.round((10 + rand() * 90) * 100) / 100;
    const score =
      (plan === 'basic' ? 0.6 : plan === 'plus' ? 0 : -0.6) +
      (age < 30 ? 0.5 : -0.3) +
      (spend > 60 ? 0.4 : -0.2);
    // Not yes/no: the Parquet copy would hold those as booleans (true/false labels).
    const churn = score + (rand() - 0.5) * 0.8 > 0 ? 'left' : 'stayed';
    lines.push(`${i + 1},${rand() < 0.08 ? '' : age},${rand() < 0.06 ? '' : plan},${spend},${churn}`);
  }
  return `${lines.join('\n')}\n`;
}

export const CHURN_COLUMNS = [
  { name: 'customer_id', type: 'id', nullable: false, role: 'id' },
  { name: 'age', type: 'float', nullable: true, role: 'feature' },
  { name: 'plan', type: 'categorical', nullable: true, role: 'feature' },
  { name: 'monthly_spend', type: 'float', nullable: false, role: 'feature' },
  { name: 'churn', type: 'categorical', nullable: false, role: 'target' }
] as const;

async function proposal(client: ApiClient, datasetId: string): Promise<SchemaDeductionDto> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await client.get<{ deduction: SchemaDeductionDto }>(`/api/datasets/${datasetId}/schema`);
    if (res.status === 200) return res.body.deduction;
    if (Date.now() > deadline) throw new Error(`no deduction: ${res.status} ${res.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Uploads `csv`, waits for validation and the proposal, and accepts `columns` as its schema. */
export async function acceptedDataset(
  client: ApiClient,
  csv = churnCsv(),
  columns: readonly object[] = CHURN_COLUMNS
): Promise<string> {
  const { created } = await uploadDataset(client, csv);
  const datasetId = created.body.dataset.id;
  const proposed = await proposal(client, datasetId);
  const accepted = await client.post(`/api/schema-deductions/${proposed.id}/accept`, {
    proposedSchema: { columns }
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${accepted.text}`);
  return datasetId;
}

const node = (id: string, type: string, params: Record<string, unknown>, x: number) => ({
  id,
  type,
  params,
  position: { x, y: 0 }
});

/** dataset → impute → one_hot → train_test_split → random_forest → evaluate. */
export function churnPipeline(forest: Record<string, unknown> = {}): PipelineConfig {
  return {
    nodes: [
      node('data', 'dataset', {}, 0),
      node('impute', 'impute', { strategy: 'most_frequent' }, 150),
      node('onehot', 'one_hot', { columns: ['plan'] }, 300),
      node('split', 'train_test_split', { test_size: 0.25, stratify: true, random_state: 3 }, 450),
      node('forest', 'random_forest', { n_estimators: 30, random_state: 7, ...forest }, 600),
      node('eval', 'evaluate', { metrics: ['accuracy', 'f1'] }, 750)
    ],
    edges: [
      { id: 'e1', source: 'data', target: 'impute' },
      { id: 'e2', source: 'impute', target: 'onehot' },
      { id: 'e3', source: 'onehot', target: 'split' },
      { id: 'e4', source: 'split', target: 'forest' },
      { id: 'e5', source: 'forest', target: 'eval', targetPort: 'model' },
      { id: 'e6', source: 'split', target: 'eval', targetPort: 'data' }
    ]
  };
}

export async function createPipeline(client: ApiClient, datasetId: string, config: PipelineConfig) {
  const res = await client.post<{ pipeline: PipelineDto }>('/api/pipelines', {
    name: 'Churn',
    datasetId,
    config
  });
  if (res.status !== 201) throw new Error(`pipeline: ${res.status} ${res.text}`);
  return res.body.pipeline.id;
}

/** Polls the job until `done` holds for it. */
export async function waitForJob(
  client: ApiClient,
  jobId: string,
  done: (job: TrainingJobDto) => boolean = (j) => ['completed', 'failed', 'cancelled'].includes(j.status),
  timeoutMs = 60_000
): Promise<TrainingJobDto> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get<{ job: TrainingJobDto }>(`/api/jobs/${jobId}`);
    if (res.status === 200 && done(res.body.job)) return res.body.job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${res.body.job?.status}: ${res.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
