/// <reference lib="dom" />
// Page functions (waitForFunction, evaluate, $$eval) run in the browser: the DOM types are for them.
// The cluster view in headless Chromium against the built api and web: it follows a rolling update live (the new
// ReplicaSet's cards appear, the old ones terminate; why a new pod exists), the learner's instructor replays that
// session, scrubs to the middle of the rollout (both ReplicaSets on screen) and forks from there; 200 pods render.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { type Page } from 'playwright-core';
import { TEST_DATABASE_URL } from './support/apps';
import { GraphQLClient } from './support/sandbox-client';
import { SCREENSHOTS, type WebStack, signedInPage as signedIn, startWebStack } from './support/web-stack';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.25
`;

const AUTH = `mutation ($email: String!, $password: String!) {
  logIn(email: $email, password: $password) { accessToken refreshToken user { id email role } }
}`;
const SIGN_UP = AUTH.replace('logIn', 'signUp');
const RUN = `mutation ($id: ID!, $command: String!, $stdin: String, $key: String!) {
  runCommand(sandboxId: $id, command: $command, stdin: $stdin, idempotencyKey: $key) { stdout stderr exitCode version }
}`;
const ADVANCE = `mutation ($id: ID!, $d: String!) { advanceClock(sandboxId: $id, duration: $d) { version } }`;
const STATE = `query ($id: ID!) { sandbox(id: $id) { version replicaSets { name current } } }`;

interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; role: string };
}

describe('the cluster view and the replay in headless Chromium', () => {
  const teacher = {
    email: `teacher-${randomUUID()}@example.test`,
    password: 'correct horse battery teacher',
  };
  let stack: WebStack;
  let webUrl: string;
  let anonymous: GraphQLClient;
  let learner: { client: GraphQLClient; session: AuthPayload };
  // Filled by the first test, replayed by the second.
  let sandboxId = '';
  let middle: { version: number; replicaSets: string[] } | null = null;
  let newReplicaSet = '';

  async function authenticate(query: string, email: string, password: string) {
    const data = await anonymous.request<Record<string, AuthPayload>>(query, { email, password });
    const session = Object.values(data)[0]!;
    return { client: anonymous.withToken(session.accessToken), session };
  }

  const signedInPage = (session: AuthPayload): Promise<Page> => signedIn(stack.browser, session);

  const run = (id: string, command: string, stdin?: string) =>
    learner.client
      .request<{ runCommand: { exitCode: number; stderr: string; version: number } }>(RUN, {
        id,
        command,
        stdin: stdin ?? null,
        key: randomUUID(),
      })
      .then((d) => d.runCommand);
  const advance = (id: string, d: string) =>
    learner.client
      .request<{ advanceClock: { version: number } }>(ADVANCE, { id, d })
      .then((r) => r.advanceClock.version);

  /** Waits until the page's cluster view shows at least this stream version. */
  const shown = (page: Page, version: number) =>
    page.waitForFunction(
      (v) => Number(document.querySelector('.cluster-view')?.getAttribute('data-version') ?? 0) >= v,
      version,
    );

  const cards = (page: Page) =>
    page.$$eval('li.cv-card', (items) =>
      items.map((li) => ({
        rs: li.getAttribute('data-replicaset') ?? '',
        state: li.getAttribute('data-state') ?? '',
        current: li.getAttribute('data-current') ?? '',
      })),
    );

  beforeAll(async () => {
    stack = await startWebStack({ QUEUE_PREFIX: `podlab-e2e-cv-${randomUUID().slice(0, 8)}` });
    webUrl = stack.webUrl;
    anonymous = new GraphQLClient(stack.apiUrl);
    learner = await authenticate(SIGN_UP, `learner-${randomUUID()}@example.test`, 'correct horse battery');
    // An instructor (roles are set in the database, docs/api.md) whose cohort the learner joins.
    const signedUp = await authenticate(SIGN_UP, teacher.email, teacher.password);
    const db = new PgClient({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      await db.query(`UPDATE users SET role = 'INSTRUCTOR' WHERE id = $1`, [signedUp.session.user.id]);
    } finally {
      await db.end();
    }
    const instructor = await authenticate(AUTH, teacher.email, teacher.password);
    const { createCohort } = await instructor.client.request<{ createCohort: { joinCode: string } }>(
      `mutation { createCohort(name: "cluster view") { joinCode } }`,
    );
    await learner.client.request(`mutation ($code: String!) { joinCohort(joinCode: $code) { id } }`, {
      code: createCohort.joinCode,
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('follows a rolling update live: the new ReplicaSet’s cards appear, the old ones terminate', async () => {
    const { createSandbox } = await learner.client.request<{ createSandbox: { id: string } }>(
      `mutation { createSandbox(input: { title: "rolling update", clock: STEPPED, seed: 7, nodes: 2 }) { id } }`,
    );
    sandboxId = createSandbox.id;
    const page = await signedInPage(learner.session);
    await page.goto(`${webUrl}/sandboxes/${sandboxId}/cluster`);
    await page.waitForSelector('.cluster-view[data-live="live"]');
    expect(await page.locator('section.cv-node').count()).toBe(3); // control-plane, worker-1, worker-2

    const applied = await run(sandboxId, 'kubectl apply -f -', DEPLOYMENT);
    expect(applied.exitCode).toBe(0);
    await shown(page, applied.version);
    expect((await cards(page)).length).toBe(3);
    await shown(page, await advance(sandboxId, '30s'));
    expect((await cards(page)).map((c) => c.state)).toEqual(['Ready', 'Ready', 'Ready']);
    const oldReplicaSet = (await cards(page))[0]!.rs;
    await page.screenshot({ path: join(SCREENSHOTS, 'cluster-view-ready.png'), fullPage: true });

    const changed = await run(sandboxId, 'kubectl set image deployment/web web=nginx:1.26');
    expect(changed.exitCode).toBe(0);
    let sawNewCard = false;
    let sawOldTerminating = false;
    let done = false;
    for (let i = 0; i < 80 && !done; i++) {
      const version = await advance(sandboxId, '500ms');
      await shown(page, version);
      const now = await cards(page);
      const fresh = now.filter((c) => c.current === 'true');
      const old = now.filter((c) => c.current === 'false');
      if (fresh.length > 0) {
        sawNewCard = true;
        newReplicaSet = fresh[0]!.rs;
      }
      if (old.some((c) => c.state === 'Terminating')) {
        if (!sawOldTerminating)
          await page.screenshot({ path: join(SCREENSHOTS, 'cluster-view-rolling.png'), fullPage: true });
        sawOldTerminating = true;
      }
      // The API's own view of the same moment: both ReplicaSets have pods (the middle of the rollout).
      const { sandbox } = await learner.client.request<{
        sandbox: { version: number; replicaSets: { name: string; current: number }[] };
      }>(STATE, { id: sandboxId });
      const live = sandbox.replicaSets.filter((rs) => rs.current > 0);
      if (!middle && live.length === 2 && fresh.length > 0) {
        middle = { version: sandbox.version, replicaSets: live.map((rs) => rs.name).sort() };
      }
      done = fresh.length === 3 && old.length === 0 && now.every((c) => c.state === 'Ready');
    }
    expect(sawNewCard).toBe(true);
    expect(sawOldTerminating).toBe(true);
    expect(done).toBe(true);
    expect(newReplicaSet).not.toBe(oldReplicaSet);
    expect(middle?.replicaSets).toEqual([newReplicaSet, oldReplicaSet].sort());
    // The rollout bars say so too.
    const updated = page.locator(
      '[data-workload="Deployment/default/web"] [role="progressbar"][aria-label="updated"]',
    );
    expect(await updated.getAttribute('aria-valuenow')).toBe('3');
    expect(
      await page
        .locator('[data-workload="Deployment/default/web"] .cv-rollout')
        .getAttribute('data-complete'),
    ).toBe('true');

    // Why does a new pod exist? The ReplicaSet controller, because of the Deployment, because of the command.
    await page.locator(`li.cv-card[data-replicaset="${newReplicaSet}"] button`).first().click();
    const why = page.locator('aside.why-panel');
    await why.locator('[data-why-command]').waitFor();
    expect(await why.locator('[data-why-created]').innerText()).toMatch(
      /replicaset-controller.*SuccessfulCreate/,
    );
    expect(await why.locator('[data-why-command]').innerText()).toContain(
      'kubectl set image deployment/web web=nginx:1.26',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'cluster-view-why.png'), fullPage: true });
    await page.close();
  });

  it('the instructor replays the session, scrubs to the middle of the rollout (both ReplicaSets), and forks from there', async () => {
    expect(middle).not.toBeNull();
    const { session, client } = await authenticate(AUTH, teacher.email, teacher.password);
    expect(session.user.role).toBe('INSTRUCTOR');
    const page = await signedInPage(session);
    let clusterAtRequests = 0;
    page.on('request', (request) => {
      if (
        request.method() === 'POST' &&
        /"operationName":"ClusterAt"|query ClusterAt\b/.test(request.postData() ?? '')
      )
        clusterAtRequests++;
    });
    await page.goto(`${webUrl}/sandboxes/${sandboxId}/replay`);
    const position = page.getByLabel('Version', { exact: true });
    await page.waitForSelector('.replay-commands li[data-command-version]');
    // Opens at the head: only the new ReplicaSet has cards.
    const head = Number(await position.inputValue());
    await shown(page, head);
    expect(new Set((await cards(page)).map((c) => c.rs))).toEqual(new Set([newReplicaSet]));
    const commands = await page.locator('.replay-commands li code').allInnerTexts();
    expect(commands).toEqual(
      expect.arrayContaining(['$ kubectl apply -f -', '$ kubectl set image deployment/web web=nginx:1.26']),
    );

    // Scrub to the middle of the rollout.
    await position.fill(String(middle!.version));
    await page.waitForFunction(
      (v) => document.querySelector('.cluster-view')?.getAttribute('data-version') === String(v),
      middle!.version,
    );
    const atMiddle = await cards(page);
    expect([...new Set(atMiddle.map((c) => c.rs))].sort()).toEqual(middle!.replicaSets);
    expect(await page.locator('.cv-replicasets li[data-replicaset]').count()).toBe(2);
    expect(page.url()).toContain(`version=${middle!.version}`);
    // The set image command has run at this point; the commands list says so.
    expect(await page.locator('.replay-commands li[aria-current="step"] code').innerText()).toMatch(
      /kubectl (set image|apply)/,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'replay-middle.png'), fullPage: true });

    // The scrubber moves with the keyboard.
    await page.getByLabel('Position in the history').focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(
      (v) => document.querySelector('.cluster-view')?.getAttribute('data-version') === String(v),
      middle!.version - 1,
    );
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      (v) => document.querySelector('.cluster-view')?.getAttribute('data-version') === String(v),
      middle!.version,
    );

    // Play moves forward through the events; Pause stops there. Forward of a loaded state, the positions are
    // computed from the history's events: no request per step.
    const requestsBeforePlay = clusterAtRequests;
    expect(requestsBeforePlay).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(
      (v) => Number(document.querySelector('.cluster-view')?.getAttribute('data-version')) >= v + 3,
      middle!.version,
    );
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = Number(await position.inputValue());
    expect(paused).toBeGreaterThanOrEqual(middle!.version + 3);
    expect(clusterAtRequests).toBe(requestsBeforePlay);
    await position.fill(String(middle!.version));
    await page.waitForFunction(
      (v) => document.querySelector('.cluster-view')?.getAttribute('data-version') === String(v),
      middle!.version,
    );

    // Fork from here: a new sandbox of the instructor, at that version.
    await page.getByRole('button', { name: 'Fork from here' }).click();
    await page.waitForURL(
      (url) => /^\/sandboxes\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.includes(sandboxId),
    );
    const forkId = new URL(page.url()).pathname.split('/')[2]!;
    const { sandbox } = await client.request<{ sandbox: { forkVersion: number; parentSandboxId: string } }>(
      `query ($id: ID!) { sandbox(id: $id) { forkVersion parentSandboxId } }`,
      { id: forkId },
    );
    expect(sandbox).toEqual({ forkVersion: middle!.version, parentSandboxId: sandboxId });
    await page.close();
  });

  it('renders 200 pods, and applies a burst of events without a refetch', async () => {
    const { createSandbox } = await learner.client.request<{ createSandbox: { id: string } }>(
      `mutation { createSandbox(input: { title: "200 pods", clock: STEPPED, nodes: 4 }) { id } }`,
    );
    const id = createSandbox.id;
    const created = await run(id, 'kubectl create deployment big --image=nginx:1.25 --replicas=200');
    expect(created.exitCode).toBe(0);
    const page = await signedInPage(learner.session);
    let queries = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql') && request.method() === 'POST') queries++;
    });
    const started = Date.now();
    await page.goto(`${webUrl}/sandboxes/${id}/cluster`);
    await page.waitForFunction(() => document.querySelectorAll('li.cv-card').length === 200);
    const firstRender = Date.now() - started;
    await page.waitForSelector('.cluster-view[data-live="live"]');
    const queriesBefore = queries;
    const burst = Date.now();
    const version = await advance(id, '1m');
    await page.waitForFunction(
      () => document.querySelectorAll('li.cv-card[data-state="Ready"]').length === 200,
    );
    await shown(page, version);
    const burstRender = Date.now() - burst;
    // Hundreds of events (every pod started) arrived over the subscription; the page made no query for them.
    expect(queries).toBe(queriesBefore);
    console.log(
      `200 pods: first render ${firstRender} ms after navigation; ${version - created.version} events applied in ${burstRender} ms (incl. the advance)`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'cluster-view-200-pods.png'), fullPage: true });

    // A rolling update of the 200 pods, watched: the main thread's long tasks (> 50 ms) are reported, not asserted.
    await page.evaluate(() => {
      const durations: number[] = [];
      (window as unknown as { longTasks: number[] }).longTasks = durations;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => durations.push(e.duration))).observe(
        {
          type: 'longtask',
        },
      );
    });
    expect((await run(id, 'kubectl set image deployment/big nginx=nginx:1.26')).exitCode).toBe(0);
    let last = 0;
    for (let i = 0; i < 10; i++) last = await advance(id, '3s');
    await shown(page, last);
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    expect(queries).toBe(queriesBefore);
    console.log(
      `200-pod rolling update (${last - version} events over 10 advances): ${longTasks.length} long tasks, ` +
        `longest ${Math.round(Math.max(0, ...longTasks))} ms`,
    );
    await page.close();
  });

  it('shows loading, then an error with a retry, for a sandbox the user may not read', async () => {
    const page = await signedInPage(learner.session);
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      await released;
      await route.continue();
    });
    const missing = randomUUID();
    await page.goto(`${webUrl}/sandboxes/${missing}/cluster`);
    expect(await page.getByRole('status').filter({ hasText: 'Loading the cluster…' }).count()).toBe(1);
    release();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/^Could not load the cluster: .*not found/i);
    expect(await alert.getByRole('button', { name: 'Try again' }).count()).toBe(1);

    await page.goto(`${webUrl}/sandboxes/${missing}/replay`);
    await page.getByRole('alert').first().waitFor();
    // One alert for one cause (the sandbox and its history fail alike).
    expect(await page.getByRole('alert').allInnerTexts()).toEqual([
      expect.stringMatching(/^Could not load the sandbox: .*not found.*Try again$/is),
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'replay-error.png'), fullPage: true });
    await page.close();
  });
});
