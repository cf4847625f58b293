/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// DOM types for the callbacks that run in the page (page.waitForFunction, $$eval, addInitScript).
// The exercise screen in headless Chromium against the built api and web: a learner solves an exercise end to end
// by typing into the terminal (tab completion and the time controls included) and Check shows every check
// passed; the manifest editor applies YAML; and a challenge's availability gauge drops once its fault fires.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { GraphQLClient } from './support/sandbox-client';
import { SCREENSHOTS, type WebStack, signedInPage as signedIn, startWebStack } from './support/web-stack';

const SIGN_UP = `mutation ($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { accessToken refreshToken user { id email role } }
}`;

interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; role: string };
}

describe('the exercise screen in headless Chromium', () => {
  let stack: WebStack;
  let webUrl: string;
  let learner: { client: GraphQLClient; session: AuthPayload };

  const signedInPage = (): Promise<Page> =>
    signedIn(stack.browser, learner.session, { width: 1440, height: 900 });

  /** The terminal's visible rows (xterm's DOM renderer), trailing blanks trimmed. */
  const terminalRows = (page: Page) =>
    page.$$eval('[data-testid="terminal"] .xterm-rows > div', (rows) =>
      rows.map((row) => (row.textContent ?? '').replace(/\s+$/, '')).filter((row) => row !== ''),
    );

  /** Types a command line into the terminal, presses Enter, and waits for its result to be announced. */
  async function typeCommand(page: Page, line: string): Promise<string> {
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    const before = await page.locator('[data-testid="terminal-announcement"]').innerText();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    const handle = await page.waitForFunction(
      ({ previous, command }) => {
        const text = document.querySelector('[data-testid="terminal-announcement"]')?.textContent ?? '';
        return text !== previous && text.startsWith(`${command}:`) ? text : undefined;
      },
      { previous: before, command: line },
    );
    return String(await handle.jsonValue());
  }

  /** Steps the stepped clock by one of the offered sizes and waits for the step to finish. */
  async function step(page: Page, size: string): Promise<void> {
    const controls = page.locator('[data-testid="time-controls"]');
    await controls.getByLabel('Step size').selectOption({ label: size });
    const before = await page.locator('[data-testid="sim-clock"]').innerText();
    await controls.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForFunction(
      (previous) => document.querySelector('[data-testid="sim-clock"]')?.textContent !== previous,
      before,
    );
    await controls.getByRole('button', { name: 'Step', exact: true }).waitFor({ state: 'visible' });
    await page.waitForSelector('[data-testid="step"]:not([disabled])');
  }

  /**
   * The embedded cluster view shows the sandbox as the API has it: the same stream version and the same pods
   * (a view stuck at an old version, still showing a deleted pod, was seen after solving through the terminal).
   */
  async function expectClusterViewCurrent(page: Page, sandboxId: string): Promise<void> {
    const { sandbox } = await learner.client.request<{
      sandbox: { version: number; pods: { name: string; namespace: string }[] };
    }>(`query ($id: ID!) { sandbox(id: $id) { version pods { name namespace } } }`, { id: sandboxId });
    await page
      .waitForFunction(
        (v) => document.querySelector('.cluster-view')?.getAttribute('data-version') === String(v),
        sandbox.version,
        { timeout: 15_000 },
      )
      .catch(() => undefined); // the expectations below say what the view shows instead
    const shown = await page.$$eval('.cluster-view li.cv-card', (items) =>
      items.map((li) => li.getAttribute('data-pod') ?? '').sort(),
    );
    expect(await page.locator('.cluster-view').getAttribute('data-version')).toBe(String(sandbox.version));
    expect(shown).toEqual(sandbox.pods.map((p) => p.name).sort());
  }

  async function startExercise(page: Page, exerciseId: string): Promise<string> {
    await page.goto(`${webUrl}/exercises/${exerciseId}`);
    await page.getByRole('button', { name: /^Start/ }).click();
    await page.waitForURL(/\/sandboxes\/[0-9a-f-]+\?exercise=/);
    await page.waitForSelector('[data-testid="terminal"] .xterm-rows');
    // The prompt is up once the banner and "$" are on screen.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="terminal"] .xterm-rows > div')].some((row) =>
        (row.textContent ?? '').startsWith('$'),
      ),
    );
    return new URL(page.url()).pathname.split('/').pop()!;
  }

  beforeAll(async () => {
    stack = await startWebStack({ QUEUE_PREFIX: `podlab-e2e-ex-${randomUUID().slice(0, 8)}` });
    webUrl = stack.webUrl;
    const anonymous = new GraphQLClient(stack.apiUrl);
    const data = await anonymous.request<{ signUp: AuthPayload }>(SIGN_UP, {
      email: `learner-${randomUUID()}@example.test`,
      password: 'correct horse battery',
    });
    learner = { client: anonymous.withToken(data.signUp.accessToken), session: data.signUp };
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('a learner solves an exercise by typing into the terminal; Check shows every check passed', async () => {
    const page = await signedInPage();
    await startExercise(page, 'pods-why-not-bare');
    await page.getByRole('heading', { name: 'A bare Pod does not come back', level: 1 }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'exercise-start.png') });

    // Before solving: Check says what is missing.
    await page.getByTestId('check').click();
    await page.waitForSelector('[data-testid="score"][data-passed="false"]');
    expect(await page.locator('.check[data-state="failed"]').count()).toBeGreaterThan(0);
    // A hint for the first task (requestHint), shown under it.
    await page.locator('[data-task="delete-bare"] .hint-button').click();
    expect(await page.locator('[data-task="delete-bare"] .hints li').first().innerText()).toContain(
      'kubectl delete',
    );

    // Tab completion: the command, the kind, and the object name from the sandbox.
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.type('kubectl dele');
    await page.keyboard.press('Tab');
    await page.keyboard.type('po');
    await page.keyboard.press('Tab');
    await page.keyboard.type('he');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="terminal"] .xterm-rows > div')].some(
        (row) => (row.textContent ?? '').trimEnd() === '$ kubectl delete pods hello',
      ),
    );
    // Ctrl-C drops the completed line; the real command is typed out in full below.
    await page.keyboard.press('Control+C');

    expect(await typeCommand(page, 'kubectl delete pod hello')).toContain('pod "hello" deleted');
    await step(page, '1m');
    expect(
      await typeCommand(page, 'kubectl create deployment hello --image=nginx:1.27 --replicas=2'),
    ).toContain('deployment.apps/hello created');
    await step(page, '1m');
    expect(await typeCommand(page, 'kubectl delete pod -l app=hello --wait=false')).toMatch(
      /pod "hello-.*" deleted/,
    );
    await step(page, '1m');
    expect(await typeCommand(page, 'kubectl get deploy hello')).toMatch(/hello\s+2\/2\s+2\s+2/);

    // History: Up recalls the last command.
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="terminal"] .xterm-rows > div')].some(
        (row) => (row.textContent ?? '').trimEnd() === '$ kubectl get deploy hello',
      ),
    );
    await page.keyboard.press('Control+C');

    await page.getByTestId('check').click();
    await page.waitForSelector('[data-testid="score"][data-passed="true"]');
    const states = await page.$$eval('.check', (items) => items.map((li) => li.getAttribute('data-state')));
    expect(states.length).toBeGreaterThanOrEqual(4);
    expect(states.every((s) => s === 'passed')).toBe(true);
    expect(await page.getByTestId('score').innerText()).toMatch(/all checks passed/);
    expect((await terminalRows(page)).join('\n')).toContain('$ kubectl get deploy hello');
    // The embedded cluster view followed every change: the sandbox's version, the bare pod gone, the Deployment's.
    const sandboxId = new URL(page.url()).pathname.split('/').pop()!;
    await expectClusterViewCurrent(page, sandboxId);
    expect(await page.locator('.cluster-view li.cv-card[data-pod="hello"]').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'exercise-solved.png') });

    // "Why does this exist?": a pod of the learner's Deployment, selected by keyboard, names the learner's command
    // at the root of its cause chain.
    const card = page.locator('.cluster-view li.cv-card[data-pod^="hello-"] button').first();
    const podName = await card.locator('xpath=..').getAttribute('data-pod');
    await card.focus();
    await page.keyboard.press('Enter');
    const why = page.getByRole('complementary', { name: `Why does Pod ${podName} exist?` });
    await why.waitFor();
    expect(await card.getAttribute('aria-pressed')).toBe('true');
    await page.waitForSelector('[data-why-command]');
    expect(await why.locator('[data-why-command] code').innerText()).toBe(
      'kubectl create deployment hello --image=nginx:1.27 --replicas=2',
    );
    expect(await why.locator('[data-why-created]').innerText()).toMatch(/Created by/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('why-region');
    await page.screenshot({ path: join(SCREENSHOTS, 'exercise-why.png') });
    await why.getByRole('button', { name: 'Close the why panel' }).click();
    await why.waitFor({ state: 'detached' });
    await page.waitForFunction(
      (name) => document.activeElement?.closest('li.cv-card')?.getAttribute('data-pod') === name,
      podName,
    );
    await page.close();
  });

  it('the manifest editor applies its YAML through the terminal; play 20× runs the clock, Pause stops it', async () => {
    const { createSandbox } = await learner.client.request<{ createSandbox: { id: string } }>(
      `mutation { createSandbox(input: { title: "editor", clock: STEPPED, nodes: 2 }) { id } }`,
    );
    const page = await signedInPage();
    await page.goto(`${webUrl}/sandboxes/${createSandbox.id}`);
    await page.getByRole('tab', { name: 'Manifest editor' }).click();
    const editor = page.getByTestId('yaml-editor');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // insertText, as a paste would: the editor does not re-indent inserted text.
    await page.keyboard.insertText('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n');
    await page.getByTestId('apply').click();
    await page.waitForFunction(() =>
      (document.querySelector('[data-testid="terminal-announcement"]')?.textContent ?? '').startsWith(
        'kubectl apply -f -: namespace/team-a created',
      ),
    );
    expect(await page.getByRole('tab', { name: 'Terminal' }).getAttribute('aria-selected')).toBe('true');
    expect(await typeCommand(page, 'kubectl get ns team-a')).toMatch(/^team-a\s+Active\s/m);
    await page.screenshot({ path: join(SCREENSHOTS, 'exercise-editor-applied.png') });

    // Play at 20×: the simulated clock runs (one advanceClock per second of wall time); Pause stops it.
    const seconds = async () => {
      const [m, s] = (await page.getByTestId('sim-clock').innerText()).split(' ')[0]!.split(':').map(Number);
      return m! * 60 + s!;
    };
    await page.getByTestId('play-20').click();
    expect(await page.getByTestId('play-20').getAttribute('aria-pressed')).toBe('true');
    await page.waitForFunction(
      () =>
        Number(
          /(\d+):(\d\d)/.exec(document.querySelector('[data-testid="sim-clock"]')?.textContent ?? '')?.[2],
        ) >= 20,
    );
    await page.getByTestId('pause').click();
    await page.waitForTimeout(1_500); // an advance already sent when Pause was pressed still lands
    const paused = await seconds();
    expect(paused).toBeGreaterThanOrEqual(20);
    await page.waitForTimeout(2_000);
    expect(await seconds()).toBe(paused);
    await page.close();
  });

  it('the embedded cluster view catches up when the live event feed stalls (no view stuck at an old version)', async () => {
    const { createSandbox } = await learner.client.request<{ createSandbox: { id: string } }>(
      `mutation { createSandbox(input: { title: "stalled feed", clock: STEPPED, nodes: 2 }) { id } }`,
    );
    const page = await signedInPage();
    // A feed that stops delivering (as when the api's event tailer lagged behind a backlog): the WebSocket stays
    // up, but no event reaches the page once `stalled` is set.
    let stalled = false;
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        if (stalled && typeof message === 'string' && message.includes('"type":"next"')) return;
        ws.send(message);
      });
    });
    await page.goto(`${webUrl}/sandboxes/${createSandbox.id}`);
    await page.waitForSelector('.cluster-view[data-live="live"]');
    await expectClusterViewCurrent(page, createSandbox.id);
    stalled = true;
    expect(
      await typeCommand(page, 'kubectl create deployment web --image=nginx:1.27 --replicas=2'),
    ).toContain('deployment.apps/web created');
    await step(page, '1m');
    // Only a snapshot reload can bring the view there: it shows the sandbox's version and its two web pods.
    await expectClusterViewCurrent(page, createSandbox.id);
    expect(await page.locator('.cluster-view li.cv-card[data-pod^="web-"]').count()).toBe(2);
    await page.close();
  });

  it("the availability gauge drops when a challenge's fault fires", async () => {
    const page = await signedInPage();
    await startExercise(page, 'challenge-node-down');
    const gauge = page.getByTestId('availability-gauge');
    await page.waitForSelector('[data-testid="availability-gauge"][data-share="1"]');
    expect(await page.locator('[data-testid="fault-timeline"] li[data-state="next"]').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'challenge-before-fault.png') });

    // The node goes down at 2m; its pods stop being Ready once the node is declared NotReady.
    let share = 1;
    for (let i = 0; i < 5 && share >= 1; i++) {
      await step(page, '1m');
      // The gauge is current once it was graded at the newest version the screen knows of.
      await page.waitForFunction(() => {
        const screen = document.querySelector('.exercise-screen');
        const graded = document.querySelector('[data-testid="availability-gauge"]');
        return (
          Number(graded?.getAttribute('data-graded-version') || 0) >=
          Number(screen?.getAttribute('data-version') || 0)
        );
      });
      share = Number((await gauge.getAttribute('data-share')) || '1');
    }
    expect(share).toBeLessThan(1);
    expect(await page.locator('[data-testid="fault-timeline"] li[data-state="fired"]').count()).toBe(1);
    expect(await page.getByTestId('availability-value').innerText()).not.toBe('100%');
    await page.screenshot({ path: join(SCREENSHOTS, 'challenge-after-fault.png') });

    // Another tab has no sessionStorage: it finds the learner's start in the history and shows the same clock.
    const clock = await page.getByTestId('sim-clock').innerText();
    expect(clock).toMatch(/since start$/);
    const other = await signedInPage();
    await other.goto(page.url());
    await other.waitForFunction(
      (expected) => document.querySelector('[data-testid="sim-clock"]')?.textContent === expected,
      clock,
    );
    expect(await other.locator('[data-testid="fault-timeline"] li[data-state="fired"]').count()).toBe(1);
    await other.close();
    await page.close();
  });
});
