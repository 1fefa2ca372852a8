import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { call, screenshotPath, signUpInBrowser, useBrowserStudio } from '../support/browser';

const SKLEARN = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
const SIZES = [
  ['wide', 1440, 900],
  ['laptop', 1024, 700],
  ['phone', 390, 844]
] as const;

const studio = useBrowserStudio();

async function shoot(page: Page, name: string) {
  for (const [size, width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: screenshotPath(`${name}-${size}`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function uploadFile(page: Page, file: string) {
  await page.getByLabel('CSV file').setInputFiles({
    name: file,
    mimeType: 'text/csv',
    buffer: await readFile(`${SKLEARN}/${file}`)
  });
  // The name defaults to the file's, without its extension.
  expect(await page.getByLabel('Name').inputValue()).toBe(file.replace(/\.csv$/, ''));
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
}

const workspaceOf = (page: Page) => /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;

describe('a file whose first line is not its header', () => {
  it("validates sklearn's breast_cancer.csv after one action, without re-uploading", async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signUpInBrowser(page, studio.srv.url, 'Sky Learner');
    await page.getByRole('link', { name: 'Datasets', exact: true }).first().click();
    await page.waitForURL(/\/datasets$/);
    await uploadFile(page, 'breast_cancer.csv');

    // Failed uploads wait in their own section, each with Retry and Delete.
    const failed = page.getByTestId('failed-datasets');
    await failed.locator('[data-status="failed"]').waitFor({ timeout: 30_000 });
    expect(await failed.textContent()).toContain('note above the table');
    await shoot(page, 'read-list-failed');

    await failed.getByRole('link', { name: 'breast_cancer' }).click();
    const panel = page.getByTestId('read-options');
    await panel.waitFor();
    // 569 ragged rows are one grouped problem, and the count speaks of lines.
    expect(await page.getByTestId('issue-count').textContent()).toBe('×569');
    expect(await page.getByTestId('problem-count').textContent()).toMatch(/569\s+lines with problems/);
    await shoot(page, 'read-breast-cancer-failed');

    // Line 2 of this file is its first row of numbers: there is no row of names to point at.
    await panel.getByRole('button', { name: 'Skip the first line (no header row)' }).click();
    await page.getByTestId('preview-table').waitFor({ timeout: 30_000 });
    const id = /datasets\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const { body } = await call<{ dataset: DatasetDto }>(page, 'GET', `/api/datasets/${id}`);
    expect(body.dataset).toMatchObject({ status: 'validated', numRows: 569, numColumns: 31 });
    await shoot(page, 'read-breast-cancer-validated');
    await page.close();
  });

  it("reads sklearn's boston_house_prices.csv with 'header row is line 2'", async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signUpInBrowser(page, studio.srv.url, 'Bo Ston');
    await page.getByRole('link', { name: 'Datasets', exact: true }).first().click();
    await uploadFile(page, 'boston_house_prices.csv');
    const row = page.locator('[data-testid="dataset-row"][data-status="validated"]');
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('link').first().click();
    const panel = page.getByTestId('read-options');
    await panel.waitFor();
    await shoot(page, 'read-boston-suggested');
    await panel.getByRole('button', { name: 'Header row is line 2' }).click();
    // Before, line 2 was read as data (and CRIM sat in the first row); now it names the columns.
    await panel.filter({ hasText: 'Now: header row is line 2' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('preview-table').waitFor();
    const id = /datasets\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const { body } = await call<{ dataset: DatasetDto }>(page, 'GET', `/api/datasets/${id}`);
    expect(body.dataset.columnNames!.slice(0, 2)).toEqual(['CRIM', 'ZN']);
    await shoot(page, 'read-boston-validated');
    await page.close();
  });
});

describe('the overview', () => {
  it('counts pipelines from the data and ticks "Build a pipeline" live', async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signUpInBrowser(page, studio.srv.url, 'Olive Overview');
    const ws = workspaceOf(page);
    const csv = `id,score,label\n${Array.from({ length: 30 }, (_, i) => `${i},${i * 0.5},${i % 2}`).join('\n')}\n`;
    const created = await call<{
      dataset: DatasetDto;
      upload: { url: string; headers: Record<string, string> };
    }>(page, 'POST', '/api/datasets', {
      name: 'scores',
      fileName: 'scores.csv',
      fileSize: csv.length,
      workspaceId: ws
    });
    await page.evaluate(
      async ({ url, headers, csv }) => {
        await fetch(url, { method: 'PUT', headers, body: csv });
      },
      { url: created.body.upload.url, headers: created.body.upload.headers, csv }
    );
    const datasetId = created.body.dataset.id;
    await call(page, 'POST', `/api/datasets/${datasetId}/complete`);
    for (let i = 0; i < 100; i++) {
      const { body } = await call<{ dataset: DatasetDto }>(page, 'GET', `/api/datasets/${datasetId}`);
      if (body.dataset.status === 'validated') break;
      await new Promise((r) => setTimeout(r, 200));
    }

    await page.goto(`${studio.srv.url}/w/${ws}`);
    await page.getByTestId('summary-count-datasets').filter({ hasText: '1' }).waitFor();
    expect(await page.getByTestId('summary-count-pipelines').textContent()).toBe('0');
    const step = page.locator('li', { hasText: 'Build a pipeline' });
    expect(await step.textContent()).toContain('(to do)');

    // Created elsewhere (the API, as a teammate would): the open overview follows.
    const res = await call(page, 'POST', '/api/pipelines', { name: 'Scoring', datasetId, workspaceId: ws });
    expect(res.status).toBe(201);
    await page.getByTestId('summary-count-pipelines').filter({ hasText: '1' }).waitFor();
    await step.filter({ hasText: '(done)' }).waitFor();
    await shoot(page, 'overview-counts');

    // A file with problems is explained as soon as it is chosen, before Import.
    await page.goto(`${studio.srv.url}/w/${ws}/pipelines`);
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a pipeline' });
    await dialog.getByLabel('Pipeline file').setInputFiles({
      name: 'old.pipeline.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'pipeweave.pipeline', formatVersion: 3, name: 'Old' }))
    });
    await dialog.getByTestId('import-issues').waitFor();
    expect(await dialog.textContent()).toMatch(/Fix what is listed below/);
    expect(await dialog.getByTestId('import-issues').textContent()).toContain('formatVersion');
    await shoot(page, 'import-checked-on-choose');
    await page.close();
  });
});
