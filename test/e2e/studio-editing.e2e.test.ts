import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorkspaceDto } from '../../contracts/api';
import type { PipelineConfig, PipelineDto } from '../../contracts/pipeline';
import { call, openStudio, screenshotPath, signUpInBrowser, useBrowserStudio } from '../support/browser';
import { datasetWithPipeline } from '../support/collab';

const studio = useBrowserStudio();

/** A separate browser profile per person: each has their own session cookie. */
async function personPage(viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await studio.context({ viewport });
  // Below the test's own timeout, so a missing element fails with its selector rather than a bare timeout.
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

const LINE: PipelineConfig = {
  nodes: [
    { id: 'data', type: 'dataset', params: {}, position: { x: 0, y: 0 } },
    { id: 'scale', type: 'scale', params: { method: 'minmax' }, position: { x: 280, y: 0 } },
    { id: 'fill', type: 'impute', params: {}, position: { x: 560, y: 0 } }
  ],
  edges: [
    { id: 'e1', source: 'data', target: 'scale' },
    { id: 'e2', source: 'scale', target: 'fill' }
  ]
};

/** A new user with a pipeline (made straight in the database) in a workspace of theirs. */
async function ownerWithPipeline(page: Page, name: string, config?: PipelineConfig, team = false) {
  await signUpInBrowser(page, studio.srv.url, name);
  const me = await call<{ user: { id: string } }>(page, 'GET', '/api/auth/me');
  let workspaceId = /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  if (team) {
    const ws = await call<{ workspace: WorkspaceDto }>(page, 'POST', '/api/workspaces', { name: 'Team' });
    expect(ws.status).toBe(201);
    workspaceId = ws.body.workspace.id;
  }
  const { pipeline } = await datasetWithPipeline(me.body.user.id, workspaceId, config);
  return { workspaceId, pipelineId: pipeline.id };
}

async function restPipeline(page: Page, pipelineId: string): Promise<PipelineDto> {
  const res = await call<{ pipeline: PipelineDto }>(page, 'GET', `/api/pipelines/${pipelineId}`);
  expect(res.status).toBe(200);
  return res.body.pipeline;
}

const nodeOf = (page: Page, id: string) => page.locator(`.svelte-flow__node[data-id="${id}"]`);
const edges = (page: Page) => page.locator('.svelte-flow__edge');
const nodeIds = (page: Page) =>
  page
    .locator('.svelte-flow__node')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? '').sort());

