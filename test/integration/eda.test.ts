import crypto from 'node:crypto';
import { compile } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetDto, EdaReportDto } from '../../contracts/api';
import { uploadDataset } from '../support/datasets';
import { ApiClient, signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';
import { rooms } from '../../contracts/realtime';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({}, { workers: true });
});
afterAll(() => srv.close());

function csv(rows = 300): string {
  const lines = Array.from(
    { length: rows },
    (_, i) => `${i},${(i % 17) * 1.5},${['red', 'green', 'blue'][i % 3]},${i % 10 === 0 ? '' : i * 2}`
  );
  return `id,score,colour,maybe\n${lines.join('\n')}\n${crypto.randomInt(1e9)},1,red,1\n`;
}

async function upload(client: ApiClient, body: string): Promise<DatasetDto> {
  return (await uploadDataset(client, body)).created.body.dataset;
}

async function completedReport(client: ApiClient, datasetId: string): Promise<EdaReportDto> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await client.get<{ report: EdaReportDto }>(`/api/datasets/${datasetId}/eda`);
    if (res.status === 200 && res.body.report.status !== 'running') return res.body.report;
    if (Date.now() > deadline) throw new Error(`no report: ${res.status} ${res.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('EDA reports', () => {
  it('runs after validation and stores the report with statistics and compilable charts', async () => {
    const { client } = await signedInClient(srv.url);
    const ds = await upload(client, csv());
    const report = await completedReport(client, ds.id);
    expect(report).toMatchObject({
      status: 'completed',
      storageLocation: 'postgres',
      progressPercentage: 100,
      reportVersion: '2'
    });
    expect(report.generationTimeSeconds).toBeGreaterThan(0);
    expect(report.summary).toMatchObject({ rows: 301, columns: 4 });
    const full = report.fullReport as {
      columns: Array<{ name: string; missing: number; mean: number | null }>;
      charts: Array<{ id: string; spec: object }>;
    };
    expect(full.columns.find((c) => c.name === 'maybe')!.missing).toBe(30);
    expect(full.charts.length).toBeGreaterThanOrEqual(3);
    for (const chart of full.charts) expect(() => compile(chart.spec as never), chart.id).not.toThrow();
  });

  it('streams progress and charts to the dataset room while it runs', async () => {
    const { client } = await signedInClient(srv.url);
    const ds = await upload(client, csv(500));
    await completedReport(client, ds.id);
    const socket = await connectSocket(srv.url, client.cookie);
    try {
      expect(await socket.emitWithAck('subscribe', { room: rooms.dataset(ds.id) })).toEqual({ ok: true });
      const charts: string[] = [];
      socket.on('eda:chart', (p: { chart: { id: string } }) => charts.push(p.chart.id));
      const done = new Promise<{ status: string }>((resolve) => socket.on('eda:completed', resolve));
      const again = await client.post<{ report: EdaReportDto }>(`/api/datasets/${ds.id}/eda`);
      expect(again.status).toBe(202);
      expect(again.body.report.status).toBe('running');
      expect((await done).status).toBe('completed');
      expect(charts.length).toBeGreaterThanOrEqual(2);
    } finally {
      socket.disconnect();
    }
  });

  it('keeps reports inside the workspace', async () => {
    const owner = await signedInClient(srv.url, 'Owner');
    const outsider = await signedInClient(srv.url, 'Outsider');
    const ds = await upload(owner.client, csv());
    await completedReport(owner.client, ds.id);
    expect((await outsider.client.get(`/api/datasets/${ds.id}/eda`)).status).toBe(404);
    expect((await outsider.client.post(`/api/datasets/${ds.id}/eda`)).status).toBe(404);
  });
});

describe('large EDA reports', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ EDA_INLINE_MAX_BYTES: '1000' }, { workers: true });
  });
  afterAll(() => small.close());

  it('keeps the body in the blob store above the threshold and still returns it inlined', async () => {
    const { client, user } = await signedInClient(small.url);
    const ds = await upload(client, csv());
    const report = await completedReport(client, ds.id);
    expect(report.storageLocation).toBe('s3');
    expect((report.fullReport as { columns: unknown[] }).columns).toHaveLength(4);
    const rows = await small.rt.sequelize.query<{ full_report: unknown; s3_key: string }>(
      'SELECT full_report, s3_key FROM eda_reports WHERE id = :id',
      { replacements: { id: report.id }, type: 'SELECT' as never }
    );
    expect(rows[0]!.full_report).toBeNull();
    expect(rows[0]!.s3_key).toMatch(
      new RegExp(
        `^datasets/${user.id}/${ds.id}/metadata/eda_report_\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.json$`
      )
    );
    expect(report.summary).toMatchObject({ rows: 301 });
  });
});
