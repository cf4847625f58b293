import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import {
  ROOT,
  type RunningProcess,
  ensureTestDatabase,
  freePort,
  startApp,
  startWebPreview,
  waitForHealth,
} from './support/apps';
import { type Browser, launchChromium } from './support/browser';

const ARTIFACTS = join(ROOT, 'test-results/screenshots');

describe('the web page in headless Chromium', () => {
  let api: RunningProcess;
  let web: RunningProcess;
  let browser: Browser;
  let webUrl: string;
  const pages: Page[] = [];

  async function newPage(): Promise<Page> {
    const page = await browser.context.newPage();
    pages.push(page);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureTestDatabase();
    const [apiPort, webPort] = await Promise.all([freePort(), freePort()]);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    webUrl = `http://127.0.0.1:${webPort}/status`; // the public status page (the app itself needs a session)
    api = startApp('api', { PORT: String(apiPort) });
    const [, preview, chromium] = await Promise.all([
      waitForHealth(apiUrl, api),
      startWebPreview(webPort, apiUrl),
      launchChromium(),
    ]);
    web = preview;
    browser = chromium;
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([web?.stop(), api?.stop()]);
  });

  it("shows the API's health through GraphQL: Postgres and Redis up", async () => {
    const page = await newPage();
    await page.goto(webUrl);
    const postgres = await page.waitForSelector('[data-dependency="postgres"][data-status="UP"]');
    const redis = await page.waitForSelector('[data-dependency="redis"][data-status="UP"]');
    expect(await postgres.innerText()).toMatch(/^Postgres\b[\s\S]*\bup$/);
    expect(await redis.innerText()).toMatch(/^Redis\b[\s\S]*\bup$/);
    expect(await page.locator('[data-health="loaded"]').innerText()).toMatch(/^Overall: ok\b/);
    await page.screenshot({ path: join(ARTIFACTS, 'web-health.png'), fullPage: true });
  });

  it('shows a loading state until the answer arrives', async () => {
    const page = await newPage();
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(webUrl);
    expect(await (await page.waitForSelector('[role="status"]')).innerText()).toBe('Checking the API…');
    release();
    await page.waitForSelector('[data-dependency="postgres"][data-status="UP"]');
    expect(await page.locator('[role="status"]').count()).toBe(0);
  });

  it('shows an error when the API cannot answer', async () => {
    const page = await newPage();
    await page.route('**/graphql', (route) => route.fulfill({ status: 502, body: 'Bad Gateway' }));
    await page.goto(webUrl);
    const alert = await page.waitForSelector('[role="alert"]');
    expect(await alert.innerText()).toBe("Could not load the API's health: The API answered HTTP 502.");
    await page.screenshot({ path: join(ARTIFACTS, 'web-health-error.png'), fullPage: true });
  });
});
