// Cohorts end to end against the built api and worker, real Postgres and Redis: an instructor creates a cohort and
// assigns an exercise, two learners join with the code and work through runCommand (one solves it, one patches
// around it), the instructor reads the grid, the most-failed checks with the commands before them and the CSV,
// then replays the solver's session (sandboxHistory, sandboxAt in the middle) without being able to type into it;
// an instructor of another cohort reaches nothing.
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import type { Client } from 'graphql-ws';
import {
  type RunningProcess,
  TEST_DATABASE_URL,
  ensureTestDatabase,
  freePort,
  startApp,
  waitForHealth,
} from './support/apps';
import { GraphQLClient, Subscription, describe as describeErrors } from './support/sandbox-client';

const EXERCISE = 'deployment-create-scale';
const PASSWORD = 'correct horse battery';
const RUN = `mutation ($id: ID!, $command: String!, $key: String!) {
  runCommand(sandboxId: $id, command: $command, idempotencyKey: $key) { stdout stderr exitCode version }
}`;
const ADVANCE = `mutation ($id: ID!, $d: String!) { advanceClock(sandboxId: $id, duration: $d) { version now } }`;
const COHORT_FIELDS = `id name createdAt joinCode instructor { id email role }
  members { user { id email } joinedAt } assignments { id dueAt assignedAt exercise { id title maxPoints } }`;
const REPORT = `query ($id: ID!) { cohortReport(cohortId: $id) {
  cohort { id name }
  exercises { id title maxPoints }
  rows { learner { id email } cells { exerciseId status score maxPoints attempts timeSpentMs lastSandboxId submittedAt late } }
  failingChecks { exerciseId checkId title failures learners precedingCommands { command count } }
  csv } }`;

interface Cell {
  exerciseId: string;
  status: string;
  score: number | null;
  maxPoints: number;
  attempts: number;
  timeSpentMs: number;
  lastSandboxId: string | null;
  submittedAt: string | null;
  late: boolean;
}
interface Report {
  cohort: { id: string; name: string };
  exercises: { id: string; title: string; maxPoints: number }[];
  rows: { learner: { id: string; email: string }; cells: Cell[] }[];
  failingChecks: {
    exerciseId: string;
    checkId: string;
    title: string;
    failures: number;
    learners: number;
    precedingCommands: { command: string; count: number }[];
  }[];
  csv: string;
}

