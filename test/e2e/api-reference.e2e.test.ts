import { describe, expect, it } from 'vitest';
import { screenshotPath, signUpInBrowser, useBrowserStudio } from '../support/browser';

const studio = useBrowserStudio({ workers: false });

describe('the API reference page', () => {
  it('is linked from the navigation and renders the OpenAPI document offline', async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const foreign: string[] = [];
    const problems: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:')
        foreign.push(req.url());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });

    await signUpInBrowser(page, studio.srv.url, 'Reader Person');
    await page.getByRole('link', { name: 'API reference' }).click();
    await page.waitForURL(/\/docs\/api$/);
    await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();

    // RapiDoc renders into its shadow root; Playwright's locators pierce it.
    const doc = page.locator('rapi-doc');
    await doc.getByText('/api/auth/register', { exact: true }).waitFor({ timeout: 15_000 });
    await doc.getByText('/api/pipelines/{id}', { exact: true }).first().waitFor();
    for (const tag of [
      'Auth',
      'Workspaces',
      'Datasets',
      'Schema',
      'EDA',
      'Pipelines',
      'Versions',
      'Operations'
    ]) {
      expect(await doc.getByText(tag, { exact: true }).count(), tag).toBeGreaterThan(0);
    }
    // An operation opens with its parameters, body and the shared error envelope.
    await doc.getByText('/api/pipelines/{id}/versions/{version}', { exact: true }).click();
    await doc.getByText('One version with its config').first().waitFor();
    await page.screenshot({ path: screenshotPath('api-reference') });

    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
