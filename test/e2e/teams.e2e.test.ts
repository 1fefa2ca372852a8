import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorkspaceDto } from '../../contracts/api';
import { call, screenshotPath, signUpInBrowser, useBrowserStudio } from '../support/browser';

const studio = useBrowserStudio({ workers: false });

async function personPage(): Promise<Page> {
  const context = await studio.context({ viewport: { width: 1440, height: 900 } });
  return context.newPage();
}

const switcherNames = (page: Page) =>
  page
    .getByRole('combobox', { name: 'Workspace' })
    .first()
    .locator('option')
    .evaluateAll((options) => options.map((o) => o.textContent?.trim() ?? ''));

describe('teams', () => {
  it('lists a workspace in the switcher of a person added to it, live, and names the current one in full', async () => {
    const ann = await personPage();
    const ben = await personPage();
    await signUpInBrowser(ann, studio.srv.url, 'Ann Owner');
    const benEmail = await signUpInBrowser(ben, studio.srv.url, 'Benedict Cumberbatch-Longname');
    const switcher = ben.getByRole('combobox', { name: 'Workspace' }).first();
    await switcher.waitFor();
    expect(await switcher.getAttribute('title')).toBe("Benedict's workspace (personal)");

    const ws = await call<{ workspace: WorkspaceDto }>(ann, 'POST', '/api/workspaces', {
      name: 'Quarterly churn forecasting for the retail team'
    });
    expect(ws.status).toBe(201);
    expect(await switcherNames(ben)).not.toContain('Quarterly churn forecasting for the retail team');
    const added = await call(ann, 'POST', `/api/workspaces/${ws.body.workspace.id}/members`, {
      email: benEmail,
      role: 'editor'
    });
    expect(added.status).toBe(201);
    // No reload: the event to Ben's own sockets makes the switcher re-read the list.
    await expect.poll(() => switcherNames(ben)).toContain('Quarterly churn forecasting for the retail team');
    // Switching to it: the name is cut in the narrow sidebar, the tooltip has all of it.
    await switcher.selectOption({ label: 'Quarterly churn forecasting for the retail team' });
    await ben.waitForURL(new RegExp(ws.body.workspace.id));
    await expect
      .poll(() => switcher.getAttribute('title'))
      .toBe('Quarterly churn forecasting for the retail team');
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
      [390, 844]
    ] as const) {
      await ben.setViewportSize({ width: w, height: h });
      await ben.waitForTimeout(200);
      await ben.screenshot({ path: screenshotPath(`teams-switcher-${w}`) });
    }
  });

  it('lets the owner unlock a member locked out by wrong passwords', async () => {
    const ann = await personPage();
    const lena = await personPage();
    await signUpInBrowser(ann, studio.srv.url, 'Ann Owner');
    const lenaEmail = await signUpInBrowser(lena, studio.srv.url, 'Lena Locked');
    const ws = await call<{ workspace: WorkspaceDto }>(ann, 'POST', '/api/workspaces', { name: 'Lock team' });
    const workspaceId = ws.body.workspace.id;
    await call(ann, 'POST', `/api/workspaces/${workspaceId}/members`, { email: lenaEmail, role: 'viewer' });
    const stranger = await studio.context();
    const anon = await stranger.newPage();
    await anon.goto(`${studio.srv.url}/login`);
    for (let i = 0; i < 5; i++)
      await call(anon, 'POST', '/api/auth/login', { email: lenaEmail, password: `wrong-${i}-pw` });

    await ann.goto(`${studio.srv.url}/w/${workspaceId}/members`);
    const row = ann.locator(`[data-testid="member-row"]`).filter({ hasText: 'Lena Locked' });
    await row.getByText('Sign-in locked').waitFor();
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
      [390, 844]
    ] as const) {
      await ann.setViewportSize({ width: w, height: h });
      await ann.waitForTimeout(200);
      await ann.screenshot({ path: screenshotPath(`members-locked-${w}`) });
    }
    await ann.setViewportSize({ width: 1440, height: 900 });
    await row.getByRole('button', { name: 'Unlock sign-in for Lena Locked' }).click();
    await row.getByText('Sign-in locked').waitFor({ state: 'detached' });
    const back = await call(anon, 'POST', '/api/auth/login', {
      email: lenaEmail,
      password: 'a strong password'
    });
    expect(back.status).toBe(200);
  });
});
