import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DatasetDto, UploadTicket, WorkspaceDto } from '../../contracts/api';
import { screenshotPath, useBrowserStudio } from '../support/browser';
import { signedInClient, type ApiClient } from '../support/http-client';

// Test-only knob (jobs/processors/eda-report/process.ts): the report waits 4 s between its sampled and its
// exact pass, so the running state can be watched without racing the scan.
process.env.PIPEWEAVE_TEST_EDA_EXACT_DELAY_MS = '4000';

const studio = useBrowserStudio();

/** Above the job's 100,000-row first pass, so sampled charts come first. */
function ordersCsv(rows = 120_000): string {
  const lines = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    const amount = i % 13 === 0 ? '' : (((i * 37) % 1000) * (i < 60_000 ? 1 : 2.5)).toFixed(2);
    const day = new Date(Date.UTC(2024, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
    lines[i] =
      `${i},${amount},${['north', 'south', 'east', 'west'][i % 4]},${day},${i % 5 === 0},${(i * 7) % 97}`;
  }
  return `order_id,amount,region,ordered_on,returned,basket\n${lines.join('\n')}\n`;
}

/** A browser context signed in as the API client's user. */
async function contextFor(client: ApiClient): Promise<BrowserContext> {
  const context = await studio.context({ viewport: { width: 1280, height: 900 } });
  const [name, ...value] = client.cookie.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: studio.srv.url }]);
  return context;
}

/** Resolves when a drawn chart is on screen while the report still says Running. */
function chartWhileRunning(page: Page) {
  return page.waitForFunction(
    () => {
      const status = document.querySelector<HTMLElement>('[data-testid="eda-status"]')?.dataset.status;
      const chart = document.querySelector('[data-testid="eda-chart"] .plot svg');
      return status === 'running' && chart !== null;
    },
    undefined,
    { timeout: 30_000, polling: 50 }
  );
}

describe('EDA in the browser', () => {
  it('shows two viewers the first charts before the report completes, then the full report', async () => {
    const owner = await signedInClient(studio.srv.url, 'Olga Owner');
    const viewer = await signedInClient(studio.srv.url, 'Victor Viewer');
    const workspaces = await owner.client.get<{ workspaces: WorkspaceDto[] }>('/api/workspaces');
    const workspace = workspaces.body.workspaces.find((w) => w.isPersonal)!;
    const invited = await owner.client.post(`/api/workspaces/${workspace.id}/members`, {
      email: viewer.user.email,
      role: 'viewer'
    });
    expect(invited.status).toBe(201);

    const body = Buffer.from(ordersCsv());
    const created = await owner.client.post<{ dataset: DatasetDto; upload: UploadTicket }>('/api/datasets', {
      name: 'Orders',
      fileName: 'orders.csv',
      fileSize: body.length,
      workspaceId: workspace.id
    });
    expect(created.status).toBe(201);
    const datasetId = created.body.dataset.id;
    const url = `${studio.srv.url}/w/${workspace.id}/datasets/${datasetId}?tab=eda`;

    const contexts = [await contextFor(owner.client), await contextFor(viewer.client)];
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    // Vega logs what it could not draw as asked (a dropped autosize fit, an empty extent) as warnings.
    const vegaWarnings: string[] = [];
    for (const p of pages) p.on('console', (m) => m.type() === 'warning' && vegaWarnings.push(m.text()));
    try {
      await Promise.all(pages.map((p) => p.goto(url)));
      await Promise.all(pages.map((p) => p.getByText('Waiting for the upload').waitFor()));

      const watching = pages.map((p) => chartWhileRunning(p));
      const put = await fetch(new URL(created.body.upload.url, studio.srv.url), {
        method: 'PUT',
        headers: created.body.upload.headers,
        body
      });
      expect(put.status).toBeLessThan(300);
      expect((await owner.client.post(`/api/datasets/${datasetId}/complete`)).status).toBe(202);

      await Promise.all(watching);
      for (const page of pages) {
        expect(await page.getByTestId('eda-status').getAttribute('data-status')).toBe('running');
      }
      // The sampled pass has drawn its charts well before the exact pass starts.
      await pages[1]!.getByTestId('sampled-badge').first().waitFor({ timeout: 10_000 });
      await pages[1]!.locator('[data-chart-id="histogram:amount"] .plot svg').waitFor();
      await pages[0]!.screenshot({ path: screenshotPath('eda-running-owner'), fullPage: true });
      await pages[1]!.screenshot({ path: screenshotPath('eda-running-viewer'), fullPage: true });

      for (const page of pages) {
        await page
          .locator('[data-testid="eda-status"][data-status="completed"]')
          .waitFor({ timeout: 60_000 });
        await page.getByTestId('eda-columns').waitFor();
        expect(await page.getByTestId('sampled-badge').count()).toBe(0);
        await page.locator('[data-chart-id="correlation"] .plot svg').waitFor();
        await page.locator('[data-chart-id="histogram:ordered_on"] .plot svg').waitFor();
      }
      const page = pages[1]!;
      const warnings = page.getByTestId('eda-warnings');
      expect(await warnings.locator('[data-code="id_like"]').textContent()).toMatch(/order_id.*identifier/s);

      // Sorting: by mean, largest first, then the other way.
      const names = () => page.locator('[data-testid="eda-columns"] tbody th').allTextContents();
      await page.locator('[data-sort-key="mean"]').click();
      expect((await names()).slice(0, 2)).toEqual(['order_id', 'amount']);
      expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);
      await page.locator('[data-sort-key="mean"]').click();
      expect((await names())[0]).toBe('basket');
      await page.screenshot({ path: screenshotPath('eda-completed'), fullPage: true });
      expect(vegaWarnings.filter((w) => w.startsWith('WARN'))).toEqual([]);
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
  }, 120_000);
});
