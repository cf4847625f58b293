/// <reference lib="dom" />
// What every browser test starts: the built api on a free port, the built web app (vite preview) pointed at it, and
// headless Chromium; and a page signed in as someone. Screenshots go to test-results/screenshots/.
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
} from './apps';
import { type Browser, launchChromium } from './browser';

export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

export interface WebStack {
  readonly api: RunningProcess;
  readonly web: RunningProcess;
  readonly browser: Browser;
  readonly apiUrl: string;
  /** The web app's origin, e.g. http://127.0.0.1:4173. */
  readonly webUrl: string;
  /** Closes the browser, then the web preview and the api. */
  stop(): Promise<void>;
}

/**
 * Starts the three at once. `apiEnv` adds to the api's settings (QUEUE_PREFIX, RATE_LIMIT_MAX …). If any of them
 * fails to start, the others are stopped before the error is thrown, so a failed set-up leaves no process behind.
 */
export async function startWebStack(apiEnv: Record<string, string> = {}): Promise<WebStack> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  ensureTestDatabase();
  const [apiPort, webPort] = await Promise.all([freePort(), freePort()]);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const api = startApp('api', { PORT: String(apiPort), SHUTDOWN_TIMEOUT_MS: '1000', ...apiEnv });
  const [health, web, browser] = await Promise.allSettled([
    waitForHealth(apiUrl, api),
    startWebPreview(webPort, apiUrl),
    launchChromium(),
  ]);
  if (health.status === 'rejected' || web.status === 'rejected' || browser.status === 'rejected') {
    if (browser.status === 'fulfilled') await browser.value.close();
    await Promise.all([web.status === 'fulfilled' ? web.value.stop() : undefined, api.stop()]);
    const failed = [health, web, browser].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    throw failed.reason;
  }
  return {
    api,
    web: web.value,
    browser: browser.value,
    apiUrl,
    webUrl: `http://127.0.0.1:${webPort}`,
    async stop() {
      await browser.value.close();
      await Promise.all([web.value.stop(), api.stop()]);
    },
  };
}

/**
 * A new page that starts signed in: the web keeps its session in localStorage (apps/web/src/auth/session-manager.ts).
 */
export async function signedInPage(
  browser: Browser,
  session: unknown,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  if (viewport) await page.setViewportSize(viewport);
  await page.addInitScript(
    (value) => window.localStorage.setItem('podlab.session', value),
    JSON.stringify(session),
  );
  return page;
}
