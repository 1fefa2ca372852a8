import fs from 'node:fs';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page
} from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { uniqueEmail } from './http-client';
import { startTestServer, type TestServer } from './test-server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Debian Chromium with the flags this machine's closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  });
}

export interface BrowserStudio {
  readonly srv: TestServer;
  readonly browser: Browser;
  /** A fresh browser profile (its own cookies: one per person), closed after the file's tests. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * A studio (web app, and workers unless `workers: false`) and one Chromium for a browser test file,
 * started before its tests and stopped after them.
 */
export function useBrowserStudio(options: { workers?: boolean } = {}): BrowserStudio {
  let srv: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    srv = await startTestServer({}, { web: true, workers: options.workers ?? true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await srv?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the studio starts in beforeAll');
    return value;
  };
  return {
    get srv() {
      return started(srv);
    },
    get browser() {
      return started(browser);
    },
    async context(contextOptions) {
      const context = await started(browser).newContext(contextOptions);
      contexts.push(context);
      return context;
    }
  };
}

/** Screenshots go to test-results/ so a person can look at what the test saw. */
export function screenshotPath(name: string): string {
  const dir = path.join(process.cwd(), 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/** Signs a new user up through the register page and waits for their workspace; returns the email. */
export async function signUpInBrowser(
  page: Page,
  baseUrl: string,
  fullName: string,
  password = 'a strong password'
): Promise<string> {
  const email = uniqueEmail(fullName.split(' ')[0]!.toLowerCase());
  await page.goto(`${baseUrl}/register`);
  await page.getByLabel('Full name').fill(fullName);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/w\/[0-9a-f-]{36}/);
  return email;
}

/** The REST API as a signed-in page sees it (same cookie): for setup and checks in browser tests. */
export async function call<T>(
  page: Page,
  method: string,
  path: string,
  body?: unknown
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    { method, path, body }
  );
}

/** Creates a dataset as the page's user, uploads `csv` to its presigned URL and completes it. */
export async function uploadDataset(
  page: Page,
  serverUrl: string,
  csv: string,
  name: string,
  workspaceId?: string
): Promise<string> {
  const bytes = Buffer.from(csv);
  const created = await call<{
    dataset: { id: string };
    upload: { url: string; headers: Record<string, string> };
  }>(page, 'POST', '/api/datasets', { name, fileName: name, fileSize: bytes.length, workspaceId });
  if (created.status !== 201) throw new Error(`creating the dataset failed: ${created.status}`);
  const put = await fetch(new URL(created.body.upload.url, serverUrl), {
    method: 'PUT',
    headers: created.body.upload.headers,
    body: bytes
  });
  if (!put.ok) throw new Error(`uploading the dataset failed: ${put.status}`);
  const id = created.body.dataset.id;
  const complete = await call(page, 'POST', `/api/datasets/${id}/complete`);
  if (complete.status !== 202) throw new Error(`completing the upload failed: ${complete.status}`);
  return id;
}

/** Opens a pipeline in the studio and waits until its live document is connected. */
export async function openStudio(page: Page, serverUrl: string, workspaceId: string, pipelineId: string) {
  await page.goto(`${serverUrl}/w/${workspaceId}/pipelines/${pipelineId}`);
  await page.locator('[data-testid="link-state"][data-state="live"]').waitFor({ timeout: 15_000 });
}
