// Sandboxes end to end against the built api and worker, real Postgres and Redis: a learner follows a rollout
// through commands, the sandboxEvents subscription and `kubectl rollout status`, replays to the middle of it and
// forks from there; commands are idempotent; a foreign learner reaches nothing (R11 for sandbox operations).
import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { type RunningProcess, ensureTestDatabase, freePort, startApp, waitForHealth } from './support/apps';
import { GraphQLClient, Subscription, describe as describeErrors } from './support/sandbox-client';

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

const SANDBOX_EVENTS = `subscription ($id: ID!, $after: Int!) {
  sandboxEvents(sandboxId: $id, afterVersion: $after) {
    sandboxId generation version type actor reason command { line exitCode }
  }
}`;
const RUN = `mutation ($id: ID!, $command: String!, $stdin: String, $key: String!) {
  runCommand(sandboxId: $id, command: $command, stdin: $stdin, idempotencyKey: $key) { stdout stderr exitCode version }
}`;
const ADVANCE = `mutation ($id: ID!, $d: String!) { advanceClock(sandboxId: $id, duration: $d) { version now } }`;

interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  version: number;
}
interface StreamEvent {
  sandboxId: string;
  generation: number;
  version: number;
  type: string;
  actor: string;
  reason: string;
  command: { line: string; exitCode: number } | null;
}

