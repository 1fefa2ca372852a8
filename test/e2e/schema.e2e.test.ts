import { describe, expect, it } from 'vitest';
import { screenshotPath, signUpInBrowser, useBrowserStudio } from '../support/browser';

const studio = useBrowserStudio();

describe('schema review in the browser', () => {
  it('shows the deduced schema, takes a one-click correction and accepts it', async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signUpInBrowser(page, studio.srv.url, 'Sam Schema');
    await page.getByRole('link', { name: 'Datasets', exact: true }).first().click();

    const rows = Array.from(
      { length: 60 },
      (_, i) => `${i + 1},${100 + (i % 4)},${(i * 1.5).toFixed(1)},${i % 2 ? 'yes' : 'no'}`
    );
    const csv = `order_id,store_code,amount,returned\n${rows.join('\n')}\n`;
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page
      .locator('[data-testid="dataset-row"][data-status="validated"]')
      .first()
      .waitFor({ timeout: 20_000 });
    await page.getByTestId('dataset-row').first().getByRole('link').first().click();

    const review = page.getByTestId('schema-review');
    await review.locator('[data-testid="schema-row"][data-column="store_code"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('schema-status').textContent()).toMatch(/Proposed/);
    expect(await page.getByTestId('schema-path').textContent()).toMatch(/Deterministic/);
    expect(await page.getByLabel('Type for returned').inputValue()).toBe('boolean');

    await page.getByLabel('Type for store_code').selectOption('text');
    await page.screenshot({ path: screenshotPath('schema-review'), fullPage: true });
    await page.getByRole('button', { name: 'Accept schema' }).click();
    await page.getByTestId('schema-status').filter({ hasText: 'Accepted' }).waitFor();

    const dataset = page.url().split('/').pop()!;
    const res = await page.evaluate(
      async (id) => (await fetch(`/api/datasets/${id}/schema`)).json(),
      dataset
    );
    const col = res.deduction.proposedSchema.columns.find((c: { name: string }) => c.name === 'store_code');
    expect(col.type).toBe('text');
    expect(res.deduction.columnMetadata.store_code.overridden.type).not.toBe('text');
    await page.screenshot({ path: screenshotPath('schema-accepted'), fullPage: true });
    await page.close();
  });
});
