import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorkspaceDto } from '../../contracts/api';
import type { PipelineConfig } from '../../contracts/pipeline';
import { call, openStudio, screenshotPath, signUpInBrowser, useBrowserStudio } from '../support/browser';
import { datasetWithPipeline } from '../support/collab';

const studio = useBrowserStudio();

async function personPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await studio.context({ viewport });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

/** Six connected steps placed so that their edges cross. */
const TANGLED: PipelineConfig = {
  nodes: [
    { id: 'data', type: 'dataset', params: {}, position: { x: 600, y: 300 } },
    { id: 'fill', type: 'impute', params: {}, position: { x: 0, y: 0 } },
    { id: 'scale', type: 'scale', params: { method: 'minmax' }, position: { x: 700, y: 0 } },
    { id: 'split', type: 'train_test_split', params: {}, position: { x: 50, y: 320 } },
    { id: 'forest', type: 'random_forest', params: {}, position: { x: 350, y: 500 } },
    { id: 'eval', type: 'evaluate', params: {}, position: { x: 300, y: 100 } }
  ],
  edges: [
    { id: 'e1', source: 'data', target: 'fill' },
    { id: 'e2', source: 'fill', target: 'scale' },
    { id: 'e3', source: 'scale', target: 'split' },
    { id: 'e4', source: 'split', target: 'forest' },
    { id: 'e5', source: 'forest', target: 'eval', targetPort: 'model' },
    { id: 'e6', source: 'split', target: 'eval', targetPort: 'data' }
  ]
};

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

type Box = { x: number; y: number; width: number; height: number };
const box = async (page: Page, testId: string): Promise<Box> =>
  (await page.getByTestId(testId).boundingBox())!;
const nodeOf = (page: Page, id: string) => page.locator(`.svelte-flow__node[data-id="${id}"]`);
const right = (b: Box) => b.x + b.width;
const bottom = (b: Box) => b.y + b.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  right(inner) <= right(outer) + 1 &&
  bottom(inner) <= bottom(outer) + 1;

async function positions(page: Page, pipelineId: string) {
  const res = await call<{ pipeline: { config: PipelineConfig } }>(
    page,
    'GET',
    `/api/pipelines/${pipelineId}`
  );
  return Object.fromEntries(res.body.pipeline.config.nodes.map((n) => [n.id, n.position]));
}

/** Pairs of drawn connections that cross, sampling each path; shared ends do not count. */
function crossingEdges(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type P = { x: number; y: number };
    const paths = [
      ...document.querySelectorAll<SVGPathElement>('.svelte-flow__edge path.svelte-flow__edge-path')
    ];
    const lines = paths.map((path) => {
      const length = path.getTotalLength();
      const points: P[] = [];
      for (let i = 0; i <= 40; i++) {
        const p = path.getPointAtLength((length * i) / 40);
        points.push({ x: p.x, y: p.y });
      }
      return { id: path.closest('.svelte-flow__edge')?.getAttribute('data-id') ?? '', points };
    });
    const cross = (a: P, b: P, c: P, d: P) => {
      const side = (p: P, q: P, r: P) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
      return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
    };
    const near = (p: P, q: P) => Math.hypot(p.x - q.x, p.y - q.y) < 12;
    const found: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      for (let j = i + 1; j < lines.length; j++) {
        const a = lines[i]!.points;
        const b = lines[j]!.points;
        const ends = [a[0]!, a.at(-1)!, b[0]!, b.at(-1)!];
        let crossed = false;
        for (let k = 0; k < a.length - 1 && !crossed; k++) {
          for (let m = 0; m < b.length - 1 && !crossed; m++) {
            if (!cross(a[k]!, a[k + 1]!, b[m]!, b[m + 1]!)) continue;
            // Two connections leaving the same port touch where they start.
            if (ends.some((e) => near(e, a[k]!) || near(e, b[m]!))) continue;
            crossed = true;
          }
        }
        if (crossed) found.push(`${lines[i]!.id} × ${lines[j]!.id}`);
      }
    }
    return found;
  });
}

/** The smallest text on any step, in screen pixels (font size times the canvas zoom). */
function smallestStepText(page: Page): Promise<number> {
  return page.evaluate(() => {
    const viewport = document.querySelector('.svelte-flow__viewport')!;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    let smallest = Infinity;
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid="step-node"] *')) {
      const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (hasText) smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize) * zoom);
    }
    return smallest;
  });
}

