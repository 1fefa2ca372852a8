import { compile } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DatasetDto,
  EdaChartDto,
  EdaReportDto,
  SchemaDeductionDto,
  UploadTicket
} from '../../contracts/api';
import { ApiClient, signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';
import { rooms } from '../../contracts/realtime';

// Test-only knob (jobs/processors/eda-report/process.ts): holds the report between its sampled and exact pass.
process.env.PIPEWEAVE_TEST_EDA_EXACT_DELAY_MS = '1500';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({}, { workers: true });
});
afterAll(() => srv.close());

/** Above the job's 100,000-row first pass, so the report streams sampled charts first. */
function bigCsv(rows = 120_000): string {
  const lines = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    const amount = i % 11 === 0 ? '' : ((i * 37) % 1000) * (i < 50_000 ? 1 : 3);
    lines[i] = `${i},${amount},${['north', 'south', 'east'][i % 3]},${i % 4 === 0},${(i % 500) / 4}`;
  }
  return `id,amount,region,churned,price\n${lines.join('\n')}\n`;
}

async function completedReport(client: ApiClient, datasetId: string, notId?: string): Promise<EdaReportDto> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await client.get<{ report: EdaReportDto }>(`/api/datasets/${datasetId}/eda`);
    if (res.status === 200 && res.body.report.id !== notId && res.body.report.status !== 'running')
      return res.body.report;
    if (Date.now() > deadline) throw new Error(`no report: ${res.status} ${res.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('EDA while it runs', () => {
  it('streams sampled charts before exact ones and lets a late joiner catch up', async () => {
    const { client } = await signedInClient(srv.url);
    const body = Buffer.from(bigCsv());
    const created = await client.post<{ dataset: DatasetDto; upload: UploadTicket }>('/api/datasets', {
      name: 'orders.csv',
      fileName: 'orders.csv',
      fileSize: body.length
    });
    const datasetId = created.body.dataset.id;
    const early = await connectSocket(srv.url, client.cookie);
    const late = await connectSocket(srv.url, client.cookie);
    try {
      expect(await early.emitWithAck('subscribe', { room: rooms.dataset(datasetId) })).toEqual({ ok: true });
      let validatedAt = 0;
      const seen: Array<{ chart: EdaChartDto; at: number }> = [];
      early.on('dataset:status', (p: { status: string }) => {
        if (p.status === 'validated') validatedAt = performance.now();
      });
      early.on('eda:chart', (p: { chart: EdaChartDto }) =>
        seen.push({ chart: p.chart, at: performance.now() })
      );
      const firstSampled = new Promise<void>((resolve) =>
        early.on('eda:chart', (p: { chart: EdaChartDto }) => p.chart.sampled && resolve())
      );
      const done = new Promise<{ status: string }>((resolve) => early.on('eda:completed', resolve));

      const put = await fetch(new URL(created.body.upload.url, srv.url), {
        method: 'PUT',
        headers: created.body.upload.headers,
        body
      });
      expect(put.status).toBeLessThan(300);
      expect((await client.post(`/api/datasets/${datasetId}/complete`)).status).toBe(202);

      // A second viewer arrives once charts exist: GET gives what exists so far, events the rest.
      await firstSampled;
      const running = await client.get<{ report: EdaReportDto }>(`/api/datasets/${datasetId}/eda`);
      expect(running.body.report.status).toBe('running');
      expect(running.body.report.fullReport).toBeNull();
      const soFar = running.body.report.charts!;
      expect(soFar.length).toBeGreaterThan(0);
      expect(soFar.some((c) => c.sampled)).toBe(true);
      const lateIds = new Set(soFar.map((c) => c.id));
      const lateExact = new Set<string>();
      late.on('eda:chart', (p: { chart: EdaChartDto }) => {
        lateIds.add(p.chart.id);
        if (!p.chart.sampled) lateExact.add(p.chart.id);
      });
      expect(await late.emitWithAck('subscribe', { room: rooms.dataset(datasetId) })).toEqual({ ok: true });

      expect((await done).status).toBe('completed');
      const report = await completedReport(client, datasetId);
      const full = report.fullReport as {
        charts: EdaChartDto[];
        warnings: Array<{ code: string; severity: string; message: string; explanation: string }>;
      };
      const finalIds = full.charts.map((c) => c.id);
      // The late viewer ends up with every chart of the report, each in its exact version.
      for (const id of finalIds) expect(lateIds.has(id), id).toBe(true);
      for (const id of soFar.filter((c) => c.sampled).map((c) => c.id))
        expect(lateExact.has(id), id).toBe(true);
      expect(full.charts.some((c) => c.sampled)).toBe(false);
      for (const chart of full.charts) expect(() => compile(chart.spec as never), chart.id).not.toThrow();
      expect(full.warnings.find((w) => w.code === 'id_like')).toMatchObject({
        severity: 'warning',
        explanation: expect.stringMatching(/memorise/)
      });

      const sampledIndex = seen.findIndex((s) => s.chart.sampled);
      const exactAgain = seen.findIndex(
        (s, i) => i > sampledIndex && s.chart.id === seen[sampledIndex]!.chart.id
      );
      expect(exactAgain).toBeGreaterThan(sampledIndex);
      expect(seen[exactAgain]!.chart.sampled).toBeFalsy();
      const after = (at: number) => (at - validatedAt) / 1000;
      const firstHistogram = seen.find((s) => s.chart.id.startsWith('histogram:'))!;
      console.log(
        `first chart ${after(seen[0]!.at).toFixed(2)} s and first (sampled) histogram ` +
          `${after(firstHistogram.at).toFixed(2)} s after validation`
      );
      expect(validatedAt).toBeGreaterThan(0);
      // Generous bounds: other suites share the machine; bench/eda.ts measures the real figure.
      expect(after(seen[0]!.at)).toBeLessThan(5);
      expect(after(firstHistogram.at)).toBeLessThan(5);
    } finally {
      early.disconnect();
      late.disconnect();
    }
  }, 90_000);
});

describe('EDA with a target', () => {
  it('adds target-vs-feature charts once the accepted schema names a target', async () => {
    const { client } = await signedInClient(srv.url);
    const body = bigCsv(3_000);
    const created = await client.post<{ dataset: DatasetDto; upload: UploadTicket }>('/api/datasets', {
      name: 'small.csv',
      fileName: 'small.csv',
      fileSize: Buffer.byteLength(body)
    });
    const datasetId = created.body.dataset.id;
    await fetch(new URL(created.body.upload.url, srv.url), {
      method: 'PUT',
      headers: created.body.upload.headers,
      body
    });
    await client.post(`/api/datasets/${datasetId}/complete`);
    const first = await completedReport(client, datasetId);
    let deduction: SchemaDeductionDto | null = null;
    for (let i = 0; i < 300 && !deduction; i++) {
      const res = await client.get<{ deduction: SchemaDeductionDto }>(`/api/datasets/${datasetId}/schema`);
      if (res.status === 200) deduction = res.body.deduction;
      else await new Promise((r) => setTimeout(r, 100));
    }
    const columns = deduction!.proposedSchema.columns.map((c) =>
      c.name === 'churned'
        ? { ...c, role: 'target' as const }
        : c.name === 'id'
          ? { ...c, role: 'id' as const }
          : c
    );
    const accepted = await client.post(`/api/schema-deductions/${deduction!.id}/accept`, {
      proposedSchema: { columns }
    });
    expect(accepted.status).toBe(200);
    expect((await client.post(`/api/datasets/${datasetId}/eda`)).status).toBe(202);
    const report = await completedReport(client, datasetId, first.id);
    const charts = (report.fullReport as { charts: EdaChartDto[] }).charts;
    const target = charts.filter((c) => c.id.startsWith('target:churned:'));
    expect(target.map((c) => c.id).sort()).toEqual(
      ['target:churned:amount', 'target:churned:price', 'target:churned:region'].sort()
    );
    for (const chart of target) expect(() => compile(chart.spec as never), chart.id).not.toThrow();
  }, 60_000);
});