describe('sandboxes over GraphQL (built api + worker)', () => {
  const prefix = `podlab-e2e-sbx-${randomUUID().slice(0, 8)}`;
  let api: RunningProcess;
  let worker: RunningProcess;
  let anonymous: GraphQLClient;
  let alice: GraphQLClient;
  let mallory: GraphQLClient;
  const sockets: Client[] = [];

  async function signUp(name: string): Promise<GraphQLClient> {
    const { signUp } = await anonymous.request<{ signUp: { accessToken: string } }>(
      `mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken } }`,
      { email: `${name}-${randomUUID()}@example.test`, password: 'correct horse battery' },
    );
    return anonymous.withToken(signUp.accessToken);
  }

  function run(client: GraphQLClient, id: string, command: string, stdin?: string, key = randomUUID()) {
    return client
      .request<{ runCommand: RunResult }>(RUN, { id, command, stdin: stdin ?? null, key })
      .then((d) => d.runCommand);
  }

  function subscribe(client: GraphQLClient, id: string, after = 0): Subscription<StreamEvent> {
    const socket = client.websocket();
    sockets.push(socket);
    return new Subscription(
      socket,
      SANDBOX_EVENTS,
      { id, after },
      (data) => (data as { sandboxEvents: StreamEvent }).sandboxEvents,
    );
  }

  const rolloutStatus = (id: string) => run(alice, id, 'kubectl rollout status deployment/web --watch=false');

  beforeAll(async () => {
    ensureTestDatabase();
    const port = await freePort();
    const env = { QUEUE_PREFIX: prefix, SHUTDOWN_TIMEOUT_MS: '1000' };
    api = startApp('api', { ...env, PORT: String(port) });
    worker = startApp('worker', env);
    anonymous = new GraphQLClient(`http://127.0.0.1:${port}`);
    await Promise.all([
      waitForHealth(anonymous.baseUrl, api),
      worker.waitForLog('ready', (l) => /ready/.test(l.msg ?? '')),
    ]);
    [alice, mallory] = await Promise.all([signUp('alice'), signUp('mallory')]);
  });

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await Promise.all([api?.stop('SIGTERM'), worker?.stop('SIGTERM')]);
  });

  it('follows a rollout live, replays to its middle and forks from there', async () => {
    const { createSandbox } = await alice.request<{
      createSandbox: { id: string; clock: string; version: number };
    }>(
      `mutation { createSandbox(input: { title: "rollout", clock: STEPPED, seed: 7, nodes: 2 }) { id clock version } }`,
    );
    const id = createSandbox.id;
    expect(createSandbox.clock).toBe('STEPPED');
    const events = subscribe(alice, id);

    const applied = await run(alice, id, 'kubectl apply -f -', DEPLOYMENT);
    expect(applied).toMatchObject({ exitCode: 0, stdout: 'deployment.apps/web created\n' });
    for (let i = 0; i < 30 && !(await rolloutStatus(id)).stdout.includes('successfully rolled out'); i++)
      await alice.request(ADVANCE, { id, d: '5s' });

    const changed = await run(alice, id, 'kubectl set image deployment/web web=nginx:1.26');
    expect(changed.exitCode).toBe(0);
    const statuses: { version: number; stdout: string }[] = [];
    for (let i = 0; i < 60; i++) {
      const status = await rolloutStatus(id);
      statuses.push(status);
      if (status.stdout.includes('successfully rolled out')) break;
      await alice.request(ADVANCE, { id, d: '2s' });
    }
    expect(statuses.at(-1)?.stdout).toBe('deployment "web" successfully rolled out\n');
    const middle = statuses.find((s) =>
      /1 out of 3 new replicas have been updated|2 out of 3/.test(s.stdout),
    );
    expect(middle).toBeDefined();
    const head = statuses.at(-1)!.version;

    // The subscription saw every version from 1 to head, once each, in order, commands included.
    const seen = await events.until(`events up to v${head}`, (items) => items.at(-1)?.version === head);
    expect(seen.map((e) => e.version)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(seen.every((e) => e.sandboxId === id)).toBe(true);
    expect(seen.filter((e) => e.type === 'CommandExecuted').map((e) => e.command?.line)).toContain(
      'kubectl set image deployment/web web=nginx:1.26',
    );
    expect(seen.some((e) => e.actor.startsWith('controller:') && e.reason === 'ScalingReplicaSet')).toBe(
      true,
    );

    // A late subscriber resuming after the middle gets exactly the rest.
    const resumed = subscribe(alice, id, middle!.version);
    const rest = await resumed.until('the resumed tail', (items) => items.at(-1)?.version === head);
    expect(rest.map((e) => e.version)).toEqual(
      Array.from({ length: head - middle!.version }, (_, i) => middle!.version + i + 1),
    );
    resumed.close();

    // Replay: the middle of the rollout, old and new ReplicaSets side by side.
    const SANDBOX_AT = `query ($id: ID!, $v: Int!) { sandboxAt(id: $id, version: $v) {
      version deployments { name updatedReplicas images } replicaSets { name desired owner } pods { name phase } } }`;
    const { sandboxAt } = await alice.request<{
      sandboxAt: {
        version: number;
        deployments: { updatedReplicas: number; images: string[] }[];
        replicaSets: { desired: number }[];
      };
    }>(SANDBOX_AT, { id, v: middle!.version });
    expect(sandboxAt.version).toBe(middle!.version);
    expect(sandboxAt.deployments[0]?.images).toEqual(['nginx:1.26']);
    expect(sandboxAt.deployments[0]?.updatedReplicas).toBeLessThan(3);
    expect(sandboxAt.replicaSets.filter((rs) => rs.desired > 0).length).toBe(2);

    // Fork from the middle: the fork is at that version and finishes the rollout on its own.
    const { forkSandbox } = await alice.request<{
      forkSandbox: { id: string; version: number; forkVersion: number };
    }>(
      `mutation ($id: ID!, $v: Int!) { forkSandbox(sandboxId: $id, version: $v) { id version forkVersion } }`,
      { id, v: middle!.version },
    );
    expect(forkSandbox).toMatchObject({ version: middle!.version, forkVersion: middle!.version });
    expect((await rolloutStatus(forkSandbox.id)).stdout).toBe(middle!.stdout);
    let forkDone = false;
    for (let i = 0; i < 60 && !forkDone; i++) {
      await alice.request(ADVANCE, { id: forkSandbox.id, d: '2s' });
      forkDone = (await rolloutStatus(forkSandbox.id)).stdout.includes('successfully rolled out');
    }
    expect(forkDone).toBe(true);

    // The current state and the history agree with the stream.
    const { sandbox } = await alice.request<{ sandbox: { version: number; pods: { phase: string }[] } }>(
      `query ($id: ID!) { sandbox(id: $id) { version pods { phase } nodes { name ready } events { reason } } }`,
      { id },
    );
    expect(sandbox.version).toBeGreaterThanOrEqual(head);
    expect(sandbox.pods.filter((p) => p.phase === 'Running')).toHaveLength(3);
    const HISTORY = `query ($id: ID!, $after: String) { sandboxHistory(id: $id, first: 5, after: $after) {
      edges { cursor node { version type command { line exitCode } } } pageInfo { hasNextPage endCursor } } }`;
    const page1 = await alice.request<{
      sandboxHistory: { edges: { node: { version: number } }[]; pageInfo: { endCursor: string } };
    }>(HISTORY, { id });
    const page2 = await alice.request<{ sandboxHistory: { edges: { node: { version: number } }[] } }>(
      HISTORY,
      {
        id,
        after: page1.sandboxHistory.pageInfo.endCursor,
      },
    );
    expect([...page1.sandboxHistory.edges, ...page2.sandboxHistory.edges].map((e) => e.node.version)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    events.close();
  });

  it("delivers a LIVE sandbox's controller decisions, made by the worker, through the subscription", async () => {
    const { createSandbox } = await alice.request<{ createSandbox: { id: string } }>(
      `mutation { createSandbox(input: { clock: LIVE, nodes: 1 }) { id } }`,
    );
    const id = createSandbox.id;
    const events = subscribe(alice, id);
    const created = await run(alice, id, 'kubectl create deployment live --image=nginx');
    expect(created.exitCode).toBe(0);
    // The api only recorded the command; the ReplicaSet and its pod come from the worker's reconcile run.
    const seen = await events.until('the worker to scale the new ReplicaSet', (items) =>
      items.some((e) => e.version > created.version && e.reason === 'ScalingReplicaSet'),
    );
    expect(seen.map((e) => e.version)).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    events.close();
  });

  it('lists my sandboxes newest first, page by page, and follows a reset into the new generation', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { createSandbox } = await alice.request<{ createSandbox: { id: string } }>(
        `mutation { createSandbox(input: { clock: STEPPED, nodes: 1 }) { id } }`,
      );
      ids.push(createSandbox.id);
    }
    const PAGE = `query ($after: String) { mySandboxes(first: 2, after: $after) {
      edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
    type Page = { mySandboxes: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string } } };
    const first = await alice.request<Page>(PAGE);
    const second = await alice.request<Page>(PAGE, { after: first.mySandboxes.pageInfo.endCursor });
    const listed = [...first.mySandboxes.edges, ...second.mySandboxes.edges].map((e) => e.node.id);
    expect(listed.slice(0, 3)).toEqual([...ids].reverse());

    const id = ids[0]!;
    const events = subscribe(alice, id);
    const before = await run(alice, id, 'kubectl create namespace before');
    await alice.request(`mutation ($id: ID!) { resetSandbox(sandboxId: $id) { generation } }`, { id });
    const after = await run(alice, id, 'kubectl create namespace after');
    const seen = await events.until('the new generation', (items) =>
      items.some((e) => e.generation === 1 && e.version === after.version),
    );
    const old = seen.filter((e) => e.generation === 0).map((e) => e.version);
    const fresh = seen.filter((e) => e.generation === 1).map((e) => e.version);
    expect(old).toEqual(Array.from({ length: before.version }, (_, i) => i + 1));
    expect(fresh).toEqual(Array.from({ length: after.version }, (_, i) => i + 1));
    events.close();
  });

  it('runs a command once per idempotency key', async () => {
    const { createSandbox } = await alice.request<{ createSandbox: { id: string } }>(
      `mutation { createSandbox(input: { clock: STEPPED }) { id } }`,
    );
    const id = createSandbox.id;
    const key = randomUUID();
    const first = await run(alice, id, 'kubectl create deployment once --image=nginx', undefined, key);
    const second = await run(alice, id, 'kubectl create deployment once --image=nginx', undefined, key);
    expect(first.exitCode).toBe(0);
    expect(second).toEqual(first);
    const { sandboxHistory } = await alice.request<{
      sandboxHistory: { edges: { node: { command: { line: string } | null } }[] };
    }>(`query ($id: ID!) { sandboxHistory(id: $id, first: 500) { edges { node { command { line } } } } }`, {
      id,
    });
    const commands = sandboxHistory.edges.filter((e) =>
      e.node.command?.line.includes('create deployment once'),
    );
    expect(commands).toHaveLength(1);
  });

  it("refuses every sandbox operation on another learner's sandbox, as if it did not exist", async () => {
    const { createSandbox } = await alice.request<{ createSandbox: { id: string } }>(
      `mutation { createSandbox(input: { clock: STEPPED }) { id } }`,
    );
    const id = createSandbox.id;
    await run(alice, id, 'kubectl create deployment secret --image=nginx');
    const operations: [string, Record<string, unknown>][] = [
      [`query ($id: ID!) { sandbox(id: $id) { id version } }`, {}],
      [`query ($id: ID!) { sandboxAt(id: $id, version: 1) { id version } }`, {}],
      [`query ($id: ID!) { sandboxHistory(id: $id, first: 5) { headVersion } }`, {}],
      [
        RUN.replace('$stdin: String, ', '').replace('stdin: $stdin, ', ''),
        { command: 'kubectl get pods', key: 'k' },
      ],
      [ADVANCE, { d: '5s' }],
      [
        `mutation ($id: ID!) { injectFault(sandboxId: $id, fault: { kind: NODE_DOWN, target: "worker-1" }) { version } }`,
        {},
      ],
      [`mutation ($id: ID!) { resetSandbox(sandboxId: $id) { id } }`, {}],
      [`mutation ($id: ID!) { deleteSandbox(sandboxId: $id) { id } }`, {}],
      [`mutation ($id: ID!) { forkSandbox(sandboxId: $id, version: 1) { id } }`, {}],
    ];
    for (const [query, variables] of operations) {
      expect([query, await mallory.errorCode(query, { id, ...variables })]).toEqual([query, 'NOT_FOUND']);
      // A made-up id answers the same.
      expect(await mallory.errorCode(query, { id: randomUUID(), ...variables })).toBe('NOT_FOUND');
    }
    const { mySandboxes } = await mallory.request<{ mySandboxes: { edges: { node: { id: string } }[] } }>(
      `{ mySandboxes(first: 50) { edges { node { id } } } }`,
    );
    expect(mySandboxes.edges.map((e) => e.node.id)).not.toContain(id);

    const spy = subscribe(mallory, id);
    const refused = await spy.refused();
    expect(describeErrors(refused)).toContain('NOT_FOUND');
    expect(spy.items).toEqual([]);
    // Nothing changed: alice's sandbox is where she left it.
    const { sandbox } = await alice.request<{ sandbox: { deletedAt: string | null; generation: number } }>(
      `query ($id: ID!) { sandbox(id: $id) { deletedAt generation } }`,
      { id },
    );
    expect(sandbox).toEqual({ deletedAt: null, generation: 0 });
    // An anonymous WebSocket is refused at connection time.
    const anon = subscribe(anonymous, id);
    await anon.refused();
    expect(anon.items).toEqual([]);
  });
});
