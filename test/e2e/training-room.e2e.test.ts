import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SchemaDeductionDto, WorkspaceDto } from '../../contracts/api';
import type { PipelineConfig, PipelineDto } from '../../contracts/pipeline';
import type { TrainingJobDto } from '../../contracts/training';
import {
  call,
  openStudio,
  screenshotPath,
  signUpInBrowser,
  uploadDataset,
  useBrowserStudio
} from '../support/browser';
import { CHURN_COLUMNS, churnCsv } from '../support/training';

const studio = useBrowserStudio();

async function personPage(width = 1440, height = 900): Promise<Page> {
  const context = await studio.context({ viewport: { width, height } });
  return context.newPage();
}

/** dataset → impute → one_hot → split → gradient boosting → evaluate: boosting reports a loss per tree. */
function boostingPipeline(): PipelineConfig {
  const node = (id: string, type: string, params: Record<string, unknown>, x: number) => ({
    id,
    type,
    params,
    position: { x, y: 0 }
  });
  return {
    nodes: [
      node('data', 'dataset', {}, 0),
      node('impute', 'impute', { strategy: 'most_frequent' }, 220),
      node('onehot', 'one_hot', { columns: ['plan'] }, 440),
      node('split', 'train_test_split', { test_size: 0.25, stratify: true, random_state: 3 }, 660),
      node('gb', 'gradient_boosting', { n_estimators: 40, learning_rate: 0.05, random_state: 7 }, 880),
      node('eval', 'evaluate', { metrics: ['accuracy', 'f1'] }, 1100)
    ],
    edges: [
      { id: 'e1', source: 'data', target: 'impute' },
      { id: 'e2', source: 'impute', target: 'onehot' },
      { id: 'e3', source: 'onehot', target: 'split' },
      { id: 'e4', source: 'split', target: 'gb' },
      { id: 'e5', source: 'gb', target: 'eval', targetPort: 'model' },
      { id: 'e6', source: 'split', target: 'eval', targetPort: 'data' }
    ]
  };
}

/** A team workspace of the page's user with a churn dataset whose schema is accepted, and the pipeline. */
async function trainablePipeline(owner: Page) {
  const ws = await call<{ workspace: WorkspaceDto }>(owner, 'POST', '/api/workspaces', {
    name: 'Churn team'
  });
  expect(ws.status).toBe(201);
  const workspaceId = ws.body.workspace.id;
  const datasetId = await uploadDataset(owner, studio.srv.url, churnCsv(3000, 5), 'churn.csv', workspaceId);
  let deduction: SchemaDeductionDto | null = null;
  await expect
    .poll(
      async () => {
        const res = await call<{ deduction: SchemaDeductionDto }>(
          owner,
          'GET',
          `/api/datasets/${datasetId}/schema`
        );
        deduction = res.status === 200 ? res.body.deduction : null;
        return res.status;
      },
      { timeout: 60_000, interval: 200 }
    )
    .toBe(200);
  const accepted = await call(owner, 'POST', `/api/schema-deductions/${deduction!.id}/accept`, {
    proposedSchema: { columns: CHURN_COLUMNS }
  });
  expect(accepted.status).toBe(200);
  const pipeline = await call<{ pipeline: PipelineDto }>(owner, 'POST', '/api/pipelines', {
    name: 'Churn model',
    datasetId,
    workspaceId,
    config: boostingPipeline()
  });
  expect(pipeline.status).toBe(201);
  return { workspaceId, pipelineId: pipeline.body.pipeline.id };
}

const room = (page: Page) => page.getByTestId('training-room');
const progressOf = async (page: Page) =>
  Number(await page.getByTestId('job-progress').getAttribute('data-progress'));
const lossPointsOf = async (page: Page) =>
  Number(await page.getByTestId('curve-loss').getAttribute('data-points'));

/** Progress, loss points and status read in one go, so "before it completes" is one moment. */
const snapshot = (page: Page) =>
  page.evaluate(() => ({
    status: document.querySelector('[data-testid="training-room"]')?.getAttribute('data-status'),
    progress: Number(document.querySelector('[data-testid="job-progress"]')?.getAttribute('data-progress')),
    points: Number(document.querySelector('[data-testid="curve-loss"]')?.getAttribute('data-points'))
  }));

