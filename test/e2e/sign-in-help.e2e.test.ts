import { describe, expect, it } from 'vitest';
import { screenshotPath, signUpInBrowser, useBrowserStudio } from '../support/browser';

const studio = useBrowserStudio({ workers: false });

describe('help on the sign-in and sign-up pages', () => {
  it('warns before the lock and links a duplicate sign-up to sign-in with the email filled in', async () => {
    const owner = await studio.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const email = await signUpInBrowser(owner, studio.srv.url, 'Ada Lovelace');
    await owner.close();

    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
      [390, 844]
    ] as const) {
      const page = await studio.browser.newPage({ viewport: { width: w, height: h } });
      await page.goto(`${studio.srv.url}/register`);
      await page.getByLabel('Full name').fill('Ada again');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('another strong password');
      await page.getByRole('button', { name: 'Create account' }).click();
      const link = page.getByRole('alert').getByRole('link', { name: 'Sign in instead' });
      await link.waitFor();
      await page.screenshot({ path: screenshotPath(`register-taken-${w}`) });
      if (w !== 1440) {
        await page.close();
        continue;
      }
      await link.click();
      await page.waitForURL(/\/login/);
      expect(await page.getByLabel('Email').inputValue()).toBe(email);

      const alert = page.getByRole('alert');
      const texts: string[] = [];
      for (let i = 0; i < 4; i++) {
        await page.getByLabel('Password').fill(`wrong password ${i}`);
        const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
        await page.getByRole('button', { name: 'Sign in' }).click();
        await answered;
        await alert.waitFor();
        texts.push((await alert.textContent()) ?? '');
        if (i === 3) await page.screenshot({ path: screenshotPath('login-last-try-1440') });
      }
      expect(texts[0]).not.toMatch(/more wrong/);
      expect(texts[1]).toBe(texts[0]);
      expect(texts[2]).toMatch(/2 more wrong passwords lock it for 15 minutes/);
      expect(texts[3]).toMatch(/One more wrong password locks it for 15 minutes/);
      await page.close();
    }
  });
});
