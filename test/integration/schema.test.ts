import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetDto, SchemaDeductionDto, WorkspaceDto } from '../../contracts/api';
import { uploadDataset } from '../support/datasets';
import { ApiClient, signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({}, { workers: true });
});
afterAll(() => srv.close());

function csv(): string {
  const rows = Array.from({ length: 120 }, (_, i) => {
    const day = String((i % 28) + 1).padStart(2, '0');
    return `${i + 1},2024-03-${day},${(4 + (i % 7) * 0.3).toFixed(1)},${i % 2 ? 'yes' : 'no'},${['setosa', 'versicolor', 'virginica'][i % 3]}`;
  });
  return `customer_id,signup_date,sepal_length,is_active,species\n${rows.join('\n')}\n120${crypto.randomInt(1e6)},2024-04-01,5.0,no,setosa\n`;
}

async function uploadValidated(client: ApiClient, body = csv(), workspaceId?: string): Promise<DatasetDto> {
  const { created } = await uploadDataset(client, body, workspaceId ? { workspaceId } : {});
  return created.body.dataset;
}

async function waitForDeduction(
  client: ApiClient,
  datasetId: string,
  notId?: string
): Promise<SchemaDeductionDto> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await client.get<{ deduction: SchemaDeductionDto }>(`/api/datasets/${datasetId}/schema`);
    if (res.status === 200 && res.body.deduction.id !== notId) return res.body.deduction;
    if (Date.now() > deadline) throw new Error(`no deduction: ${res.status} ${res.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('schema deduction', () => {
  it('proposes a schema after validation with types, roles, confidence and reasons', async () => {
    const { client } = await signedInClient(srv.url);
    const ds = await uploadValidated(client);
    const d = await waitForDeduction(client, ds.id);
    expect(d).toMatchObject({ status: 'proposed', agentVersion: 'heuristic-1', datasetId: ds.id });
    const byName = Object.fromEntries(d.proposedSchema.columns.map((c) => [c.name, c]));
    expect(byName.customer_id).toMatchObject({ type: 'id', role: 'id' });
    expect(byName.signup_date!.type).toBe('datetime'); // stored as DATE by validation, so no format is needed
    expect(byName.sepal_length!.type).toBe('float');
    expect(byName.is_active!.type).toBe('boolean');
    expect(byName.species).toMatchObject({ type: 'categorical' });
    expect(d.confidenceScore).toBeGreaterThan(0);
    expect(d.confidenceScore).toBeLessThanOrEqual(1);
    for (const name of Object.keys(byName)) {
      expect(d.columnMetadata[name]!.reason.length, name).toBeGreaterThan(5);
      expect(d.columnMetadata[name]!.sampleValues.length, name).toBeGreaterThan(0);
    }
  });

  it('accepts with a user correction recorded, and supersedes the earlier accepted schema', async () => {
    const { client } = await signedInClient(srv.url);
    const ds = await uploadValidated(client);
    const first = await waitForDeduction(client, ds.id);
    const edited = {
      columns: first.proposedSchema.columns.map((c) =>
        c.name === 'species' ? { ...c, type: 'text' as const, role: 'feature' as const } : c
      )
    };
    const accepted = await client.post<{ deduction: SchemaDeductionDto }>(
      `/api/schema-deductions/${first.id}/accept`,
      { proposedSchema: edited }
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.deduction.status).toBe('accepted');
    expect(accepted.body.deduction.proposedSchema.columns.find((c) => c.name === 'species')!.type).toBe(
      'text'
    );
    expect(accepted.body.deduction.columnMetadata.species!.overridden).toMatchObject({ type: 'categorical' });
    expect(accepted.body.deduction.columnMetadata.customer_id!.overridden).toBeUndefined();

    const again = await client.post(`/api/schema-deductions/${first.id}/accept`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'deduction_not_open' } });

    expect((await client.post(`/api/datasets/${ds.id}/schema/deduce`)).status).toBe(202);
    const second = await waitForDeduction(client, ds.id, first.id);
    expect((await client.post(`/api/schema-deductions/${second.id}/accept`)).status).toBe(200);
    const history = await client.get<{ deductions: SchemaDeductionDto[] }>(
      `/api/datasets/${ds.id}/schema/history`
    );
    expect(history.body.deductions.map((h) => h.status)).toEqual(['accepted', 'superseded']);
  });

  it('refuses an edited schema that does not list the dataset columns', async () => {
    const { client } = await signedInClient(srv.url);
    const ds = await uploadValidated(client);
    const d = await waitForDeduction(client, ds.id);
    const res = await client.post(`/api/schema-deductions/${d.id}/accept`, {
      proposedSchema: { columns: [{ name: 'nope', type: 'integer', nullable: false }] }
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: { code: 'schema_columns_mismatch', details: { unknown: ['nope'] } }
    });
    const bad = await client.post(`/api/schema-deductions/${d.id}/accept`, {
      proposedSchema: { columns: [{ name: 'species', type: 'number', nullable: false }] }
    });
    expect(bad.status).toBe(400);
  });

  it('supersedes the open proposal with a new one and rejects only with a reason', async () => {
    const { client } = await signedInClient(srv.url);
    const ds = await uploadValidated(client);
    const first = await waitForDeduction(client, ds.id);
    await client.post(`/api/datasets/${ds.id}/schema/deduce`);
    const second = await waitForDeduction(client, ds.id, first.id);
    const history = await client.get<{ deductions: SchemaDeductionDto[] }>(
      `/api/datasets/${ds.id}/schema/history`
    );
    expect(history.body.deductions.map((h) => [h.id, h.status])).toEqual([
      [second.id, 'proposed'],
      [first.id, 'superseded']
    ]);
    expect((await client.post(`/api/schema-deductions/${second.id}/reject`, {})).status).toBe(400);
    const rejected = await client.post<{ deduction: SchemaDeductionDto }>(
      `/api/schema-deductions/${second.id}/reject`,
      { reason: 'Dates are in another column' }
    );
    expect(rejected.body.deduction).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Dates are in another column'
    });
  });

  it('lets viewers read but not decide, and hides deductions from outsiders', async () => {
    const owner = await signedInClient(srv.url, 'Owner');
    const viewer = await signedInClient(srv.url, 'Viewer');
    const outsider = await signedInClient(srv.url, 'Outsider');
    const { body } = await owner.client.post<{ workspace: WorkspaceDto }>('/api/workspaces', {
      name: 'Schema team'
    });
    await owner.client.post(`/api/workspaces/${body.workspace.id}/members`, {
      email: viewer.email,
      role: 'viewer'
    });
    const ds = await uploadValidated(owner.client, csv(), body.workspace.id);
    const d = await waitForDeduction(owner.client, ds.id);
    expect((await viewer.client.get(`/api/datasets/${ds.id}/schema`)).status).toBe(200);
    expect((await viewer.client.post(`/api/schema-deductions/${d.id}/accept`)).status).toBe(403);
    expect((await viewer.client.post(`/api/datasets/${ds.id}/schema/deduce`)).status).toBe(403);
    expect((await outsider.client.get(`/api/datasets/${ds.id}/schema`)).status).toBe(404);
    expect(
      (await outsider.client.post(`/api/schema-deductions/${d.id}/reject`, { reason: 'x' })).status
    ).toBe(404);
    expect((await outsider.client.post('/api/schema-deductions/not-a-uuid/accept')).status).toBe(404);
  });
});