const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('studio layout', () => {
  it('at 1024×700 shows the canvas, the palette and the selected step side by side', async () => {
    const page = await personPage({ width: 1024, height: 700 });
    const { workspaceId, pipelineId } = await ownerWithPipeline(page, 'Nia Narrow', TANGLED);
    await openStudio(page, studio.srv.url, workspaceId, pipelineId);
    await nodeOf(page, 'eval').locator('.title').click();
    await page.getByTestId('properties').getByLabel('Label').waitFor();

    const [palette, canvas, panel, toolbar] = await Promise.all([
      box(page, 'palette'),
      box(page, 'canvas'),
      box(page, 'side-panel'),
      page.getByRole('toolbar', { name: 'Canvas' }).boundingBox()
    ]);
    expect(right(palette)).toBeLessThanOrEqual(canvas.x + 1);
    expect(right(canvas)).toBeLessThanOrEqual(panel.x + 1);
    expect(right(panel)).toBeLessThanOrEqual(1024);
    expect(canvas.width).toBeGreaterThanOrEqual(440);
    expect(inside(toolbar!, canvas)).toBe(true);
    // Every tab fits in the panel: none is clipped or covered.
    for (const name of ['Properties', 'Versions', 'Comments']) {
      const tab = (await page.getByRole('tab', { name }).boundingBox())!;
      expect(inside(tab, panel)).toBe(true);
    }
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(await page.getByTestId('properties').getByLabel('Label').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('studio-1024x700') });

    // A step added from the palette goes beside the selected one, inside the view.
    const before = (await nodeOf(page, 'eval').boundingBox())!;
    await page.locator('[data-testid="palette-item"][data-type="one_hot"]').click();
    const added = page.locator('.svelte-flow__node').filter({
      has: page.locator('[data-testid="step-node"][data-type="one_hot"]')
    });
    await added.waitFor();
    await expect.poll(async () => inside((await added.boundingBox())!, canvas)).toBe(true);
    const at = (await added.boundingBox())!;
    const selectedNow = (await nodeOf(page, 'eval').boundingBox())!;
    expect(at.x).toBeGreaterThan(right(selectedNow));
    expect(Math.abs(at.y - selectedNow.y)).toBeLessThan(before.height);
    // Panned to it, not zoomed out to fit: the pan may settle on a zoom a hair off the one Fit
    // view left (within the legible range), so allow a few percent, never a zoom-out.
    expect(selectedNow.width).toBeGreaterThan(before.width * 0.97);
  });

  it("points out a teammate's new step that lands outside the view, without moving it", async () => {
    const ann = await personPage({ width: 1440, height: 900 });
    const ben = await personPage({ width: 1024, height: 700 });
    const { workspaceId, pipelineId } = await ownerWithPipeline(ann, 'Ann Adder', TANGLED, true);
    const benEmail = await signUpInBrowser(ben, studio.srv.url, 'Ben Looker');
    const member = await call(ann, 'POST', `/api/workspaces/${workspaceId}/members`, {
      email: benEmail,
      role: 'editor'
    });
    expect(member.status).toBe(201);
    await openStudio(ann, studio.srv.url, workspaceId, pipelineId);
    await openStudio(ben, studio.srv.url, workspaceId, pipelineId);
    await ben.locator('.svelte-flow__node').first().waitFor();
    const benView = await ben.locator('.svelte-flow__viewport').getAttribute('style');

    // Beside Scale, the rightmost step: inside Ann's wide view, beyond Ben's narrow one.
    await nodeOf(ann, 'scale').locator('.title').click();
    await ann.locator('[data-testid="palette-item"][data-type="one_hot"]').click();
    const notice = ben.getByTestId('arrival-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/“One-hot encode” was added out of view/);
    expect(await ann.getByTestId('arrival-notice').count()).toBe(0);
    expect(await ben.locator('.svelte-flow__viewport').getAttribute('style')).toBe(benView);
    await ben.screenshot({ path: screenshotPath('studio-arrival-1024x700') });

    await notice.getByRole('button', { name: 'Show' }).click();
    await notice.waitFor({ state: 'detached' });
    const added = ben.locator('.svelte-flow__node').filter({
      has: ben.locator('[data-testid="step-node"][data-type="one_hot"]')
    });
    await expect.poll(async () => inside((await added.boundingBox())!, await box(ben, 'canvas'))).toBe(true);
  });

  it('tidies six connected steps into uncrossed layers, legible, and one Undo puts them back', async () => {
    const page = await personPage({ width: 1440, height: 900 });
    const { workspaceId, pipelineId } = await ownerWithPipeline(page, 'Tia Tidy', TANGLED);
    await openStudio(page, studio.srv.url, workspaceId, pipelineId);
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(6);
    expect((await crossingEdges(page)).length).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('studio-before-tidy') });

    await page.getByRole('button', { name: 'Tidy up' }).click();
    const tangled = Object.fromEntries(TANGLED.nodes.map((n) => [n.id, n.position]));
    await expect.poll(() => positions(page, pipelineId), { timeout: 5_000 }).not.toEqual(tangled);
    // Let the view settle on the new layout.
    await page.waitForTimeout(600);
    expect(await crossingEdges(page)).toEqual([]);
    expect(await smallestStepText(page)).toBeGreaterThanOrEqual(11);
    // Each connection runs left to right.
    const tidy = await positions(page, pipelineId);
    for (const e of TANGLED.edges) expect(tidy[e.target]!.x).toBeGreaterThan(tidy[e.source]!.x);
    await page.screenshot({ path: screenshotPath('studio-after-tidy-1440x900') });

    // Fit view keeps the text legible too.
    await page.getByRole('button', { name: 'Fit view' }).click();
    await page.waitForTimeout(400);
    expect(await smallestStepText(page)).toBeGreaterThanOrEqual(11);

    await page.keyboard.press('Control+z');
    await expect.poll(() => positions(page, pipelineId), { timeout: 5_000 }).toEqual(tangled);
  });

  it('says why a cycle or a wrong kind of input is refused, while dragging', async () => {
    const page = await personPage({ width: 1440, height: 900 });
    const { workspaceId, pipelineId } = await ownerWithPipeline(page, 'Cy Cycle', {
      nodes: [
        ...LINE.nodes,
        { id: 'forest', type: 'random_forest', params: {}, position: { x: 280, y: 220 } }
      ],
      edges: LINE.edges
    });
    await openStudio(page, studio.srv.url, workspaceId, pipelineId);
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(2);

    const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
    async function dragOver(fromNode: string, toNode: string) {
      const from = centre(
        (await nodeOf(page, fromNode).locator('.svelte-flow__handle.source').first().boundingBox())!
      );
      const to = centre(
        (await nodeOf(page, toNode).locator('.svelte-flow__handle.target').first().boundingBox())!
      );
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2 + 30, { steps: 5 });
      await page.mouse.move(to.x, to.y, { steps: 5 });
      return to;
    }

    // Impute's output back into Scale, which feeds Impute: a cycle.
    const at = await dragOver('fill', 'scale');
    const hint = page.getByTestId('connection-hint');
    await hint.waitFor();
    expect(await hint.textContent()).toMatch(/form a cycle: "Impute" → "Scale" → "Impute"/);
    // Beside the port it is about.
    const hintBox = (await hint.boundingBox())!;
    expect(Math.hypot(hintBox.x - at.x, hintBox.y - at.y)).toBeLessThan(60);
    await page.screenshot({ path: screenshotPath('studio-refused-cycle') });
    await page.mouse.up();
    await hint.waitFor({ state: 'detached' });
    // The reason stays on screen after the drop, and nothing was connected.
    expect(await page.getByTestId('canvas-notice').textContent()).toMatch(/form a cycle/);
    expect(await page.locator('.svelte-flow__edge').count()).toBe(2);

    // Rows into the forest's train / test input: the validator's type rule, in the canvas's words.
    await dragOver('data', 'forest');
    await hint.waitFor();
    expect(await hint.textContent()).toMatch(
      /"Dataset" gives rows, but the "Train \/ test" input of "Random forest" takes a train \/ test split/
    );
    await page.mouse.up();
    expect(await page.locator('.svelte-flow__edge').count()).toBe(2);
  });

  it('names steps, settings and connections in the words the form uses, never internal ones', async () => {
    const page = await personPage({ width: 1440, height: 900 });
    const { workspaceId, pipelineId } = await ownerWithPipeline(page, 'Wes Words', TANGLED);
    await openStudio(page, studio.srv.url, workspaceId, pipelineId);
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(6);

    const labels = await page
      .locator('.svelte-flow__edge, .svelte-flow__node')
      .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
    expect(labels).toContain('Connection from Train / test split to Random forest');
    expect(labels).toContain('Random forest step');
    // The ids "fill" and "eval" are words no step name contains.
    expect(labels.join(' ')).not.toMatch(/Edge from|\bfill\b|\beval\b/);

    await nodeOf(page, 'data').locator('.title').click();
    const rowLimit = page.locator('[data-testid="param-field"][data-key="max_rows"]');
    expect(await rowLimit.textContent()).not.toMatch(/null/);
    expect(await rowLimit.locator('input').getAttribute('placeholder')).toBe('Not set');

    await nodeOf(page, 'forest').locator('.title').click();
    await page.getByRole('tab', { name: 'Comments' }).click();
    const comments = page.getByTestId('comments-panel');
    expect(await comments.textContent()).toMatch(/Pin to\s*Random forest/);
    expect(await comments.getByLabel('New comment').getAttribute('placeholder')).toBe(
      'Comment on Random forest…'
    );
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 }
  ]) {
    it(`collapses and reopens both panels at ${viewport.width}×${viewport.height}`, async () => {
      const page = await personPage(viewport);
      const { workspaceId, pipelineId } = await ownerWithPipeline(page, 'Pat Panels', TANGLED);
      await openStudio(page, studio.srv.url, workspaceId, pipelineId);
      await page.screenshot({ path: screenshotPath(`studio-${viewport.width}x${viewport.height}`) });
      const open = await box(page, 'canvas');

      await page.getByRole('button', { name: 'Hide steps' }).click();
      await page.getByRole('button', { name: 'Hide panel' }).click();
      await page.getByTestId('palette').waitFor({ state: 'hidden' });
      const wide = await box(page, 'canvas');
      const rail = await box(page, 'side-panel');
      expect(rail.width).toBeLessThan(60);
      expect(wide.width).toBeGreaterThan(open.width + 400);
      expect(right(wide)).toBeLessThanOrEqual(rail.x + 1);
      await page.screenshot({ path: screenshotPath(`studio-${viewport.width}-collapsed`) });

      // The rail's tabs reopen the panel on that tab; the toolbar brings the steps back.
      await page.getByRole('tab', { name: 'Comments' }).click();
      await expect.poll(async () => (await box(page, 'side-panel')).width).toBeGreaterThan(250);
      expect(await page.getByRole('tabpanel', { name: 'Comments' }).isVisible()).toBe(true);
      await page.getByTestId('toggle-palette').click();
      await page.getByTestId('palette').waitFor();
      expect((await box(page, 'canvas')).width).toBeCloseTo(open.width, -1);
      expect(await noHorizontalScroll(page)).toBe(true);
    });
  }

  it('on a phone shows the canvas first, with the panel and the steps a tap away', async () => {
    const page = await personPage({ width: 390, height: 844 });
    const { workspaceId, pipelineId } = await ownerWithPipeline(page, 'Pho Phone', TANGLED);
    await openStudio(page, studio.srv.url, workspaceId, pipelineId);
    await page.locator('.svelte-flow__node').first().waitFor();
    expect(await noHorizontalScroll(page)).toBe(true);
    const canvas = await box(page, 'canvas');
    expect(canvas.width).toBeGreaterThanOrEqual(388);
    expect(canvas.height).toBeGreaterThan(844 * 0.6);
    expect(await page.getByTestId('palette').isVisible()).toBe(false);
    await page.screenshot({ path: screenshotPath('studio-390x844') });

    // Read and comment: a step's comments open in a sheet below the canvas.
    await nodeOf(page, 'scale').locator('.title').click();
    await page.getByRole('tab', { name: 'Comments' }).click();
    const comments = page.getByRole('tabpanel', { name: 'Comments' });
    await comments.waitFor();
    expect((await box(page, 'canvas')).height).toBeGreaterThan(200);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: screenshotPath('studio-390-comments') });
    await page.getByRole('button', { name: 'Hide panel' }).click();
    await comments.waitFor({ state: 'hidden' });
    expect((await box(page, 'canvas')).height).toBeGreaterThan(844 * 0.6);

    // The steps slide over the canvas and get out of the way once one is added.
    await page.getByTestId('toggle-palette').click();
    await page.getByTestId('palette').waitFor();
    await page.screenshot({ path: screenshotPath('studio-390-steps') });
    await page.locator('[data-testid="palette-item"][data-type="one_hot"]').click();
    await page.getByTestId('palette').waitFor({ state: 'hidden' });
    await page.locator('[data-testid="step-node"][data-type="one_hot"]').waitFor();
  });
});