describe('training room', () => {
  let ann: Page;
  let vic: Page;
  let workspaceId: string;
  let pipelineId: string;
  let jobId: string;

  it('starts a sweep from the studio and shows its status on the canvas', async () => {
    ann = await personPage();
    vic = await personPage();
    await signUpInBrowser(ann, studio.srv.url, 'Ann Owner');
    const vicEmail = await signUpInBrowser(vic, studio.srv.url, 'Vic Viewer');
    ({ workspaceId, pipelineId } = await trainablePipeline(ann));
    for (const page of [ann, vic]) page.on('pageerror', (err) => console.error('page error:', err.message));
    const added = await call(ann, 'POST', `/api/workspaces/${workspaceId}/members`, {
      email: vicEmail,
      role: 'viewer'
    });
    expect(added.status).toBe(201);

    await openStudio(ann, studio.srv.url, workspaceId, pipelineId);
    await ann.getByRole('button', { name: 'Sweep…' }).click();
    const dialog = ann.getByTestId('sweep-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('sweep-add').selectOption('gb.n_estimators');
    await dialog.getByLabel(/Values of .*Trees/).fill('40, 700, 1400');
    await expect.poll(() => dialog.getByTestId('sweep-runs').textContent()).toBe('3 runs');
    await ann.screenshot({ path: screenshotPath('training-sweep-dialog') });
    await dialog.getByRole('button', { name: 'Start training' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const last = ann.getByTestId('last-run');
    await last.waitFor({ timeout: 10_000 });
    await ann.screenshot({ path: screenshotPath('training-studio-last-run') });
    const href = await last.getAttribute('href');
    jobId = href!.split('/').at(-1)!;
    const job = await call<{ job: TrainingJobDto }>(ann, 'GET', `/api/jobs/${jobId}`);
    expect(job.body.job.sweep).toEqual({ kind: 'grid', runs: 3 });

    // A viewer sees the last run too, but cannot start one.
    await openStudio(vic, studio.srv.url, workspaceId, pipelineId);
    await vic.getByTestId('last-run').waitFor();
    expect(await vic.getByRole('button', { name: 'Train' }).count()).toBe(0);
  });

  it('lets two people watch one job: progress and the loss curve grow for both before it ends', async () => {
    await Promise.all([
      ann.goto(`${studio.srv.url}/w/${workspaceId}/jobs/${jobId}`),
      vic.goto(`${studio.srv.url}/w/${workspaceId}/jobs/${jobId}`)
    ]);
    await room(ann).waitFor();
    await room(vic).waitFor();

    await ann.screenshot({ path: screenshotPath('training-room-ann-opened'), fullPage: true });
    // Each sees the other watching.
    await expect.poll(() => ann.getByTestId('presence-avatar').count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => vic.getByTestId('presence-avatar').count(), { timeout: 10_000 }).toBe(2);

    const firstAnn = await progressOf(ann);
    const firstVic = await progressOf(vic);
    // The viewer has no Cancel; the editor has, while the job runs.
    expect(await vic.getByRole('button', { name: 'Cancel' }).count()).toBe(0);

    let seenWhileRunning = { ann: false, vic: false };
    await expect
      .poll(
        async () => {
          const [a, v] = await Promise.all([snapshot(ann), snapshot(vic)]);
          if (a.status === 'running' && a.points > 0 && a.progress > firstAnn) seenWhileRunning.ann = true;
          if (v.status === 'running' && v.points > 0 && v.progress > firstVic) seenWhileRunning.vic = true;
          return seenWhileRunning.ann && seenWhileRunning.vic;
        },
        { timeout: 90_000, interval: 100 }
      )
      .toBe(true)
      .catch(async (err: unknown) => {
        await ann.screenshot({ path: screenshotPath('training-room-ann-stuck'), fullPage: true });
        console.error('stuck at', await snapshot(ann), await snapshot(vic), seenWhileRunning);
        throw err;
      });
    expect(await ann.getByRole('button', { name: 'Cancel' }).count()).toBe(1);
    expect(await vic.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    await ann.screenshot({ path: screenshotPath('training-room-ann-running'), fullPage: true });
    await vic.screenshot({ path: screenshotPath('training-room-vic-running'), fullPage: true });

    // The curve keeps growing for both as more runs end, without a reload.
    const before = await lossPointsOf(vic);
    await expect.poll(() => lossPointsOf(vic), { timeout: 90_000 }).toBeGreaterThan(before);
    // And both end up with the same curves (points still arrive while this is checked).
    await expect
      .poll(async () => (await lossPointsOf(ann)) - (await lossPointsOf(vic)), { timeout: 60_000 })
      .toBe(0);
    seenWhileRunning = { ann: false, vic: false };
  }, 180_000);

  it('shows a comment pinned on a point of the curve to the other watcher at once', async () => {
    const point = ann.locator('[data-testid="curve-loss"] svg .mark-symbol path').nth(3);
    await point.click({ force: true });
    const pending = ann.getByTestId('pending-anchor');
    await pending.waitFor();
    expect(await pending.textContent()).toMatch(/Run \d+ · train_loss at step \d+/);
    await ann.getByLabel('Comment', { exact: true }).fill('The loss flattens out here');
    await ann.getByRole('button', { name: 'Comment', exact: true }).click();

    const seen = vic.getByTestId('job-comment').filter({ hasText: 'The loss flattens out here' });
    await seen.waitFor({ timeout: 10_000 });
    expect(await seen.getByTestId('comment-anchor').textContent()).toMatch(/train_loss at step \d+/);
    // The pin is drawn on the viewer's curve too.
    await expect
      .poll(() => vic.getByTestId('curve-loss').getAttribute('data-pins'), { timeout: 5_000 })
      .toBe('1');
    // Viewers read comments but do not write them.
    expect(await vic.getByLabel('Comment', { exact: true }).count()).toBe(0);
    await vic.screenshot({ path: screenshotPath('training-room-vic-comment'), fullPage: true });

    // Kept with the job: a reload shows it again.
    await vic.reload();
    await vic.getByTestId('job-comment').filter({ hasText: 'The loss flattens out here' }).waitFor();
  }, 60_000);

  it('fills the runs table and ends with the diagnostics the server provides', async () => {
    await expect.poll(() => room(vic).getAttribute('data-status'), { timeout: 120_000 }).toBe('completed');
    await expect.poll(() => vic.getByTestId('run-row').count()).toBe(3);
    await expect.poll(() => vic.locator('[data-testid="run-row"][data-status="completed"]').count()).toBe(3);
    // Sorting by accuracy puts the best first.
    await vic.locator('button[data-column="metric:accuracy"]').click();
    const column = await vic
      .locator('[data-testid="runs-table"] thead th')
      .evaluateAll((ths) => ths.findIndex((th) => th.querySelector('[data-column="metric:accuracy"]')));
    const accuracies = await vic
      .locator(`[data-testid="run-row"] td:nth-child(${column + 1})`)
      .evaluateAll((cells) => cells.map((c) => Number(c.textContent)));
    expect(accuracies).toHaveLength(3);
    expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a));
    // The job's best run is marked.
    expect(await vic.locator('[data-testid="run-row"] .badge').count()).toBe(1);
    await vic.getByTestId('diagnostics').waitFor();
    expect(await ann.getByRole('button', { name: 'Re-run' }).count()).toBe(1);
    expect(await vic.getByRole('button', { name: 'Re-run' }).count()).toBe(0);
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
      [390, 844]
    ] as const) {
      await vic.setViewportSize({ width: w, height: h });
      await vic.waitForTimeout(400);
      await vic.screenshot({ path: screenshotPath(`training-room-${w}x${h}`), fullPage: true });
    }
  }, 180_000);

  it('lists the job on the Jobs page, filtered by pipeline and status', async () => {
    await ann.goto(`${studio.srv.url}/w/${workspaceId}/jobs`);
    const row = ann.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('completed');
    await ann.getByTestId('filter-status').selectOption('queued');
    await expect.poll(() => ann.getByTestId('job-row').count()).toBe(0);
    await ann.getByTestId('filter-status').selectOption('completed');
    await ann.getByTestId('filter-pipeline').selectOption(pipelineId);
    await row.waitFor();
    expect(ann.url()).toContain('status=completed');
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
      [390, 844]
    ] as const) {
      await ann.setViewportSize({ width: w, height: h });
      await ann.waitForTimeout(300);
      await ann.screenshot({ path: screenshotPath(`jobs-page-${w}x${h}`), fullPage: true });
    }
  });

  it('lets an editor cancel a running job and start it again; the viewer sees it end', async () => {
    const started = await call<{ job: TrainingJobDto }>(ann, 'POST', `/api/pipelines/${pipelineId}/train`, {
      sweep: { 'gb.n_estimators': [4000] }
    });
    expect(started.status).toBe(202);
    const slowId = started.body.job.id;
    await ann.setViewportSize({ width: 1440, height: 900 });
    await Promise.all([
      ann.goto(`${studio.srv.url}/w/${workspaceId}/jobs/${slowId}`),
      vic.goto(`${studio.srv.url}/w/${workspaceId}/jobs/${slowId}`)
    ]);
    await expect.poll(() => room(ann).getAttribute('data-status'), { timeout: 30_000 }).toBe('running');
    expect(await vic.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    await ann.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => room(vic).getAttribute('data-status'), { timeout: 15_000 }).toBe('cancelled');
    await expect.poll(() => room(ann).getAttribute('data-status'), { timeout: 5_000 }).toBe('cancelled');
    expect(await vic.getByRole('button', { name: 'Re-run' }).count()).toBe(0);
    await ann.screenshot({ path: screenshotPath('training-room-cancelled'), fullPage: true });

    await ann.getByRole('button', { name: 'Re-run' }).click();
    await ann.waitForURL((url) => !url.pathname.endsWith(slowId) && url.pathname.includes('/jobs/'));
    const againId = ann.url().split('/').at(-1)!;
    const again = await call<{ job: TrainingJobDto }>(ann, 'GET', `/api/jobs/${againId}`);
    expect(again.body.job.sweep).toEqual({ kind: 'grid', runs: 1 });
    const runs = await call<{ runs: { hyperparameters: Record<string, unknown> }[] }>(
      ann,
      'GET',
      `/api/jobs/${againId}/runs`
    );
    expect(runs.body.runs[0]!.hyperparameters).toEqual({ 'gb.n_estimators': 4000 });
    await call(ann, 'POST', `/api/jobs/${againId}/cancel`);

    // The studio shows the newest job on the canvas, at every width.
    await openStudio(ann, studio.srv.url, workspaceId, pipelineId);
    await expect.poll(() => ann.getByTestId('last-run').getAttribute('href')).toContain(againId);
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
      [390, 844]
    ] as const) {
      await ann.setViewportSize({ width: w, height: h });
      await ann.waitForTimeout(300);
      await ann.screenshot({ path: screenshotPath(`training-studio-${w}x${h}`) });
    }
  }, 90_000);
});
