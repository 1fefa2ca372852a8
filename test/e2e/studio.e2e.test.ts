import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorkspaceDto } from '../../contracts/api';
import type { PipelineDto } from '../../contracts/pipeline';
import {
  call,
  openStudio,
  screenshotPath,
  signUpInBrowser,
  uploadDataset,
  useBrowserStudio
} from '../support/browser';

const studio = useBrowserStudio();

/** A separate browser profile per person: each has their own session cookie. */
async function personPage(): Promise<Page> {
  const context = await studio.context({ viewport: { width: 1440, height: 900 } });
  return context.newPage();
}

const CSV = `age,income,churned\n${Array.from({ length: 30 }, (_, i) => `${20 + i},${1000 + i * 37},${i % 3 ? 'no' : 'yes'}`).join('\n')}\n`;

/** A team workspace owned by the page's user, a validated dataset in it, and an empty pipeline. */
async function teamPipeline(owner: Page) {
  const ws = await call<{ workspace: WorkspaceDto }>(owner, 'POST', '/api/workspaces', {
    name: 'Churn team'
  });
  expect(ws.status).toBe(201);
  const workspaceId = ws.body.workspace.id;
  const datasetId = await uploadDataset(owner, studio.srv.url, CSV, 'customers.csv', workspaceId);
  const pipeline = await call<{ pipeline: PipelineDto }>(owner, 'POST', '/api/pipelines', {
    name: 'Churn model',
    datasetId,
    workspaceId
  });
  expect(pipeline.status).toBe(201);
  return { workspaceId, pipelineId: pipeline.body.pipeline.id };
}

const steps = (page: Page) => page.getByTestId('step-node');
const stepOf = (page: Page, type: string) =>
  page
    .locator('.svelte-flow__node')
    .filter({ has: page.locator(`[data-testid="step-node"][data-type="${type}"]`) });
const edges = (page: Page) => page.locator('.svelte-flow__edge');
const headerVersion = async (page: Page) =>
  (await page.getByTestId('pipeline-version').textContent())?.trim();

/** Drags a connection from one step's output port to another's input port. */
async function connect(page: Page, fromType: string, toType: string) {
  const from = await stepOf(page, fromType).locator('.svelte-flow__handle.source').first().boundingBox();
  const to = await stepOf(page, toType).locator('.svelte-flow__handle.target').first().boundingBox();
  if (!from || !to) throw new Error('Port handles not found.');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2 + 20, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
  await page.mouse.up();
}