describe('cohorts and instructor grading (built api + worker)', () => {
  const prefix = `podlab-e2e-cohorts-${randomUUID().slice(0, 8)}`;
  let api: RunningProcess;
  let worker: RunningProcess;
  let anonymous: GraphQLClient;
  let teacher: GraphQLClient;
  let otherTeacher: GraphQLClient;
  let ada: GraphQLClient;
  let bob: GraphQLClient;
  let eve: GraphQLClient;
  const ids: Record<string, string> = {};
  const sockets: Client[] = [];

  async function account(name: string, role: 'LEARNER' | 'INSTRUCTOR' = 'LEARNER'): Promise<GraphQLClient> {
    const email = `${name}-${randomUUID()}@example.test`;
    const { signUp } = await anonymous.request<{ signUp: { user: { id: string } } }>(
      `mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { user { id } } }`,
      { email, password: PASSWORD },
    );
    ids[name] = signUp.user.id;
    // Roles are changed in the database (docs/api.md); the next log-in carries the new role in its token.
    if (role !== 'LEARNER') {
      const db = new PgClient({ connectionString: TEST_DATABASE_URL });
      await db.connect();
      try {
        await db.query(`UPDATE users SET role = $1 WHERE id = $2`, [role, signUp.user.id]);
      } finally {
        await db.end();
      }
    }
    const { logIn } = await anonymous.request<{ logIn: { accessToken: string } }>(
      `mutation ($email: String!, $password: String!) { logIn(email: $email, password: $password) { accessToken } }`,
      { email, password: PASSWORD },
    );
    return anonymous.withToken(logIn.accessToken);
  }

  async function run(client: GraphQLClient, id: string, command: string) {
    const { runCommand } = await client.request<{
      runCommand: { stdout: string; stderr: string; exitCode: number; version: number };
    }>(RUN, { id, command, key: randomUUID() });
    return runCommand;
  }

  const advance = (client: GraphQLClient, id: string, d: string) => client.request(ADVANCE, { id, d });

  async function startExercise(client: GraphQLClient): Promise<string> {
    const { startExercise } = await client.request<{ startExercise: { id: string; exerciseId: string } }>(
      `mutation ($e: ID!) { startExercise(exerciseId: $e, clock: STEPPED) { id exerciseId } }`,
      { e: EXERCISE },
    );
    expect(startExercise.exerciseId).toBe(EXERCISE);
    return startExercise.id;
  }

  async function submit(client: GraphQLClient, sandboxId: string) {
    const { submitExercise } = await client.request<{
      submitExercise: {
        report: { score: number; maxPoints: number; passed: boolean; gradedAtVersion: number };
      };
    }>(
      `mutation ($id: ID!) { submitExercise(sandboxId: $id) { report { score maxPoints passed gradedAtVersion } } }`,
      { id: sandboxId },
    );
    return submitExercise.report;
  }

  beforeAll(async () => {
    ensureTestDatabase();
    const port = await freePort();
    const env = { QUEUE_PREFIX: prefix, SHUTDOWN_TIMEOUT_MS: '1000', RATE_LIMIT_MAX: '100000' };
    api = startApp('api', { ...env, PORT: String(port) });
    worker = startApp('worker', env);
    anonymous = new GraphQLClient(`http://127.0.0.1:${port}`);
    await Promise.all([
      waitForHealth(anonymous.baseUrl, api),
      worker.waitForLog('ready', (l) => /ready/.test(l.msg ?? '')),
    ]);
    [teacher, otherTeacher, ada, bob, eve] = await Promise.all([
      account('teacher', 'INSTRUCTOR'),
      account('other-teacher', 'INSTRUCTOR'),
      account('ada'),
      account('bob'),
      account('eve'),
    ]);
  });

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await Promise.all([api?.stop('SIGTERM'), worker?.stop('SIGTERM')]);
  });

  it('runs a cohort: create, join, assign, solve through runCommand, report, replay; foreigners refused', async () => {
    // ---- the instructor creates a cohort; learners may not --------------------------------------------------
    expect(await ada.errorCode(`mutation { createCohort(name: "mine") { id } }`)).toBe('FORBIDDEN');
    const { createCohort } = await teacher.request<{
      createCohort: { id: string; joinCode: string; instructor: { id: string } };
    }>(`mutation ($name: String!) { createCohort(name: $name) { ${COHORT_FIELDS} } }`, { name: 'Autumn' });
    const cohortId = createCohort.id;
    expect(createCohort.joinCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(createCohort.instructor.id).toBe(ids['teacher']);
    expect(await teacher.errorCode(`mutation { createCohort(name: "   ") { id } }`)).toBe('BAD_USER_INPUT');

    // Another instructor's cohort, with eve in it.
    const { createCohort: other } = await otherTeacher.request<{
      createCohort: { id: string; joinCode: string };
    }>(`mutation { createCohort(name: "Elsewhere") { id joinCode } }`);
    await eve.request(`mutation ($c: String!) { joinCohort(joinCode: $c) { id } }`, { c: other.joinCode });

    // ---- learners join with the code (any case, idempotent) -------------------------------------------------
    const join = (client: GraphQLClient, code: string) =>
      client.request<{
        joinCohort: { id: string; joinCode: string | null; members: { user: { id: string } }[] };
      }>(`mutation ($c: String!) { joinCohort(joinCode: $c) { ${COHORT_FIELDS} } }`, { c: code });
    const joined = (await join(ada, createCohort.joinCode.toLowerCase())).joinCohort;
    expect(joined).toMatchObject({ id: cohortId, joinCode: null, members: [{ user: { id: ids['ada'] } }] });
    await join(ada, createCohort.joinCode);
    await join(bob, createCohort.joinCode.replace('-', ''));
    expect(await eve.errorCode(`mutation { joinCohort(joinCode: "ZZZZ-ZZZZ") { id } }`)).toBe('NOT_FOUND');

    const { myCohorts } = await teacher.request<{
      myCohorts: { id: string; joinCode: string; members: { user: { id: string } }[] }[];
    }>(`{ myCohorts { ${COHORT_FIELDS} } }`);
    expect(myCohorts.find((c) => c.id === cohortId)?.members.map((m) => m.user.id)).toEqual([
      ids['ada'],
      ids['bob'],
    ]);

    // ---- the instructor assigns an exercise; nobody else may -----------------------------------------------
    const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const ASSIGN = `mutation ($c: ID!, $e: ID!, $due: DateTime) {
      assignExercise(cohortId: $c, exerciseId: $e, dueAt: $due) { id dueAt exercise { id maxPoints } } }`;
    expect(await ada.errorCode(ASSIGN, { c: cohortId, e: EXERCISE, due: null })).toBe('FORBIDDEN');
    expect(await otherTeacher.errorCode(ASSIGN, { c: cohortId, e: EXERCISE, due: null })).toBe('NOT_FOUND');
    expect(await teacher.errorCode(ASSIGN, { c: cohortId, e: 'no-such-exercise', due: null })).toBe(
      'BAD_USER_INPUT',
    );
    const { assignExercise } = await teacher.request<{
      assignExercise: { dueAt: string; exercise: { id: string; maxPoints: number } };
    }>(ASSIGN, { c: cohortId, e: EXERCISE, due: dueAt });
    expect(assignExercise).toMatchObject({ dueAt, exercise: { id: EXERCISE, maxPoints: 5 } });

    // Learners see the cohort and its assignment, never the join code or the other learners.
    const { cohort: seenByBob } = await bob.request<{
      cohort: {
        joinCode: string | null;
        members: { user: { id: string } }[];
        assignments: { exercise: { id: string } }[];
      };
    }>(`query ($id: ID!) { cohort(id: $id) { ${COHORT_FIELDS} } }`, { id: cohortId });
    expect(seenByBob.joinCode).toBeNull();
    expect(seenByBob.members.map((m) => m.user.id)).toEqual([ids['bob']]);
    expect(seenByBob.assignments.map((a) => a.exercise.id)).toEqual([EXERCISE]);
    expect(await eve.errorCode(`query ($id: ID!) { cohort(id: $id) { id } }`, { id: cohortId })).toBe(
      'NOT_FOUND',
    );

    // ---- ada solves it through runCommand; bob patches around it ---------------------------------------------
    const adaSandbox = await startExercise(ada);
    expect(
      (await run(ada, adaSandbox, 'kubectl create deployment web --image=nginx:1.27 --replicas=2')).exitCode,
    ).toBe(0);
    await advance(ada, adaSandbox, '1m');
    await run(ada, adaSandbox, 'kubectl get rs');
    const scaledUp = await run(ada, adaSandbox, 'kubectl scale deployment web --replicas=5');
    expect(scaledUp.exitCode).toBe(0);
    await advance(ada, adaSandbox, '1m');
    await run(ada, adaSandbox, 'kubectl get pods');
    const scaledDown = await run(ada, adaSandbox, 'kubectl scale deployment web --replicas=3');
    await advance(ada, adaSandbox, '1m');
    const adaReport = await submit(ada, adaSandbox);
    expect(adaReport).toMatchObject({ score: 5, maxPoints: 5, passed: true });

    const bobSandbox = await startExercise(bob);
    await run(bob, bobSandbox, 'kubectl create deployment web --image=nginx:1.27 --replicas=2');
    await advance(bob, bobSandbox, '1m');
    await run(bob, bobSandbox, `kubectl patch deployment web -p '{"spec":{"replicas":3}}'`);
    await advance(bob, bobSandbox, '1m');
    const bobReport = await submit(bob, bobSandbox);
    expect(bobReport).toMatchObject({ score: 3, passed: false });

    // ---- the instructor's report: grid, most-failed checks, CSV ----------------------------------------------
    expect(await ada.errorCode(REPORT, { id: cohortId })).toBe('FORBIDDEN');
    expect(await otherTeacher.errorCode(REPORT, { id: cohortId })).toBe('NOT_FOUND');
    const { cohortReport } = await teacher.request<{ cohortReport: Report }>(REPORT, { id: cohortId });
    expect(cohortReport.exercises.map((e) => e.id)).toEqual([EXERCISE]);
    expect(cohortReport.rows.map((r) => r.learner.id)).toEqual([ids['ada'], ids['bob']]);
    const [adaCell, bobCell] = cohortReport.rows.map((r) => r.cells[0]!);
    expect(adaCell).toMatchObject({
      exerciseId: EXERCISE,
      status: 'PASSED',
      score: 5,
      maxPoints: 5,
      attempts: 1,
      lastSandboxId: adaSandbox,
      late: false,
    });
    expect(adaCell!.timeSpentMs).toBeGreaterThanOrEqual(0);
    expect(adaCell!.submittedAt).not.toBeNull();
    expect(bobCell).toMatchObject({ status: 'SUBMITTED', score: 3, lastSandboxId: bobSandbox, late: false });
    expect(cohortReport.failingChecks.map((c) => [c.checkId, c.failures, c.learners])).toEqual([
      ['looked-at-rs', 1, 1],
      ['scaled-up', 1, 1],
    ]);
    expect(cohortReport.failingChecks[0]!.precedingCommands).toEqual([
      { command: 'kubectl create deployment web --image --replicas', count: 1 },
      { command: 'kubectl patch deployment web -p', count: 1 },
    ]);
    const csv = cohortReport.csv.split('\r\n');
    expect(csv[0]).toBe(
      'learner_id,learner_email,exercise_id,exercise_title,status,score,max_points,attempts,time_spent_seconds,submitted_at,due_at,late,last_sandbox_id',
    );
    expect(csv[1]).toMatch(
      new RegExp(
        `^${ids['ada']},ada-[^,]+,${EXERCISE},Create and scale a Deployment,PASSED,5,5,1,\\d+,[^,]+,${dueAt.replace(/[.]/g, '\\.')},false,${adaSandbox}$`,
      ),
    );
    expect(csv[2]).toMatch(new RegExp(`^${ids['bob']},bob-[^,]+,${EXERCISE},[^,]+,SUBMITTED,3,5,1,`));
    expect(csv).toHaveLength(4);

    // ---- the instructor replays ada's session: history, then the state in the middle -------------------------
    const HISTORY = `query ($id: ID!) { sandboxHistory(id: $id, first: 500) {
      headVersion edges { node { version type actor command { line exitCode } } } } }`;
    const { sandboxHistory } = await teacher.request<{
      sandboxHistory: {
        headVersion: number;
        edges: { node: { version: number; type: string; command: { line: string } | null } }[];
      };
    }>(HISTORY, { id: adaSandbox });
    const lines = sandboxHistory.edges.filter((e) => e.node.command).map((e) => e.node.command!.line);
    expect(lines).toEqual([
      'kubectl create deployment web --image=nginx:1.27 --replicas=2',
      'kubectl get rs',
      'kubectl scale deployment web --replicas=5',
      'kubectl get pods',
      'kubectl scale deployment web --replicas=3',
    ]);
    // The middle of the session: right after `scale --replicas=5` (5 wanted; 3 at the end).
    const middle = scaledUp.version;
    expect(middle).toBeLessThan(scaledDown.version);
    const AT = `query ($id: ID!, $v: Int!) { sandboxAt(id: $id, version: $v) { version deployments { name replicas } } }`;
    const { sandboxAt } = await teacher.request<{
      sandboxAt: { version: number; deployments: { name: string; replicas: number }[] };
    }>(AT, { id: adaSandbox, v: middle });
    expect(sandboxAt).toEqual({ version: middle, deployments: [{ name: 'web', replicas: 5 }] });
    const { sandbox } = await teacher.request<{
      sandbox: { id: string; deployments: { replicas: number }[] };
    }>(`query ($id: ID!) { sandbox(id: $id) { id deployments { replicas } } }`, { id: adaSandbox });
    expect(sandbox.deployments).toEqual([{ replicas: 3 }]);
    const { gradeSandbox } = await teacher.request<{ gradeSandbox: { score: number; passed: boolean } }>(
      `mutation ($id: ID!) { gradeSandbox(sandboxId: $id) { score passed } }`,
      { id: adaSandbox },
    );
    expect(gradeSandbox).toEqual({ score: 5, passed: true });
    const seen = new Subscription(
      (() => {
        const socket = teacher.websocket();
        sockets.push(socket);
        return socket;
      })(),
      `subscription ($id: ID!) { sandboxEvents(sandboxId: $id, afterVersion: 0) { version } }`,
      { id: adaSandbox },
      (data) => (data as { sandboxEvents: { version: number } }).sandboxEvents,
    );
    await seen.until('the replayed stream', (items) => items.at(-1)?.version === sandboxHistory.headVersion);
    seen.close();

    // ... but the instructor cannot type into it.
    const writes: [string, Record<string, unknown>][] = [
      [RUN, { command: 'kubectl delete deployment web', key: 'k' }],
      [ADVANCE, { d: '5s' }],
      [`mutation ($id: ID!) { resetSandbox(sandboxId: $id) { id } }`, {}],
      [`mutation ($id: ID!) { deleteSandbox(sandboxId: $id) { id } }`, {}],
      [`mutation ($id: ID!) { submitExercise(sandboxId: $id) { id } }`, {}],
      [`mutation ($id: ID!) { requestHint(sandboxId: $id) { text } }`, {}],
    ];
    for (const [query, variables] of writes)
      expect([query, await teacher.errorCode(query, { id: adaSandbox, ...variables })]).toEqual([
        query,
        'FORBIDDEN',
      ]);

    // ---- an instructor of ANOTHER cohort reaches nothing of ada's -------------------------------------------
    const reads: [string, Record<string, unknown>][] = [
      [`query ($id: ID!) { sandbox(id: $id) { id } }`, {}],
      [AT, { v: middle }],
      [HISTORY, {}],
      [`mutation ($id: ID!) { gradeSandbox(sandboxId: $id) { score } }`, {}],
      [RUN, { command: 'kubectl get pods', key: 'k2' }],
      [`mutation ($id: ID!) { forkSandbox(sandboxId: $id, version: 1) { id } }`, {}],
    ];
    for (const [query, variables] of reads)
      expect([query, await otherTeacher.errorCode(query, { id: adaSandbox, ...variables })]).toEqual([
        query,
        'NOT_FOUND',
      ]);
    const spySocket = otherTeacher.websocket();
    sockets.push(spySocket);
    const spy = new Subscription(
      spySocket,
      `subscription ($id: ID!) { sandboxEvents(sandboxId: $id, afterVersion: 0) { version } }`,
      { id: adaSandbox },
      (data) => data,
    );
    expect(describeErrors(await spy.refused())).toContain('NOT_FOUND');
    expect(spy.items).toEqual([]);
    // ...and the other instructor still reads their own learner's world only: eve is theirs, ada is not.
    expect(
      await otherTeacher.errorCode(`query ($id: ID!) { cohort(id: $id) { id } }`, { id: cohortId }),
    ).toBe('NOT_FOUND');
    // Nothing the instructors tried changed ada's sandbox.
    const { sandbox: after } = await ada.request<{
      sandbox: { deletedAt: string | null; generation: number };
    }>(`query ($id: ID!) { sandbox(id: $id) { deletedAt generation } }`, { id: adaSandbox });
    expect(after).toEqual({ deletedAt: null, generation: 0 });
  });
});
