import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { SCREENSHOTS as ARTIFACTS, type WebStack, startWebStack } from './support/web-stack';

describe('the web page in headless Chromium', () => {
  let stack: WebStack;
  let webUrl: string;
  const pages: Page[] = [];

  async function newPage(): Promise<Page> {
    const page = await stack.browser.context.newPage();
    pages.push(page);
    return page;
  }

  beforeAll(async () => {
    stack = await startWebStack();
    webUrl = `${stack.webUrl}/status`; // the public status page (the app itself needs a session)
  });

  afterAll(async () => {
    await stack?.stop();
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