describe('editing in the pipeline studio', () => {
  it('adds a step where it is dropped from the palette', async () => {
    const page = await personPage();
    const { workspaceId, pipelineId } = await ownerWithPipeline(page, 'Dana Dropper');
    await openStudio(page, studio.srv.url, workspaceId, pipelineId);
    await page.getByTestId('empty-canvas').waitFor();

    // Off-centre on purpose: a click on the palette item would place the step in the middle.
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    const drop = { x: Math.round(canvas.width * 0.25), y: Math.round(canvas.height * 0.7) };
    await page
      .locator('[data-testid="palette-item"][data-type="dataset"]')
      .dragTo(page.getByTestId('canvas'), { targetPosition: drop });

    const node = page.locator('.svelte-flow__node').filter({
      has: page.locator('[data-testid="step-node"][data-type="dataset"]')
    });
    await node.waitFor();
    const box = (await node.boundingBox())!;
    const at = { x: canvas.x + drop.x, y: canvas.y + drop.y };
    expect(at.x).toBeGreaterThan(box.x);
    expect(at.x).toBeLessThan(box.x + box.width);
    expect(at.y).toBeGreaterThan(box.y);
    expect(at.y).toBeLessThan(box.y + box.height);
    expect(Math.abs(box.x + box.width / 2 - (canvas.x + canvas.width / 2))).toBeGreaterThan(100);
    await page.getByTestId('empty-canvas').waitFor({ state: 'detached' });
    await page.screenshot({ path: screenshotPath('studio-dropped') });

    // The row follows the document: the step is there, where the canvas drew it.
    const id = (await node.getAttribute('data-id'))!;
    const drawn = await node.evaluate((el) => new DOMMatrix(getComputedStyle(el).transform));
    await expect
      .poll(async () => (await restPipeline(page, pipelineId)).config.nodes, { timeout: 5_000 })
      .toEqual([expect.objectContaining({ id, type: 'dataset', position: { x: drawn.e, y: drawn.f } })]);
  });

  it('deletes a step with its connections by keyboard, and undoes and redoes that', async () => {
    const page = await personPage();
    const { workspaceId, pipelineId } = await ownerWithPipeline(page, 'Kai Keys', LINE);
    await openStudio(page, studio.srv.url, workspaceId, pipelineId);
    await expect.poll(() => nodeIds(page)).toEqual(['data', 'fill', 'scale']);
    await expect.poll(() => edges(page).count()).toBe(2);

    await nodeOf(page, 'scale').click();
    await expect.poll(() => nodeOf(page, 'scale').getAttribute('class')).toContain('selected');
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeIds(page)).toEqual(['data', 'fill']);
    expect(await edges(page).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('studio-deleted') });

    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).toEqual(['data', 'fill', 'scale']);
    await expect.poll(() => edges(page).count()).toBe(2);

    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => nodeIds(page)).toEqual(['data', 'fill']);
    expect(await edges(page).count()).toBe(0);

    // Ctrl+Y is the other redo binding; Backspace the other delete key.
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).toEqual(['data', 'fill', 'scale']);
    await page.keyboard.press('Control+y');
    await expect.poll(() => nodeIds(page)).toEqual(['data', 'fill']);
    await nodeOf(page, 'fill').click();
    await page.keyboard.press('Backspace');
    await expect.poll(() => nodeIds(page)).toEqual(['data']);

    await expect
      .poll(async () => (await restPipeline(page, pipelineId)).config, { timeout: 5_000 })
      .toEqual({ nodes: [expect.objectContaining({ id: 'data' })], edges: [] });
  });

  it('renames the pipeline from the header, live for a collaborator and in REST', async () => {
    const ann = await personPage();
    const ben = await personPage();
    const { workspaceId, pipelineId } = await ownerWithPipeline(ann, 'Ann Namer', LINE, true);
    const benEmail = await signUpInBrowser(ben, studio.srv.url, 'Ben Watcher');
    const added = await call(ann, 'POST', `/api/workspaces/${workspaceId}/members`, {
      email: benEmail,
      role: 'editor'
    });
    expect(added.status).toBe(201);
    await openStudio(ann, studio.srv.url, workspaceId, pipelineId);
    await openStudio(ben, studio.srv.url, workspaceId, pipelineId);
    const benTitle = ben.locator('header.studio-header h1');
    expect(await benTitle.textContent()).toBe('Churn model');

    await ann.getByRole('button', { name: 'Churn model' }).click();
    const input = ann.getByLabel('Pipeline name');
    await input.fill('Churn model v2');
    await ann.locator('header.studio-header').screenshot({ path: screenshotPath('studio-renaming') });
    await input.press('Enter');
    await input.waitFor({ state: 'detached' });

    await expect.poll(() => benTitle.textContent()).toBe('Churn model v2');
    await expect.poll(() => ben.title()).toMatch(/^Churn model v2 · /);
    expect(await ann.locator('header.studio-header h1').textContent()).toBe('Churn model v2');
    await expect
      .poll(async () => (await restPipeline(ben, pipelineId)).name, { timeout: 5_000 })
      .toBe('Churn model v2');
    await ben.locator('header.studio-header').screenshot({ path: screenshotPath('studio-renamed-seen') });

    // Escape cancels: the input's blur as it goes must not save the draft either.
    await ann.getByRole('button', { name: 'Churn model v2' }).click();
    await input.fill('Not this');
    await input.press('Escape');
    await input.waitFor({ state: 'detached' });
    await ann.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await ann.locator('header.studio-header h1').textContent()).toBe('Churn model v2');
  });

  it('lets a viewer who is made an editor build at once, without reloading', async () => {
    const ann = await personPage();
    const vic = await personPage();
    const { workspaceId, pipelineId } = await ownerWithPipeline(ann, 'Ann Owner', LINE, true);
    const vicEmail = await signUpInBrowser(vic, studio.srv.url, 'Vic Viewer');
    const added = await call(ann, 'POST', `/api/workspaces/${workspaceId}/members`, {
      email: vicEmail,
      role: 'viewer'
    });
    expect(added.status).toBe(201);
    const vicId = (await call<{ user: { id: string } }>(vic, 'GET', '/api/auth/me')).body.user.id;
    await openStudio(ann, studio.srv.url, workspaceId, pipelineId);
    await openStudio(vic, studio.srv.url, workspaceId, pipelineId);
    const palette = vic.getByRole('complementary', { name: 'Steps' });
    expect(await palette.count()).toBe(0); // viewers get no palette

    const promoted = await call(ann, 'PATCH', `/api/workspaces/${workspaceId}/members/${vicId}`, {
      role: 'editor'
    });
    expect(promoted.status).toBe(200);
    await palette.waitFor();
    await palette.locator('[data-testid="palette-item"][data-type="drop_missing"]').click();
    // The room takes the new editor's step: the owner sees it, and so does REST.
    await expect.poll(async () => (await nodeIds(ann)).length).toBe(4);
    await expect
      .poll(async () => (await restPipeline(ann, pipelineId)).config.nodes.length, { timeout: 5_000 })
      .toBe(4);
    await vic.screenshot({ path: screenshotPath('studio-promoted') });
  });

  it('keeps the palette and the canvas usable in a narrow window', async () => {
    const page = await personPage({ width: 800, height: 900 });
    const { workspaceId, pipelineId } = await ownerWithPipeline(page, 'Nia Narrow', LINE);
    await openStudio(page, studio.srv.url, workspaceId, pipelineId);
    await expect.poll(() => nodeIds(page)).toEqual(['data', 'fill', 'scale']);

    const palette = page.getByRole('complementary', { name: 'Steps' });
    for (const [width, shot] of [
      [800, 'studio-narrow'],
      [480, 'studio-phone']
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      // Canvas first: the palette waits behind the toolbar's Steps button.
      await palette.waitFor({ state: 'hidden' });
      await page.screenshot({ path: screenshotPath(shot) });
      const canvas = (await page.getByTestId('canvas').boundingBox())!;
      expect(canvas.width).toBeGreaterThan(width * 0.95);
      expect(canvas.height).toBeGreaterThan(500);
      // Nothing else sits on top of the canvas: its middle takes the pointer.
      const hit = await page.evaluate(
        ({ x, y }) => !!document.elementFromPoint(x, y)?.closest('[data-testid="canvas"]'),
        { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 }
      );
      expect(hit).toBe(true);
      // The studio fits the window below the top bar: the page itself does not scroll.
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight))
        .toBeLessThanOrEqual(0);
    }

    // Still the way to add a step: it slides over the canvas and away again.
    await page.getByTestId('toggle-palette').click();
    await palette.waitFor();
    await palette.locator('[data-testid="palette-item"][data-type="drop_missing"]').click();
    await expect.poll(async () => (await nodeIds(page)).length).toBe(4);
    await palette.waitFor({ state: 'hidden' });
  });
});
