import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaDeductionDto } from '../../contracts/api';
import type { PipelineConfig, PipelineDto, PipelineValidationDto } from '../../contracts/pipeline';
import { uploadDataset } from '../support/datasets';
import { signedInClient, type ApiClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({}, { workers: true });
});
afterAll(() => srv.close());

function csv(): string {
  const rows = Array.from(
    { length: 60 },
    (_, i) =>
      `${i + 1},${(4 + (i % 7) * 0.3).toFixed(1)},${i % 2 ? 'yes' : 'no'},${['setosa', 'versicolor'][i % 2]}`
  );
  return `customer_id,sepal_length,is_active,species\n${rows.join('\n')}\n9${crypto.randomInt(1e6)},5.0,no,setosa\n`;
}

async function proposal(client: ApiClient, datasetId: string): Promise<SchemaDeductionDto> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await client.get<{ deduction: SchemaDeductionDto }>(`/api/datasets/${datasetId}/schema`);
    if (res.status === 200) return res.body.deduction;
    if (Date.now() > deadline) throw new Error(`no deduction: ${res.status} ${res.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pipeline = (scaled: string): PipelineConfig => ({
  nodes: [
    { id: 'data', type: 'dataset', params: {}, position: { x: 0, y: 0 } },
    { id: 'scale', type: 'scale', params: { columns: [scaled] }, position: { x: 1, y: 0 } },
    { id: 'split', type: 'train_test_split', params: { stratify: true }, position: { x: 2, y: 0 } },
    { id: 'lr', type: 'logistic_regression', params: { C: 0.5 }, position: { x: 3, y: 0 } }
  ],
  edges: [
    { id: 'e1', source: 'data', target: 'scale' },
    { id: 'e2', source: 'scale', target: 'split' },
    { id: 'e3', source: 'split', target: 'lr' }
  ]
});

describe('pipelines on an uploaded dataset', () => {
  it('validate against the accepted schema: its target, column names and types', async () => {
    const { client } = await signedInClient(srv.url, 'Sam Schema');
    const { created } = await uploadDataset(client, csv());
    const datasetId = created.body.dataset.id;
    const res = await client.post<{ pipeline: PipelineDto }>('/api/pipelines', {
      name: 'Species',
      datasetId,
      config: pipeline('sepal_length')
    });
    expect(res.status).toBe(201);
    const id = res.body.pipeline.id;

    const proposed = await proposal(client, datasetId);
    const beforeAccept = await client.post<PipelineValidationDto>(`/api/pipelines/${id}/validate`);
    expect(beforeAccept.body.warnings.map((w) => w.code)).toEqual(['schema_not_accepted']);
    expect(beforeAccept.body.errors.map((e) => e.code)).toEqual(['target_missing']);

    const columns = proposed.proposedSchema.columns.map((c) =>
      c.name === 'species' ? { ...c, role: 'target' as const } : c
    );
    const accepted = await client.post(`/api/schema-deductions/${proposed.id}/accept`, {
      proposedSchema: { columns }
    });
    expect(accepted.status).toBe(200);
    const valid = await client.post<PipelineValidationDto>(`/api/pipelines/${id}/validate`);
    expect(valid.body).toEqual({ valid: true, errors: [], warnings: [] });

    await client.request('PUT', `/api/pipelines/${id}/config`, { config: pipeline('species') });
    const wrongType = await client.post<PipelineValidationDto>(`/api/pipelines/${id}/validate`);
    expect(wrongType.body.errors).toEqual([
      expect.objectContaining({ code: 'column_type_mismatch', nodeId: 'scale', param: 'columns' })
    ]);
  });
});
