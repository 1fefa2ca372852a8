import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import type { PipelineConfig, PipelineDto } from '../../contracts/pipeline';
import { TrainingJob } from '../../models';
import { call, screenshotPath, signUpInBrowser, uploadDataset, useBrowserStudio } from '../support/browser';

const studio = useBrowserStudio();

const CSV = `age,income,churned\n${Array.from({ length: 40 }, (_, i) => `${20 + i},${1000 + i * 37},${i % 3 === 0 ? 'yes' : 'no'}`).join('\n')}\n`;

const CONFIG: PipelineConfig = {
  nodes: [
    { id: 'data', type: 'dataset', params: {}, position: { x: 0, y: 0 } },
    {
      id: 'scale',
      type: 'scale',
      label: 'Scale income',
      params: { method: 'minmax' },
      position: { x: 240, y: 0 }
    }
  ],
  edges: [{ id: 'e1', source: 'data', target: 'scale' }]
};

/** Uploads the CSV through the API and waits until validation has finished. */
async function validatedDataset(page: Page, name: string, workspaceId?: string): Promise<DatasetDto> {
  const id = await uploadDataset(page, studio.srv.url, CSV, name, workspaceId);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { body } = await call<{ dataset: DatasetDto }>(page, 'GET', `/api/datasets/${id}`);
    if (body.dataset.status === 'validated') return body.dataset;
    if (body.dataset.status === 'failed') throw new Error('The test dataset failed validation.');
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('The test dataset was not validated in time.');
}

async function createPipeline(page: Page, name: string, datasetId: string, workspaceId?: string) {
  const res = await call<{ pipeline: PipelineDto }>(page, 'POST', '/api/pipelines', {
    name,
    datasetId,
    workspaceId,
    config: CONFIG
  });
  expect(res.status).toBe(201);
  return res.body.pipeline;
}

const workspaceOf = (page: Page) => /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;

