import crypto from 'node:crypto';

import { describe, expect, it } from 'vitest';
import { screenshotPath, signUpInBrowser, useBrowserStudio } from '../support/browser';

const studio = useBrowserStudio();

describe('datasets in the browser', () => {
  it('uploads a CSV by drag and drop and sees it validated without reloading', async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signUpInBrowser(page, studio.srv.url, 'Dana Dropper');
    await page.getByRole('link', { name: 'Datasets', exact: true }).first().click();
    await page.waitForURL(/\/datasets$/);

    const rows = Array.from(
      { length: 200 },
      (_, i) => `${i},${(i * 0.37).toFixed(2)},${i % 3 === 0 ? 'red' : 'blue'}`
    );
    const csv = `id,score,colour\n${rows.join('\n')}\n${crypto.randomInt(1e6)},0,green\n`;
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'scores.csv', { type: 'text/csv' }));
      return dt;
    }, csv);
    const zone = page.getByTestId('dropzone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    // Dropping stages the file with an editable name; the upload starts on Upload.
    await page.getByRole('button', { name: 'Upload', exact: true }).click();

    const row = page.getByTestId('dataset-row').filter({ hasText: 'scores' }).first();
    await row.waitFor();
    await page
      .locator('[data-testid="dataset-row"][data-status="validated"]')
      .first()
      .waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('status-chip').textContent()).toMatch(/Validated/);
    await page.screenshot({ path: screenshotPath('datasets-validated') });

    await row.getByRole('link').first().click();
    await page.getByTestId('preview-table').waitFor();
    expect(await page.getByTestId('preview-table').textContent()).toMatch(/colour/);
    await page.screenshot({ path: screenshotPath('dataset-detail'), fullPage: true });
    await page.close();
  });

  it('shows why a malformed CSV failed', async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signUpInBrowser(page, studio.srv.url, 'Rita Ragged');
    await page.getByRole('link', { name: 'Datasets', exact: true }).first().click();
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n3,4,5\n') });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page
      .locator('[data-testid="dataset-row"][data-status="failed"]')
      .first()
      .waitFor({ timeout: 20_000 });
    await page.getByTestId('dataset-row').first().getByRole('link').first().click();
    const errors = page.getByTestId('validation-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toMatch(/line 3/i);
    await page.screenshot({ path: screenshotPath('dataset-failed'), fullPage: true });
    await page.close();
  });
});
