/// <reference lib="dom" />
// (callbacks passed to page.evaluate and friends run in the browser: they see the DOM)
// The web shell in headless Chromium against the built api and the built web app (vite preview): a visitor signs
// up and lands on the catalog (every exercise of the API, with the learner's progress), logs out and back in with
// the keyboard; an instructor creates a cohort, assigns an exercise, and, once a learner has joined and submitted a
// failing attempt, sees the roster × exercise grid, the most-failed checks with the commands typed before them,
// a CSV of the grid and a link to the learner's replay. Screenshots go to test-results/screenshots/.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { type Page } from 'playwright-core';
import { TEST_DATABASE_URL, waitFor } from './support/apps';
import { accessibilityViolations } from './support/axe';
import { GraphQLClient } from './support/sandbox-client';
import { SCREENSHOTS, type WebStack, startWebStack } from './support/web-stack';
const PASSWORD = 'correct horse battery';
const EXERCISE = 'deployment-create-scale';

describe('the web shell in headless Chromium (built api + web)', () => {
  const prefix = `podlab-e2e-web-shell-${randomUUID().slice(0, 8)}`;
  const learnerEmail = `learner-${randomUUID().slice(0, 8)}@example.test`;
  const teacherEmail = `teacher-${randomUUID().slice(0, 8)}@example.test`;
  let stack: WebStack;
  let webUrl: string;
  let anonymous: GraphQLClient;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  async function logInOverHttp(email: string): Promise<GraphQLClient> {
    const { logIn } = await anonymous.request<{ logIn: { accessToken: string } }>(
      `mutation ($email: String!, $password: String!) { logIn(email: $email, password: $password) { accessToken } }`,
      { email, password: PASSWORD },
    );
    return anonymous.withToken(logIn.accessToken);
  }

  async function logOut(): Promise<void> {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in to Podlab' }).waitFor();
    const url = new URL(page.url());
    expect(url.pathname + url.search).toBe('/login');
  }

  beforeAll(async () => {
    stack = await startWebStack({ QUEUE_PREFIX: prefix, RATE_LIMIT_MAX: '100000' });
    webUrl = stack.webUrl;
    anonymous = new GraphQLClient(stack.apiUrl);
    page = await stack.browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 860 }); // a laptop screen
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('signs up, shows every exercise of the API with progress, logs out and logs back in by keyboard', async () => {
    // A visitor without a session is sent to the log-in page, which links to sign-up.
    await page.goto(`${webUrl}/exercises`);
    await page.waitForURL(/\/login\?next=%2Fexercises$/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL(/\/signup/);
    await page.getByLabel('Email').fill(learnerEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();

    await page.waitForURL(/\/exercises$/);
    await page.getByRole('heading', { name: 'Exercises', level: 1 }).waitFor();
    await page.locator('[data-exercise]').first().waitFor();
    expect(await page.getByTestId('signed-in-as').innerText()).toBe(learnerEmail);

    // The cards are exactly the API's catalog, every one not started yet.
    const learner = await logInOverHttp(learnerEmail);
    const { exercises } = await learner.request<{ exercises: { id: string; title: string; kind: string }[] }>(
      `{ exercises { id title kind } }`,
    );
    expect(exercises.length).toBeGreaterThan(10);
    const cards = page.locator('[data-exercise]');
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-exercise')))).toEqual(
      exercises.map((e) => e.id),
    );
    expect(await page.locator('[data-exercise][data-status="NOT_STARTED"]').count()).toBe(exercises.length);
    const first = exercises[0]!;
    expect(await page.locator(`[data-exercise="${first.id}"] h2`).innerText()).toBe(first.title);
    expect(await page.getByTestId('catalog-summary').innerText()).toBe(
      `0 of ${exercises.length} passed · 0 started`,
    );

    // An attempt started elsewhere shows as progress after a reload.
    await learner.request(`mutation ($e: ID!) { startExercise(exerciseId: $e, clock: STEPPED) { id } }`, {
      e: EXERCISE,
    });
    await page.reload();
    const card = page.locator(`[data-exercise="${EXERCISE}"][data-status="IN_PROGRESS"]`);
    await card.waitFor();
    expect(await card.locator('.progress').innerText()).toMatch(
      /^In progress · –\/\d+ points · 1 attempt · \d+ min$/,
    );
    expect(await page.getByTestId('catalog-summary').innerText()).toBe(
      `0 of ${exercises.length} passed · 1 started`,
    );
    await shot('catalog');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The kind filter (radio buttons, keyboard-operable): only the challenges, then everything again.
    await page.getByRole('radio', { name: 'Challenges' }).check();
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-exercise')))).toEqual(
      exercises.filter((e) => e.kind === 'CHALLENGE').map((e) => e.id),
    );
    await page.getByRole('radio', { name: 'All', exact: true }).check();
    expect(await cards.count()).toBe(exercises.length);

    await logOut();
    // Wrong password: an alert, still on the log-in page.
    await page.getByLabel('Email').fill(learnerEmail);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect(await (await page.waitForSelector('[role="alert"]')).innerText()).toBe('Wrong email or password.');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The keyboard alone: focus the email field, Tab to the password, Enter submits.
    await page.getByLabel('Email').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(learnerEmail);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/exercises$/);
    await page.locator(`[data-exercise="${EXERCISE}"][data-status="IN_PROGRESS"]`).waitFor();
  });

  it('rotates the refresh token once for two tabs, retries after UNAUTHENTICATED, and shows load errors', async () => {
    type Stored = { accessToken: string; refreshToken: string; user: { email: string } };
    const stored = async (): Promise<Stored> =>
      JSON.parse((await page.evaluate(() => localStorage.getItem('podlab.session'))) ?? 'null') as Stored;
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = (exp: number) => `${b64({ alg: 'HS256', typ: 'at+jwt' })}.${b64({ exp })}.not-a-signature`;
    const catalogShows = async (p: Page) => {
      await p.goto(`${webUrl}/exercises`);
      await p.locator(`[data-exercise="${EXERCISE}"]`).waitFor();
      expect(new URL(p.url()).pathname).toBe('/exercises');
    };

    // An access token that has expired: two tabs open at once; the refresh token is presented once (Web Locks and
    // a re-read of the stored pair), so the family is not revoked and both tabs show the catalog.
    const before = await stored();
    expect(before.user.email).toBe(learnerEmail);
    await page.evaluate(
      (session) => localStorage.setItem('podlab.session', session),
      JSON.stringify({ ...before, accessToken: forged(Math.floor(Date.now() / 1000) - 60) }),
    );
    const second = await stack.browser.context.newPage();
    try {
      await Promise.all([catalogShows(page), catalogShows(second)]);
    } finally {
      await second.close();
    }
    const rotated = await stored();
    expect(rotated.refreshToken).not.toBe(before.refreshToken);
    expect(rotated.accessToken).not.toContain('not-a-signature');

    // A token that looks valid but the API refuses (UNAUTHENTICATED): refreshed once, the query retried.
    await page.evaluate(
      (session) => localStorage.setItem('podlab.session', session),
      JSON.stringify({ ...rotated, accessToken: forged(Math.floor(Date.now() / 1000) + 600) }),
    );
    await catalogShows(page);
    const again = await stored();
    expect(again.refreshToken).not.toBe(rotated.refreshToken);
    expect(await page.getByTestId('signed-in-as').innerText()).toBe(learnerEmail);

    // The API unreachable: an alert with a retry, then the catalog once it answers again.
    await page.route('**/graphql', (route) => route.fulfill({ status: 502, body: 'Bad Gateway' }));
    await page.goto(`${webUrl}/exercises`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/^Could not load the exercises: The API cannot be reached\./);
    await shot('catalog-error');
    await page.unroute('**/graphql');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.locator(`[data-exercise="${EXERCISE}"]`).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it("free practice: lists the learner's sandboxes and creates a new one", async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Free practice' }).click();
    await page.getByRole('heading', { name: 'Free practice', level: 1 }).waitFor();
    // The new screen has its own title and takes the focus (where a screen reader starts reading).
    expect(await page.title()).toBe('Free practice · Podlab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
    // The sandboxes of the attempts started in the first test are listed, newest first, each with a replay link.
    const rows = page.locator('tr[data-sandbox]');
    await rows.first().waitFor();
    const before = await rows.count();
    expect(before).toBeGreaterThan(0);
    expect(await rows.first().locator('td').nth(3).innerText()).toBe(EXERCISE);

    const title = `Scratch ${randomUUID().slice(0, 4)}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Clock').selectOption('STEPPED');
    await page.getByLabel('Worker nodes').fill('2');
    await page.getByRole('button', { name: 'New sandbox' }).click();
    await page.waitForURL(/\/sandboxes\/[0-9a-f-]+$/);
    const sandboxId = new URL(page.url()).pathname.split('/')[2]!;

    await page.goto(`${webUrl}/practice`);
    const row = page.locator(`tr[data-sandbox="${sandboxId}"]`);
    await row.waitFor();
    expect(await row.locator('th, td').allInnerTexts()).toEqual([
      title,
      'Stepped',
      '2',
      expect.any(String),
      '—',
      'Replay',
    ]);
    expect(await rows.first().getAttribute('data-sandbox')).toBe(sandboxId);
    expect(await rows.count()).toBe(before + 1);
    expect(await row.getByRole('link', { name: `Replay ${title}` }).getAttribute('href')).toBe(
      `/sandboxes/${sandboxId}/replay`,
    );
    await shot('practice');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('an instructor creates a cohort, assigns an exercise and reads the roster grid, failing checks, CSV', async () => {
    // Instructors are made in the database (docs/api.md); the role arrives with the next log-in.
    const { signUp } = await anonymous.request<{ signUp: { user: { id: string } } }>(
      `mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { user { id } } }`,
      { email: teacherEmail, password: PASSWORD },
    );
    const db = new PgClient({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      await db.query(`UPDATE users SET role = 'INSTRUCTOR' WHERE id = $1`, [signUp.user.id]);
    } finally {
      await db.end();
    }

    await logOut();
    await page.getByLabel('Email').fill(teacherEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/exercises$/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cohorts' }).click();
    await page.getByRole('heading', { name: 'Cohorts', level: 1 }).waitFor();
    await page.getByText('No cohorts yet: create one above.').waitFor();

    const cohortName = `Platform team ${randomUUID().slice(0, 4)}`;
    await page.getByLabel('Name').fill(cohortName);
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.waitForURL(/\/cohorts\/[0-9a-f-]+$/);
    await page.getByRole('heading', { name: cohortName, level: 1 }).waitFor();
    await page.getByText('No exercise is assigned yet: assign one above.').waitFor();
    const joinCode = (await page.getByTestId('join-code').innerText()).trim();
    expect(joinCode).not.toBe('');

    // Assign the exercise through the form; the empty roster says so.
    const select = page.getByLabel('Exercise', { exact: true });
    await page.waitForFunction(() => {
      const s = document.querySelector('select');
      return s !== null && !s.disabled && s.options.length > 1;
    });
    await select.selectOption(EXERCISE);
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('No learner has joined yet: share the join code.').waitFor();

    // The learner joins with the code, starts the exercise, types one command and submits it unsolved.
    const learner = await logInOverHttp(learnerEmail);
    await learner.request(`mutation ($c: String!) { joinCohort(joinCode: $c) { id } }`, { c: joinCode });
    const { startExercise } = await learner.request<{ startExercise: { id: string } }>(
      `mutation ($e: ID!) { startExercise(exerciseId: $e, clock: STEPPED) { id } }`,
      { e: EXERCISE },
    );
    const sandboxId = startExercise.id;
    await learner.request(
      `mutation ($id: ID!, $c: String!, $k: String!) { runCommand(sandboxId: $id, command: $c, idempotencyKey: $k) { exitCode } }`,
      { id: sandboxId, c: 'kubectl get pods', k: randomUUID() },
    );
    const { submitExercise } = await learner.request<{ submitExercise: { report: { passed: boolean } } }>(
      `mutation ($id: ID!) { submitExercise(sandboxId: $id) { report { passed } } }`,
      { id: sandboxId },
    );
    expect(submitExercise.report.passed).toBe(false);

    await page.reload();
    const grid = page.getByTestId('roster-grid');
    await grid.waitFor();
    expect(await grid.locator('thead th').allInnerTexts()).toEqual([
      'Learner',
      expect.stringMatching(/\(0\/1 passed\)$/),
    ]);
    const cell = grid.locator(`tr[data-learner="${learnerEmail}"] td[data-exercise="${EXERCISE}"]`);
    expect(await cell.getAttribute('data-status')).toBe('SUBMITTED');
    // Two attempts: the one started in the first test and the submitted one; the replay link opens the latest.
    expect(await cell.innerText()).toMatch(/^Submitted\s+\d+\/\d+ points · 2 attempts · \d+ min\s+Replay$/);
    expect(
      await cell.getByRole('link', { name: `Replay ${learnerEmail}'s last attempt` }).getAttribute('href'),
    ).toBe(`/sandboxes/${sandboxId}/replay`);

    const failing = page.getByTestId('failing-checks');
    expect(await failing.locator(':scope > li').count()).toBeGreaterThan(0);
    expect(await failing.innerText()).toContain('failed 1 time by 1 learner');
    await failing.locator('summary').first().click();
    expect(await failing.locator('code').first().innerText()).toBe('kubectl get pods');
    await shot('cohort-grid');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The CSV download carries the grid (the API's RFC 4180 CSV), named after the cohort.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^platform-team-[0-9a-f]{4}-report\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(learnerEmail);

    // The cohort list shows it with its join code, one learner and one assignment.
    await page.getByRole('link', { name: '← Cohorts' }).click();
    const row = page.locator('[data-testid="cohorts"] tbody tr').filter({ hasText: cohortName });
    // (cache-and-network: the list may first show what it had cached, then the fresh counts)
    const cells = await waitFor('the cohort row with one learner', async () => {
      const texts = (await row.locator('td').allInnerTexts()).slice(0, 3);
      return texts[1] === '1' ? texts : undefined;
    });
    expect(cells).toEqual([joinCode, '1', '1']);

    // The learner sees the cohort's assignment with its due date and their grade (their submitted attempt).
    await logOut();
    await page.getByLabel('Email').fill(learnerEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/exercises$/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My cohorts' }).click();
    await page.getByRole('heading', { name: `Assignments in ${cohortName}`, level: 2 }).waitFor();
    const assignment = page.locator(`[data-testid="my-assignments"] tr[data-exercise="${EXERCISE}"]`);
    expect(await assignment.getAttribute('data-status')).toBe('SUBMITTED');
    const [due, status, grade] = await assignment.locator('td').allInnerTexts();
    expect(due).toBe('No due date');
    expect(status).toBe('Submitted');
    expect(grade).toMatch(/^\d+\/\d+ points$/);
    await shot('learner-cohorts');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