describe('pipelines list in the browser', () => {
  it('creates a pipeline from the list page and finds it listed', async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signUpInBrowser(page, studio.srv.url, 'Pia Pipeline');
    const ws = workspaceOf(page);
    await validatedDataset(page, 'customers.csv');

    await page.goto(`${studio.srv.url}/w/${ws}/pipelines`);
    await page.getByText('No pipelines in this workspace yet.').waitFor();
    await page.screenshot({ path: screenshotPath('pipelines-empty') });

    await page.getByRole('button', { name: 'New pipeline' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New pipeline' });
    await dialog.getByRole('button', { name: 'Create pipeline' }).click();
    await dialog.getByText('Give the pipeline a name.').waitFor();
    await dialog.getByLabel('Name').fill('Churn model');
    await dialog.getByLabel('Dataset').selectOption({ label: 'customers.csv' });
    await dialog.getByLabel(/Description/).fill('Predicts who cancels next month.');
    await page.screenshot({ path: screenshotPath('pipelines-new-dialog') });
    await dialog.getByRole('button', { name: 'Create pipeline' }).click();
    await page.waitForURL(new RegExp(`/w/${ws}/pipelines/[0-9a-f-]{36}$`));

    await page.goto(`${studio.srv.url}/w/${ws}/pipelines`);
    const row = page.getByTestId('pipeline-row').filter({ hasText: 'Churn model' });
    await row.waitFor();
    expect(await row.textContent()).toContain('customers.csv');
    expect(await row.textContent()).toContain('Predicts who cancels next month.');
    expect(await row.getByTestId('pipeline-status').textContent()).toMatch(/Draft|Validated/);
    await page.screenshot({ path: screenshotPath('pipelines-list') });
    await page.close();
  });

  it('imports an exported file and lists what is wrong with a broken one', async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signUpInBrowser(page, studio.srv.url, 'Ian Importer');
    const ws = workspaceOf(page);
    const dataset = await validatedDataset(page, 'accounts.csv');
    const original = await createPipeline(page, 'Account scoring', dataset.id);

    const exported = await page.evaluate(
      async (id) => (await fetch(`/api/pipelines/${id}/export`)).text(),
      original.id
    );
    const file = JSON.parse(exported) as { format: string; name: string; config: PipelineConfig };
    expect(file.format).toBe('pipeweave.pipeline');
    file.name = 'Account scoring (copy)';

    await page.goto(`${studio.srv.url}/w/${ws}/pipelines`);
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a pipeline' });
    await dialog.getByLabel('Pipeline file').setInputFiles({
      name: 'account-scoring.pipeline.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file))
    });
    await dialog.getByTestId('import-file-name').filter({ hasText: 'Account scoring (copy)' }).waitFor();
    await dialog.getByLabel('Dataset').selectOption({ label: 'accounts.csv' });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Pipeline imported').waitFor();
    const row = page.getByTestId('pipeline-row').filter({ hasText: 'Account scoring (copy)' });
    await row.waitFor();
    expect(await page.getByTestId('pipeline-row').count()).toBe(2);

    // A file that is not JSON is caught before anything is sent.
    await page.getByRole('button', { name: 'Import' }).click();
    await dialog.getByLabel('Pipeline file').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('not json at all')
    });
    await dialog.getByText(/This file is not JSON/).waitFor();

    // A broken export: the server names each offending path and the dialog lists them.
    const broken = {
      ...file,
      formatVersion: 7,
      config: { ...file.config, nodes: [{ ...file.config.nodes[0]!, type: 'teleport' }] }
    };
    await dialog.getByLabel('Pipeline file').setInputFiles({
      name: 'broken.pipeline.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken))
    });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const issues = dialog.getByTestId('import-issues');
    await issues.waitFor();
    expect(await issues.textContent()).toContain('formatVersion');
    await page.screenshot({ path: screenshotPath('pipelines-import-errors') });

    // Fixing the version leaves the unknown node type, reported at its path inside the file.
    await dialog.getByLabel('Pipeline file').setInputFiles({
      name: 'broken.pipeline.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...broken, formatVersion: 1 }))
    });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await issues.filter({ hasText: 'config.nodes[0].type' }).waitFor();
    expect(await issues.textContent()).toContain('teleport');
    await page.screenshot({ path: screenshotPath('pipelines-import-unknown-type') });
    expect(await page.getByTestId('pipeline-row').count()).toBe(2);
    await page.close();
  });

  it('deletes a pipeline after confirming, and says why a training one stays', async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signUpInBrowser(page, studio.srv.url, 'Dora Deleter');
    const ws = workspaceOf(page);
    const dataset = await validatedDataset(page, 'orders.csv');
    const training = await createPipeline(page, 'Keep me', dataset.id);
    const doomed = await createPipeline(page, 'Remove me', dataset.id);
    const me = await call<{ user: { id: string } }>(page, 'GET', '/api/auth/me');
    await TrainingJob.create({
      pipelineId: training.id,
      datasetId: dataset.id,
      userId: me.body.user.id,
      workspaceId: ws,
      pipelineSnapshot: CONFIG
    } as never);

    await page.goto(`${studio.srv.url}/w/${ws}/pipelines`);
    await page.getByTestId('pipeline-row').filter({ hasText: 'Keep me' }).waitFor();
    await page.getByRole('button', { name: 'Delete Keep me' }).click();
    const refusal = page.getByRole('dialog', { name: 'Delete pipeline?' });
    await refusal.getByRole('button', { name: 'Delete pipeline' }).click();
    await refusal.getByText(/is training/).waitFor();
    await page.screenshot({ path: screenshotPath('pipelines-delete-refused') });
    await refusal.getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('pipeline-row').filter({ hasText: 'Remove me' }).waitFor();
    await page.getByRole('button', { name: 'Delete Remove me' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete pipeline?' });
    await dialog.getByText('“Remove me”').waitFor();
    await page.screenshot({ path: screenshotPath('pipelines-delete-confirm') });
    await dialog.getByRole('button', { name: 'Delete pipeline' }).click();
    await page.getByTestId('pipeline-row').filter({ hasText: 'Remove me' }).waitFor({ state: 'detached' });
    expect(await page.getByTestId('pipeline-row').count()).toBe(1);
    expect((await call(page, 'GET', `/api/pipelines/${doomed.id}`)).status).toBe(404);
    await page.close();
  });

  it('compares, saves and restores versions in the studio', async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signUpInBrowser(page, studio.srv.url, 'Vera Versions');
    const ws = workspaceOf(page);
    const dataset = await validatedDataset(page, 'leads.csv');
    const pipeline = await createPipeline(page, 'Lead scoring', dataset.id);
    const changed = structuredClone(CONFIG);
    changed.nodes[1]!.params = { method: 'standard' };
    expect(
      (await call(page, 'PUT', `/api/pipelines/${pipeline.id}/config`, { config: changed })).status
    ).toBe(200);

    await page.goto(`${studio.srv.url}/w/${ws}/pipelines/${pipeline.id}`);
    await page.getByRole('tab', { name: 'Versions' }).click();
    const panel = page.getByTestId('versions-panel');
    const first = panel.locator('[data-testid="version-item"][data-version="1"]');
    await first.waitFor();
    await first.getByRole('button', { name: 'Compare with live' }).click();
    const diff = panel.getByTestId('diff-summary');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('Method: min-max → standard');
    await page.screenshot({ path: screenshotPath('pipelines-versions-compare') });

    await panel.getByPlaceholder('What changed? (optional)').fill('Standard scaling');
    await panel.getByRole('button', { name: 'Save version' }).click();
    const second = panel.locator('[data-testid="version-item"][data-version="2"]');
    await second.filter({ hasText: 'Standard scaling' }).waitFor();

    await first.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('dialog', { name: 'Restore v1?' }).getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('dialog', { name: 'Restore v1?' }).waitFor({ state: 'hidden' });
    const live = await call<{ pipeline: PipelineDto }>(page, 'GET', `/api/pipelines/${pipeline.id}`);
    expect(live.body.pipeline.config.nodes.find((n) => n.id === 'scale')?.params).toEqual({
      method: 'minmax'
    });
    await page.screenshot({ path: screenshotPath('pipelines-versions-restored') });
    await page.close();
  });

  it('shares comment threads between two open studios', async () => {
    const context = await studio.context({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signUpInBrowser(page, studio.srv.url, 'Cora Commenter');
    const ws = workspaceOf(page);
    const dataset = await validatedDataset(page, 'tickets.csv');
    const pipeline = await createPipeline(page, 'Ticket triage', dataset.id);
    // The same person in a second window (a background tab would be throttled): two documents
    // kept in step by the server.
    const second = await studio.context({
      viewport: { width: 1400, height: 900 },
      storageState: await context.storageState()
    });
    const other = await second.newPage();

    for (const p of [page, other]) {
      await p.goto(`${studio.srv.url}/w/${ws}/pipelines/${pipeline.id}`);
      await p.getByRole('tab', { name: 'Comments' }).click();
    }
    const mine = page.getByTestId('comments-panel');
    await mine.getByLabel('New comment').fill('Should we drop rows with a missing income?');
    await mine.getByRole('button', { name: 'Comment', exact: true }).click();

    const theirs = other.getByTestId('comments-panel');
    const thread = theirs.getByTestId('comment-thread').filter({ hasText: 'missing income' });
    await thread.waitFor();
    await thread.getByRole('button', { name: 'Reply' }).click();
    await thread.getByLabel('Reply').fill('Impute them instead.');
    await thread.getByRole('button', { name: 'Reply' }).click();
    await thread.getByRole('button', { name: 'Resolve' }).click();

    const seen = mine.locator('[data-testid="comment-thread"][data-resolved="true"]');
    await seen.filter({ hasText: 'Impute them instead.' }).waitFor();
    await mine.getByRole('button', { name: 'Open', exact: true }).click();
    await mine.getByText('Every thread is resolved.').waitFor();
    await mine.getByRole('button', { name: 'All', exact: true }).click();

    // A comment started with a node selected is pinned to it, for both tabs.
    await page.locator('.svelte-flow__node').filter({ hasText: 'Scale income' }).click();
    await page.getByRole('tab', { name: /Comments/ }).click();
    await mine.getByPlaceholder('Comment on Scale income…').fill('Min-max or standard scaling here?');
    await mine.getByRole('button', { name: 'Comment', exact: true }).click();
    const pinned = theirs.getByTestId('comment-thread').filter({ hasText: 'Min-max or standard' });
    await pinned.getByRole('button', { name: 'Scale income' }).waitFor();
    await mine.getByRole('button', { name: 'Selected node', exact: true }).click();
    expect(await mine.getByTestId('comment-thread').count()).toBe(1);
    await mine.getByRole('button', { name: 'All', exact: true }).click();
    expect(await mine.getByTestId('comment-thread').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('pipelines-comments') });
    await second.close();
    await context.close();
  });

  it('shows viewers the list without create, import or delete', async () => {
    const owner = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signUpInBrowser(owner, studio.srv.url, 'Olga Owner');
    const viewer = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const viewerEmail = await signUpInBrowser(viewer, studio.srv.url, 'Vic Viewer');

    const team = await call<{ workspace: { id: string } }>(owner, 'POST', '/api/workspaces', {
      name: 'Analytics'
    });
    const teamId = team.body.workspace.id;
    expect(
      (await call(owner, 'POST', `/api/workspaces/${teamId}/members`, { email: viewerEmail, role: 'viewer' }))
        .status
    ).toBe(201);
    const dataset = await validatedDataset(owner, 'visits.csv', teamId);
    await createPipeline(owner, 'Visit forecast', dataset.id, teamId);

    await viewer.goto(`${studio.srv.url}/w/${teamId}/pipelines`);
    const row = viewer.getByTestId('pipeline-row').filter({ hasText: 'Visit forecast' });
    await row.waitFor();
    expect(await viewer.getByText('You have view access').count()).toBe(1);
    expect(await viewer.getByRole('button', { name: 'New pipeline' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Import' }).count()).toBe(0);
    expect(await row.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    expect(await row.getByRole('button', { name: 'Export' }).count()).toBe(1);
    await viewer.screenshot({ path: screenshotPath('pipelines-viewer') });
    await owner.close();
    await viewer.close();
  });
});
