import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorkspaceDto } from '../../contracts/api';
import type { PipelineConfig, PipelineDto } from '../../contracts/pipeline';
import {
  call,
  openStudio,
  screenshotPath,
  signUpInBrowser,
  uploadDataset,
  useBrowserStudio
} from '../support/browser';

const studio = useBrowserStudio();

async function personPage(width = 1440, height = 900): Promise<Page> {
  const context = await studio.context({ viewport: { width, height } });
  return context.newPage();
}

const CSV = `age,income\n${Array.from({ length: 20 }, (_, i) => `${20 + i},${1000 + i * 37}`).join('\n')}\n`;

// Far from the origin, so an unfitted canvas would show nothing of them.
const scale = {
  id: 'scale_k3dyxxawmt',
  type: 'scale',
  label: 'Scale income',
  params: {},
  position: { x: 2400, y: 1600 }
};
const impute = {
  id: 'impute_q8w1',
  type: 'impute',
  label: 'Fill gaps',
  params: {},
  position: { x: 2400, y: 1850 }
};
const twoSteps: PipelineConfig = { nodes: [impute, scale], edges: [] };
const joined: PipelineConfig = {
  nodes: [impute, scale],
  edges: [{ id: 'e_impute_scale', source: impute.id, target: scale.id }]
};
const LONG = 'Two unconnected steps, kept to compare the wiring against before the model goes in';

describe('saved versions for a team', () => {
  it('tells collaborators who restored which version, names steps in diffs and frames what it shows', async () => {
    const ann = await personPage();
    const ben = await personPage();
    await signUpInBrowser(ann, studio.srv.url, 'Ann Owner');
    const benEmail = await signUpInBrowser(ben, studio.srv.url, 'Ben Editor');
    const ws = await call<{ workspace: WorkspaceDto }>(ann, 'POST', '/api/workspaces', {
      name: 'Versions team'
    });
    const workspaceId = ws.body.workspace.id;
    const datasetId = await uploadDataset(ann, studio.srv.url, CSV, 'people.csv', workspaceId);
    const made = await call<{ pipeline: PipelineDto }>(ann, 'POST', '/api/pipelines', {
      name: 'Scaling',
      datasetId,
      workspaceId
    });
    const pipelineId = made.body.pipeline.id;
    expect(
      (await call(ann, 'POST', `/api/workspaces/${workspaceId}/members`, { email: benEmail, role: 'editor' }))
        .status
    ).toBe(201);

    const save = async (message: string) => {
      const res = await call<{ version: { version: number } }>(
        ann,
        'POST',
        `/api/pipelines/${pipelineId}/versions`,
        { message }
      );
      expect(res.status).toBe(201);
      return res.body.version.version;
    };
    const put = async (config: PipelineConfig) =>
      expect((await call(ann, 'PUT', `/api/pipelines/${pipelineId}/config`, { config })).status).toBe(200);
    await put({ nodes: [], edges: [] });
    const empty = await save('Empty start');
    await put(twoSteps);
    const unjoined = await save(LONG);
    await put(joined);

    await openStudio(ann, studio.srv.url, workspaceId, pipelineId);
    await openStudio(ben, studio.srv.url, workspaceId, pipelineId);
    await ann.getByRole('tab', { name: 'Versions' }).click();
    const panel = ann.getByTestId('versions-panel');
    const v2 = panel.locator(`[data-testid="version-item"][data-version="${unjoined}"]`);
    expect(await v2.locator('.message').getAttribute('title')).toBe(LONG);

    // Comparing v2 with live: the new edge is named by its steps' labels, and the view is framed.
    await v2.getByRole('button', { name: 'Compare with live' }).click();
    const summary = panel.getByTestId('diff-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Connected Fill gaps → Scale income');
    expect(await summary.textContent()).not.toContain('scale_k3dyxxawmt');
    const pane = (await ann.locator('.svelte-flow').boundingBox())!;
    await expect
      .poll(async () => {
        const boxes = await ann
          .getByTestId('step-node')
          .evaluateAll((els) =>
            els
              .map((el) => el.getBoundingClientRect())
              .map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height }))
          );
        return (
          boxes.length === 2 &&
          boxes.every(
            (b) =>
              b.x >= pane.x &&
              b.y >= pane.y &&
              b.x + b.w <= pane.x + pane.width &&
              b.y + b.h <= pane.y + pane.height
          )
        );
      })
      .toBe(true);
    await ann.screenshot({ path: screenshotPath('versions-compare-1440') });

    // An empty version says so instead of showing a blank canvas.
    const v1 = panel.locator(`[data-testid="version-item"][data-version="${empty}"]`);
    await v1.getByRole('button', { name: 'View' }).click();
    await ann.getByTestId('empty-version').waitFor();
    expect(await ann.getByTestId('empty-version').textContent()).toContain(`v${empty} has no steps`);
    await ann.screenshot({ path: screenshotPath('versions-empty-1440') });

    // Ann restores v2; Ben is told who did it, and both headers say the live graph is v2.
    await v2.getByRole('button', { name: 'Restore' }).click();
    await ann.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
    await expect
      .poll(() => ann.getByTestId('pipeline-restored').textContent())
      .toContain(`Restored v${unjoined}`);
    await expect
      .poll(() => ben.getByTestId('pipeline-restored').textContent())
      .toContain(`Restored v${unjoined}`);
    await expect
      .poll(() => ben.getByTestId('canvas-notice').textContent())
      .toContain(`Ann Owner restored v${unjoined}`);
    expect(await ben.getByTestId('pipeline-restored').getAttribute('title')).toBe(
      `Ann Owner restored v${unjoined} into the live pipeline`
    );
    expect(await ann.getByTestId('pipeline-restored').getAttribute('title')).toBe(
      `You restored v${unjoined} into the live pipeline`
    );
    expect(await ann.getByTestId('canvas-notice').count()).toBe(0);
    await ben.getByRole('tab', { name: 'Versions' }).click();
    await expect
      .poll(() => ben.getByTestId('versions-panel').textContent())
      .toContain(`Ann Owner restored v${unjoined}`);
    await ben.screenshot({ path: screenshotPath('versions-restored-ben-1440') });
    for (const [w, h] of [
      [1024, 700],
      [390, 844]
    ] as const) {
      await ben.setViewportSize({ width: w, height: h });
      await ben.waitForTimeout(300);
      await ben.screenshot({ path: screenshotPath(`versions-restored-ben-${w}`) });
    }

    // Saving a new version ends the "restored" note: the header names the newest version again.
    const after = await save('After the restore');
    await expect.poll(() => ben.getByTestId('pipeline-restored').count()).toBe(0);
    await expect
      .poll(async () => (await ben.getByTestId('pipeline-version').textContent())?.trim())
      .toBe(`v${after}`);
  }, 90_000);
});
