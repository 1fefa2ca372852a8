import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../support/http-client';
import { screenshotPath, useBrowserStudio } from '../support/browser';

const studio = useBrowserStudio({ workers: false });

describe('signing up and in through the browser', () => {
  it('signs up, lands on the dashboard, signs out and back in', async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const email = uniqueEmail('browser');
    await page.goto(`${studio.srv.url}/`);
    await page.waitForURL(/\/login/);
    await page
      .getByRole('link', { name: /create an account|sign up|register/i })
      .first()
      .click();
    await page.waitForURL(/\/register/);
    await page.getByLabel('Full name').fill('Browser Tester');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a strong password');
    await page.screenshot({ path: screenshotPath('register') });
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(/\/w\/[0-9a-f-]{36}/);
    await page.getByRole('heading', { level: 1, name: "Browser's workspace" }).waitFor();
    for (const name of ['Overview', 'Datasets', 'Pipelines', 'Jobs', 'Models', 'Members']) {
      expect(await page.getByRole('link', { name, exact: true }).first().isVisible(), name).toBe(true);
    }
    expect(await page.locator('a[aria-current="page"]').first().textContent()).toMatch(/Overview/);
    await page.screenshot({ path: screenshotPath('dashboard'), fullPage: true });

    await page.getByRole('link', { name: 'Datasets', exact: true }).first().click();
    await page.waitForURL(/\/datasets$/);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/email and password don.t match/i);
    await page.screenshot({ path: screenshotPath('login-error') });

    await page.getByLabel('Password').fill('a strong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/w\/[0-9a-f-]{36}/);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.close();
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const page = await studio.browser.newPage();
    await page.goto(`${studio.srv.url}/w/00000000-0000-4000-8000-000000000000/datasets`);
    await page.waitForURL(/\/login/);
    await page.close();
  });
});
