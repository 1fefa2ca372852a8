import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EdaReportDto, SchemaDeductionDto } from '../../contracts/api';
import { uploadDataset } from '../support/datasets';
import { screenshotPath, useBrowserStudio } from '../support/browser';
import { signedInClient, type ApiClient } from '../support/http-client';

const studio = useBrowserStudio();

const REGIONS = ['North-western distribution centre', 'South', 'East coast warehouses', 'West'];

/** Nothing missing; a 0/1 target, a 0/1 feature, shop codes stored as numbers, a note to ignore. */
function shopsCsv(rows = 20_000): string {
  const lines = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    const churned = i % 3 === 0 ? 1 : 0;
    const amount = (1000 + ((i * 7919) % 400) + churned * 60).toFixed(2);
    lines[i] = [
      i,
      amount,
      100 + (i % 40),
      REGIONS[i % 4],
      i % 5 === 0 ? 1 : 0,
      `note ${i % 977}`,
      churned
    ].join(',');
  }
  return `order_id,amount,shop,region,returned,note,churned\n${lines.join('\n')}\n`;
}

const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'laptop', width: 1024, height: 700 },
  { name: 'phone', width: 390, height: 844 }
];

async function poll<T>(what: string, get: () => Promise<T | null>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function latestReport(client: ApiClient, datasetId: string): Promise<EdaReportDto | null> {
  const res = await client.get<{ report: EdaReportDto }>(`/api/datasets/${datasetId}/eda`);
  return res.status === 200 ? res.body.report : null;
}

/** Vega's console warnings, which the page must not produce. */
function vegaWarnings(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'warning' || msg.type() === 'error') seen.push(msg.text());
  });
  return seen;
}

async function chartsDrawn(page: Page) {
  await page.locator('[data-testid="eda-status"][data-status="completed"]').waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    () => {
      const charts = [...document.querySelectorAll('[data-testid="eda-chart"]')];
      return charts.length > 0 && charts.every((c) => c.querySelector('.plot svg'));
    },
    undefined,
    { timeout: 15_000 }
  );
}

const chartIds = (page: Page) =>
  page
    .locator('[data-testid="eda-chart"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-chart-id')));

describe('EDA after accepting a schema, in the browser', () => {
  it('shows the re-run report with the accepted types and roles, and refreshes an out-of-date one', async () => {
    const { client } = await signedInClient(studio.srv.url, 'Sam Schema');
    const { created } = await uploadDataset(client, shopsCsv());
    const dataset = created.body.dataset;
    const first = await poll('the first report', async () => {
      const r = await latestReport(client, dataset.id);
      return r && r.status === 'completed' ? r : null;
    });
    const deduction = await poll('the proposal', async () => {
      const res = await client.get<{ deduction: SchemaDeductionDto }>(`/api/datasets/${dataset.id}/schema`);
      return res.status === 200 ? res.body.deduction : null;
    });

    const context = await studio.context({ viewport: VIEWPORTS[0]! });
    const [name, ...value] = client.cookie.split('=');
    await context.addCookies([{ name: name!, value: value.join('='), url: studio.srv.url }]);
    const page = await context.newPage();
    const warnings = vegaWarnings(page);
    try {
      await page.goto(`${studio.srv.url}/w/${dataset.workspaceId}/datasets/${dataset.id}?tab=eda`);
      await chartsDrawn(page);
      expect(await chartIds(page)).toContain('histogram:shop');
      await page.screenshot({ path: screenshotPath('eda-schema-before'), fullPage: true });

      // Accepted elsewhere (another editor, the schema tab): the open page follows on its own.
      const columns = deduction.proposedSchema.columns.map((c) =>
        c.name === 'shop'
          ? { ...c, type: 'categorical' as const, role: 'feature' as const }
          : c.name === 'note'
            ? { ...c, role: 'ignore' as const }
            : c.name === 'order_id'
              ? { ...c, type: 'id' as const, role: 'id' as const }
              : c.name === 'churned'
                ? { ...c, type: 'integer' as const, role: 'target' as const }
                : c
      );
      const acceptedAt = Date.now();
      expect(
        (await client.post(`/api/schema-deductions/${deduction.id}/accept`, { proposedSchema: { columns } }))
          .status
      ).toBe(200);
      await page.locator('[data-chart-id="top:shop"] .plot svg').waitFor({ timeout: 5_000 });
      await chartsDrawn(page);
      console.log(
        `the page showed the re-run report ${((Date.now() - acceptedAt) / 1000).toFixed(2)} s after accepting`
      );
      const ids = await chartIds(page);
      expect(ids).not.toContain('histogram:shop');
      expect(ids).not.toContain('histogram:order_id');
      expect(ids.filter((id) => id?.startsWith('target:churned:')).length).toBeGreaterThanOrEqual(3);
      expect(await page.getByTestId('eda-ignored').textContent()).toMatch(/note/);
      expect(await page.locator('[data-testid="eda-warnings"] [data-code="id_like"]').count()).toBe(0);
      expect(await page.locator('[data-chart-id="missingness"]').textContent()).toMatch(/No missing values/);
      expect(await page.getByTestId('eda-stale').count()).toBe(0);

      // Whole pages first: a close-up scrolls the page, and a full-page shot taken after one shows
      // the sticky sidebar halfway down.
      for (const v of VIEWPORTS) {
        await page.setViewportSize(v);
        await page.waitForTimeout(400);
        await page.screenshot({ path: screenshotPath(`eda-schema-${v.name}`), fullPage: true });
      }
      // Close-ups of the charts whose axes and labels are easiest to get wrong at each width.
      for (const v of VIEWPORTS) {
        await page.setViewportSize(v);
        await page.waitForTimeout(400);
        for (const id of [
          'histogram:amount',
          'histogram:churned',
          'target:churned:amount',
          'target:churned:region'
        ]) {
          await page
            .locator(`[data-chart-id="${id}"]`)
            .screenshot({ path: screenshotPath(`eda-schema-${v.name}-${id.replace(/:/g, '-')}`) });
        }
      }
      await page.setViewportSize(VIEWPORTS[0]!);

      // A report that no longer matches the accepted schema says so, and one click runs it again.
      const current = (await latestReport(client, dataset.id))!;
      expect(current.id).not.toBe(first.id);
      await studio.srv.rt.sequelize.query(
        `UPDATE eda_reports SET summary = summary || '{"schemaDeductionId": null}'::jsonb WHERE id = :id`,
        { replacements: { id: current.id } }
      );
      await page.reload();
      await page.getByTestId('eda-stale').waitFor();
      await page.screenshot({ path: screenshotPath('eda-schema-stale'), fullPage: true });
      await page.getByRole('button', { name: 'Refresh report' }).click();
      await page.locator('[data-testid="eda-status"][data-status="completed"]').waitFor({ timeout: 30_000 });
      await poll('the refreshed report', async () => {
        const r = await latestReport(client, dataset.id);
        return r && r.id !== current.id && r.status === 'completed' ? r : null;
      });
      await page.getByTestId('eda-stale').waitFor({ state: 'detached', timeout: 10_000 });
      await chartsDrawn(page);

      expect(warnings.filter((w) => /Dropping|WARN|vega/i.test(w))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