async function typesOn(page: Page): Promise<string[]> {
  const types = await steps(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-type') ?? ''));
  return types.sort();
}

describe('pipeline studio', () => {
  let workspaceId: string;
  let pipelineId: string;
  let ann: Page;
  let ben: Page;

  it('lets two editors build one pipeline together, each undoing only their own changes', async () => {
    ann = await personPage();
    ben = await personPage();
    await signUpInBrowser(ann, studio.srv.url, 'Ann Owner');
    const benEmail = await signUpInBrowser(ben, studio.srv.url, 'Ben Editor');
    ({ workspaceId, pipelineId } = await teamPipeline(ann));
    const added = await call(ann, 'POST', `/api/workspaces/${workspaceId}/members`, {
      email: benEmail,
      role: 'editor'
    });
    expect(added.status).toBe(201);

    await openStudio(ann, studio.srv.url, workspaceId, pipelineId);
    await openStudio(ben, studio.srv.url, workspaceId, pipelineId);
    await ann.getByTestId('empty-canvas').waitFor();
    await ann.screenshot({ path: screenshotPath('studio-empty') });

    // Ann adds a dataset and a scaling step from the palette and connects them.
    await ann.locator('[data-testid="palette-item"][data-type="dataset"]').click();
    await stepOf(ann, 'dataset').waitFor();
    await ann.locator('[data-testid="palette-item"][data-type="scale"]').click();
    await stepOf(ann, 'scale').waitFor();
    await ann.waitForTimeout(400);
    await connect(ann, 'dataset', 'scale');
    await expect.poll(() => edges(ann).count()).toBe(1);

    // Ben sees both steps, the edge, and Ann's pointer with her name.
    await expect.poll(() => typesOn(ben)).toEqual(['dataset', 'scale']);
    await expect.poll(() => edges(ben).count()).toBe(1);
    const annStep = await stepOf(ann, 'dataset').boundingBox();
    await ann.mouse.move(annStep!.x + annStep!.width / 2, annStep!.y - 40, { steps: 4 });
    const cursor = ben.getByTestId('remote-cursor').filter({ hasText: 'Ann Owner' });
    await cursor.waitFor({ timeout: 5_000 });
    await expect.poll(() => ben.getByTestId('presence-avatar').count()).toBe(2);
    await ann.screenshot({ path: screenshotPath('studio-ann-connected') });
    await ben.screenshot({ path: screenshotPath('studio-ben-sees-ann') });

    // Ben adds a model step, then undoes: only his step goes, for both of them.
    await ben.locator('[data-testid="palette-item"][data-type="logistic_regression"]').click();
    await expect.poll(() => typesOn(ann)).toEqual(['dataset', 'logistic_regression', 'scale']);
    await ben.screenshot({ path: screenshotPath('studio-ben-added') });
    await ben.getByTestId('canvas').click({ position: { x: 20, y: 300 } });
    await ben.keyboard.press('Control+z');
    await expect.poll(() => typesOn(ben)).toEqual(['dataset', 'scale']);
    await expect.poll(() => typesOn(ann)).toEqual(['dataset', 'scale']);
    expect(await edges(ann).count()).toBe(1);
    expect(await edges(ben).count()).toBe(1);
    await ann.screenshot({ path: screenshotPath('studio-ann-after-ben-undo') });
  });

  it('renames a step for everyone and validates the pipeline on the server', async () => {
    await stepOf(ann, 'scale').click();
    const properties = ann.getByTestId('properties');
    await properties.getByLabel('Label').fill('Scale income');
    await properties.getByLabel('Label').press('Enter');
    await expect.poll(() => stepOf(ben, 'scale').textContent()).toContain('Scale income');

    await ann.getByRole('button', { name: 'Validate' }).click();
    const summary = ann.getByTestId('validation-summary');
    await summary.waitFor();
    await expect.poll(() => summary.getAttribute('data-source')).toBe('server');
    // No model step yet: the server reports it.
    expect(await summary.textContent()).toMatch(/model/i);
    await ann.screenshot({ path: screenshotPath('studio-validated') });
  });

  it('keeps edits made offline and merges them when the connection is back', async () => {
    await ann.context().setOffline(true);
    await ann.locator('[data-testid="link-state"][data-state="offline"]').waitFor();
    await ann.locator('[data-testid="palette-item"][data-type="train_test_split"]').click();
    await stepOf(ann, 'train_test_split').waitFor();
    await ann.screenshot({ path: screenshotPath('studio-offline') });
    expect(await typesOn(ben)).toEqual(['dataset', 'scale']);

    await ann.context().setOffline(false);
    await ann.locator('[data-testid="link-state"][data-state="live"]').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => typesOn(ben), { timeout: 10_000 })
      .toEqual(['dataset', 'scale', 'train_test_split']);
    // Both see each other again straight away, not only after the next move.
    await expect.poll(() => ann.getByTestId('presence-avatar').count()).toBe(2);
    await expect.poll(() => ben.getByTestId('presence-avatar').count()).toBe(2);
    // And back out again, so the next checks start from the two connected steps.
    await ann.keyboard.press('Control+z');
    await expect.poll(() => typesOn(ben)).toEqual(['dataset', 'scale']);
  });

  it('shows a viewer the pipeline read-only', async () => {
    const vic = await personPage();
    const vicEmail = await signUpInBrowser(vic, studio.srv.url, 'Vic Viewer');
    const added = await call(ann, 'POST', `/api/workspaces/${workspaceId}/members`, {
      email: vicEmail,
      role: 'viewer'
    });
    expect(added.status).toBe(201);
    await openStudio(vic, studio.srv.url, workspaceId, pipelineId);
    await vic.getByTestId('view-only-notice').waitFor();
    await expect.poll(() => typesOn(vic)).toEqual(['dataset', 'scale']);
    expect(await vic.getByTestId('palette-item').count()).toBe(0);
    expect(await vic.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    await vic.screenshot({ path: screenshotPath('studio-viewer') });
  });

  it('shows a saved version read-only and draws a comparison with the live pipeline', async () => {
    const saved = await call(ann, 'POST', `/api/pipelines/${pipelineId}/versions`, { message: 'Two steps' });
    expect(saved.status).toBe(201);
    const { body } = await call<{ pipeline: PipelineDto }>(ann, 'GET', `/api/pipelines/${pipelineId}`);
    const scale = body.pipeline.config.nodes.find((n) => n.type === 'scale')!;
    // Someone replaces the graph through the API: the scale step changes, the dataset goes, an imputer comes.
    const replaced = await call(ann, 'PUT', `/api/pipelines/${pipelineId}/config`, {
      config: {
        nodes: [
          { ...scale, params: { ...scale.params, method: 'minmax' } },
          {
            id: 'impute_1',
            type: 'impute',
            params: {},
            position: { x: scale.position.x, y: scale.position.y + 180 }
          }
        ],
        edges: []
      }
    });
    expect(replaced.status).toBe(200);
    await expect.poll(() => typesOn(ann)).toEqual(['impute', 'scale']);

    await ann.getByRole('tab', { name: 'Versions' }).click();
    const version = ann.locator(
      `[data-testid="version-item"][data-version="${(saved.body as { version: { version: number } }).version.version}"]`
    );
    await version.getByRole('button', { name: 'Compare with live' }).click();
    await ann.getByTestId('compare-banner').waitFor();
    await expect.poll(() => ann.locator('[data-testid="step-node"][data-diff="removed"]').count()).toBe(1);
    expect(await ann.locator('[data-testid="step-node"][data-diff="added"]').count()).toBe(1);
    expect(await ann.locator('[data-testid="step-node"][data-diff="changed"]').count()).toBe(1);
    expect(await ann.getByTestId('palette-item').count()).toBe(0);
    await ann.getByRole('toolbar', { name: 'Canvas' }).getByRole('button', { name: 'Fit view' }).click();
    await ann.waitForTimeout(300);
    await ann.screenshot({ path: screenshotPath('studio-compare') });

    await version.getByRole('button', { name: 'View' }).click();
    await ann.getByTestId('version-banner').waitFor();
    await expect.poll(() => typesOn(ann)).toEqual(['dataset', 'scale']);
    await ann.screenshot({ path: screenshotPath('studio-version-preview') });
    await ann.getByTestId('version-banner').getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => typesOn(ann)).toEqual(['impute', 'scale']);
  });

  it('keeps the header and the Versions panel in step with saves and with the canvas', async () => {
    const panel = ann.getByTestId('versions-panel');
    const { body } = await call<{ pipeline: PipelineDto }>(ann, 'GET', `/api/pipelines/${pipelineId}`);
    const latest = body.pipeline.version;
    // The version saved through the API above reached both headers as an event.
    await expect.poll(() => headerVersion(ann)).toBe(`v${latest}`);
    await expect.poll(() => headerVersion(ben)).toBe(`v${latest}`);

    await panel.getByPlaceholder('What changed? (optional)').fill('Imputer added');
    await panel.getByRole('button', { name: 'Save version' }).click();
    await panel.locator(`[data-testid="version-item"][data-version="${latest + 1}"]`).waitFor();
    await expect.poll(() => headerVersion(ann)).toBe(`v${latest + 1}`);
    await expect.poll(() => headerVersion(ben)).toBe(`v${latest + 1}`);
    // Still no model step, so saving left the pipeline a draft.
    expect(await ann.getByTestId('pipeline-status').getAttribute('data-status')).toBe('draft');
    await ann.locator('header.studio-header').screenshot({ path: screenshotPath('studio-header-saved') });

    const first = panel.locator(`[data-testid="version-item"][data-version="${latest}"]`);
    const viewButton = first.getByRole('button', { name: /^View/ });
    await viewButton.click();
    await ann.getByTestId('version-banner').waitFor();
    await expect.poll(() => viewButton.textContent()).toContain('Viewing');
    await ann.getByTestId('version-banner').getByRole('button', { name: 'Back to live' }).click();
    await ann.getByTestId('version-banner').waitFor({ state: 'detached' });
    await expect.poll(() => viewButton.textContent()).not.toContain('Viewing');
    expect(await viewButton.getAttribute('aria-pressed')).toBe('false');
    expect(await panel.getByText('Viewing').count()).toBe(0);

    const compareButton = first.getByRole('button', { name: 'Compare with live' });
    await compareButton.click();
    await ann.getByTestId('compare-banner').waitFor();
    await panel.getByTestId('diff-summary').waitFor();
    expect(await compareButton.getAttribute('aria-pressed')).toBe('true');
    await ann.getByTestId('compare-banner').getByRole('button', { name: 'Back to live' }).click();
    await panel.getByTestId('diff-summary').waitFor({ state: 'detached' });
    expect(await compareButton.getAttribute('aria-pressed')).toBe('false');
  });
});
