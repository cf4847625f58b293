// Exercises end to end against the built api and worker, real Postgres and Redis: a learner starts an exercise,
// solves it through runCommand (the exercise's own solution lines), grades it (all checks pass; twice the same
// report), submits it and sees PASSED in myProgress; a negative session fails its declared checks; a challenge's
// faults fire at the same simulated offsets for two learners (STEPPED, different steps) and in a LIVE sandbox (the
// worker's delayed wake-ups); foreign sandboxes and bad ids answer with stable codes.
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExercise } from '@podlab/exercises';
import { parseScript } from '@podlab/kubectl';
import { parseDuration } from '@podlab/kube';
import {
  type RunningProcess,
  ensureTestDatabase,
  freePort,
  startApp,
  waitFor,
  waitForHealth,
} from './support/apps';
import { GraphQLClient } from './support/sandbox-client';

const ROOT = join(__dirname, '../..');

const START = `mutation ($id: ID!, $clock: ClockMode) {
  startExercise(exerciseId: $id, clock: $clock) { id exerciseId clock }
}`;
const RUN = `mutation ($id: ID!, $command: String!, $stdin: String, $key: String!) {
  runCommand(sandboxId: $id, command: $command, stdin: $stdin, idempotencyKey: $key) { exitCode version }
}`;
const ADVANCE = `mutation ($id: ID!, $d: String!) { advanceClock(sandboxId: $id, duration: $d) { version now } }`;
const GRADE = `mutation ($id: ID!) {
  gradeSandbox(sandboxId: $id) {
    sandboxId exerciseId gradedAtVersion score maxPoints passed
    checks { checkId taskId title passed points maxPoints message evidence }
    objective { description share points maxPoints samples { atMs held } }
  }
}`;
const SUBMIT = `mutation ($id: ID!) {
  submitExercise(sandboxId: $id) { id exerciseId sandboxId submittedAt report { score maxPoints passed gradedAtVersion } }
}`;
const HINT = `mutation ($id: ID!, $task: ID) { requestHint(sandboxId: $id, taskId: $task) { taskId text trigger } }`;
const PROGRESS = `query { myProgress { exerciseId status bestScore maxPoints attempts timeSpentMs lastSandboxId submittedAt } }`;
const HISTORY = `query ($id: ID!, $after: String) {
  sandboxHistory(id: $id, first: 500, after: $after) {
    edges { node { version type at actor data } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Check {
  checkId: string;
  passed: boolean;
  points: number;
  maxPoints: number;
  evidence: number[];
}
interface Report {
  sandboxId: string;
  gradedAtVersion: number;
  score: number;
  maxPoints: number;
  passed: boolean;
  checks: Check[];
  objective: { share: number; samples: { atMs: number; held: boolean }[] } | null;
}
interface HistoryNode {
  version: number;
  type: string;
  at: string;
  actor: string;
  data: { scheduled?: number; fault?: { kind: string } };
}

interface ExerciseFacts {
  solution: string;
  negatives: { name: string; script: string; fails: string[] }[];
  faults: { at: string; kind: string }[];
}

describe('exercises over GraphQL (built api + worker)', () => {
  const prefix = `podlab-e2e-ex-${randomUUID().slice(0, 8)}`;
  const exercisesDir = mkdtempSync(join(tmpdir(), 'podlab-e2e-exercises-'));
  let api: RunningProcess;
  let worker: RunningProcess;
  let anonymous: GraphQLClient;
  let alice: GraphQLClient;
  let bob: GraphQLClient;

  async function signUp(name: string): Promise<GraphQLClient> {
    const { signUp } = await anonymous.request<{ signUp: { accessToken: string } }>(
      `mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken } }`,
      { email: `${name}-${randomUUID()}@example.test`, password: 'correct horse battery' },
    );
    return anonymous.withToken(signUp.accessToken);
  }

  async function facts(client: GraphQLClient, id: string): Promise<ExerciseFacts> {
    // Solutions and negatives are not part of the API (learners must not read them): the test reads the file.
    const path = `exercises/${id}/exercise.md`;
    const parsed = parseExercise(path, readFileSync(join(ROOT, path), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const { exercise } = await client.request<{ exercise: { id: string } | null }>(
      `query ($id: ID!) { exercise(id: $id) { id } }`,
      { id },
    );
    expect(exercise?.id).toBe(id);
    return {
      solution: parsed.exercise.solution,
      negatives: parsed.exercise.negatives,
      faults: parsed.exercise.challenge?.faults ?? [],
    };
  }

  async function start(client: GraphQLClient, id: string, clock = 'STEPPED'): Promise<string> {
    const { startExercise } = await client.request<{
      startExercise: { id: string; exerciseId: string; clock: string };
    }>(START, { id, clock });
    expect(startExercise).toMatchObject({ exerciseId: id, clock });
    return startExercise.id;
  }

  /** A session script through the API a learner uses: `$` lines → runCommand, `@ advance/settle d` → advanceClock. */
  async function play(client: GraphQLClient, sandboxId: string, script: string): Promise<void> {
    const parsed = parseScript(script);
    if (!parsed.ok) throw new Error(parsed.error);
    for (const step of parsed.steps) {
      if (step.kind === 'command') {
        await client.request(RUN, {
          id: sandboxId,
          command: step.command,
          stdin: step.stdin ?? null,
          key: randomUUID(),
        });
      } else await client.request(ADVANCE, { id: sandboxId, d: step.args[0] ?? '1m' });
    }
  }

  const grade = (client: GraphQLClient, id: string) =>
    client.request<{ gradeSandbox: Report }>(GRADE, { id }).then((d) => d.gradeSandbox);

  async function history(client: GraphQLClient, id: string): Promise<HistoryNode[]> {
    const nodes: HistoryNode[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        sandboxHistory: {
          edges: { node: HistoryNode }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      } = await client.request(HISTORY, { id, after });
      nodes.push(...page.sandboxHistory.edges.map((e) => e.node));
      if (!page.sandboxHistory.pageInfo.hasNextPage) return nodes;
      after = page.sandboxHistory.pageInfo.endCursor;
    }
  }

  /** The timeline's faults in a stream as [ms after the learner's start (FaultsScheduled), kind]. */
  function faultOffsets(nodes: readonly HistoryNode[]): [number, string][] {
    const scheduled = nodes.find((n) => n.type === 'FaultsScheduled');
    if (!scheduled) throw new Error('no FaultsScheduled event in the stream');
    const start = Date.parse(scheduled.at);
    return nodes
      .filter((n) => n.type === 'FaultInjected' && n.data.scheduled !== undefined)
      .map((n) => {
        expect(n.actor).toBe('fault-injector:challenge-timeline');
        return [Date.parse(n.at) - start, n.data.fault!.kind];
      });
  }

  beforeAll(async () => {
    ensureTestDatabase();
    // The curriculum plus one fixture challenge whose faults fire within seconds (the LIVE test).
    for (const dir of readdirSync(join(ROOT, 'exercises')))
      cpSync(join(ROOT, 'exercises', dir), join(exercisesDir, dir), { recursive: true });
    cpSync(join(__dirname, 'fixtures/exercises'), exercisesDir, { recursive: true });
    const port = await freePort();
    const env = { QUEUE_PREFIX: prefix, SHUTDOWN_TIMEOUT_MS: '1000', EXERCISES_DIR: exercisesDir };
    api = startApp('api', { ...env, PORT: String(port) });
    worker = startApp('worker', env);
    anonymous = new GraphQLClient(`http://127.0.0.1:${port}`);
    await Promise.all([
      waitForHealth(anonymous.baseUrl, api),
      worker.waitForLog('ready', (l) => /ready/.test(l.msg ?? '')),
    ]);
    [alice, bob] = await Promise.all([signUp('alice'), signUp('bob')]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop('SIGTERM'), worker?.stop('SIGTERM')]);
    rmSync(exercisesDir, { recursive: true, force: true });
  });

  it('lists the catalog with challenges apart', async () => {
    const { all, challenges } = await alice.request<{
      all: { id: string; kind: string; maxPoints: number; progress: { status: string } }[];
      challenges: { id: string; challenge: { faults: { atMs: number; kind: string }[] } }[];
    }>(`query {
      all: exercises { id kind maxPoints progress { status } }
      challenges: exercises(kind: CHALLENGE) { id challenge { faults { atMs kind } } }
    }`);
    expect(all.length).toBeGreaterThanOrEqual(27);
    expect(all.every((e) => e.progress.status === 'NOT_STARTED')).toBe(true);
    expect(challenges.map((c) => c.id)).toContain('challenge-rolling-maintenance');
    expect(challenges.every((c) => c.challenge.faults.length > 0)).toBe(true);
  });

  it('solves an exercise through runCommand: all checks pass, grading twice gives the same report, submit → PASSED', async () => {
    const id = 'pods-why-not-bare';
    const { solution } = await facts(alice, id);
    const sandboxId = await start(alice, id);
    const hint = await alice.request<{ requestHint: { trigger: string } }>(HINT, {
      id: sandboxId,
      task: null,
    });
    expect(hint.requestHint.trigger).toBe('state');
    await play(alice, sandboxId, solution);

    const first = await grade(alice, sandboxId);
    expect(first.checks.filter((c) => !c.passed)).toEqual([]);
    expect(first).toMatchObject({ sandboxId, passed: true });
    expect(first.score).toBe(first.maxPoints);
    const second = await grade(alice, sandboxId);
    expect(second).toEqual(first);
    // Grading appended nothing: the stream head is still the version graded.
    const nodes = await history(alice, sandboxId);
    expect(nodes.at(-1)?.version).toBe(first.gradedAtVersion);

    const { submitExercise } = await alice.request<{
      submitExercise: {
        sandboxId: string;
        report: { score: number; passed: boolean; gradedAtVersion: number };
      };
    }>(SUBMIT, { id: sandboxId });
    expect(submitExercise).toMatchObject({
      sandboxId,
      report: { score: first.score, passed: true, gradedAtVersion: first.gradedAtVersion },
    });
    const { myProgress } = await alice.request<{
      myProgress: {
        exerciseId: string;
        status: string;
        bestScore: number;
        attempts: number;
        lastSandboxId: string;
        timeSpentMs: number;
      }[];
    }>(PROGRESS);
    expect(myProgress.find((p) => p.exerciseId === id)).toMatchObject({
      status: 'PASSED',
      bestScore: first.score,
      attempts: 1,
      lastSandboxId: sandboxId,
    });
    expect(myProgress.find((p) => p.exerciseId === id)!.timeSpentMs).toBeGreaterThan(0);
    expect(myProgress.find((p) => p.exerciseId === 'replicaset-limits')?.status).toBe('NOT_STARTED');
  });

  it('a negative session fails exactly its declared checks', async () => {
    const id = 'pods-why-not-bare';
    const { negatives } = await facts(bob, id);
    const negative = negatives.find((n) => n.name === 'one replica only')!;
    const sandboxId = await start(bob, id);
    await play(bob, sandboxId, negative.script);
    const report = await grade(bob, sandboxId);
    expect(report.passed).toBe(false);
    expect(
      report.checks
        .filter((c) => !c.passed)
        .map((c) => c.checkId)
        .sort(),
    ).toEqual([...negative.fails].sort());
  });

  it("fires a challenge's faults at the same simulated instants for two learners stepping differently", async () => {
    const id = 'challenge-rolling-maintenance';
    const { faults } = await facts(alice, id);
    const [a, b] = await Promise.all([start(alice, id), start(bob, id)]);
    await alice.request(ADVANCE, { id: a, d: '8m' });
    for (let i = 0; i < 14; i++) {
      await bob.request(ADVANCE, { id: b, d: '37s' });
      await bob.request(RUN, { id: b, command: 'kubectl get nodes', stdin: null, key: randomUUID() });
    }
    const expected = faults.map((f): [number, string] => [parseDuration(f.at)!, f.kind]);
    const [ha, hb] = await Promise.all([history(alice, a), history(bob, b)]);
    expect(faultOffsets(ha)).toEqual(expected);
    expect(faultOffsets(hb)).toEqual(expected);
    // Same learner start for STEPPED sandboxes: the absolute simulated instants are equal too.
    const instants = (nodes: HistoryNode[]) =>
      nodes.filter((n) => n.type === 'FaultInjected').map((n) => n.at);
    expect(instants(ha)).toEqual(instants(hb));
    const report = await grade(alice, a);
    expect(report.objective?.samples[0]?.atMs).toBe(0);
  });

  it("fires a LIVE challenge's faults at their offsets through the worker's wake-ups", async () => {
    const sandboxId = await start(alice, 'e2e-live-timeline', 'LIVE');
    const nodes = await waitFor(
      'both faults of the LIVE timeline',
      async () => {
        const all = await history(alice, sandboxId);
        return all.filter((n) => n.type === 'FaultInjected').length >= 2 ? all : undefined;
      },
      { intervalMs: 500 },
    );
    expect(faultOffsets(nodes)).toEqual([
      [3000, 'node-down'],
      [6000, 'node-up'],
    ]);
  });

  it('keeps other learners out and answers bad input with stable codes', async () => {
    const sandboxId = await start(alice, 'replicaset-limits');
    expect(await bob.errorCode(GRADE, { id: sandboxId })).toBe('NOT_FOUND');
    expect(await bob.errorCode(SUBMIT, { id: sandboxId })).toBe('NOT_FOUND');
    expect(await bob.errorCode(HINT, { id: sandboxId, task: null })).toBe('NOT_FOUND');
    expect(await alice.errorCode(START, { id: 'no-such-exercise', clock: 'STEPPED' })).toBe('NOT_FOUND');
    expect(await alice.errorCode(HINT, { id: sandboxId, task: 'no-such-task' })).toBe('BAD_USER_INPUT');
    const { createSandbox } = await alice.request<{ createSandbox: { id: string } }>(
      `mutation { createSandbox(input: { title: "free", clock: STEPPED }) { id } }`,
    );
    expect(await alice.errorCode(GRADE, { id: createSandbox.id })).toBe('BAD_USER_INPUT');
    const { exercise } = await alice.request<{ exercise: null }>(`query { exercise(id: "nope") { id } }`);
    expect(exercise).toBeNull();
  });
});
