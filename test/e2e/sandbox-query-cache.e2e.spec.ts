// The sandbox query cache (apps/api/src/sandbox-query-cache) end to end: a kept answer is the very bytes Mercurius
// answers for the same request in the same process, and a second api process without the cache
// (SANDBOX_QUERY_CACHE=off) on the same database answers the same JSON, before and after commands (through either
// process), resets and deletion; a learner reads their own write at once; a foreign or anonymous caller
// gets what they always got, even for an answer the cache keeps; errors are never kept. The cached api's shutdown log
// proves answers were sent as kept.
import { randomUUID } from 'node:crypto';
import { type RunningProcess, ensureTestDatabase, freePort, startApp, waitForHealth } from './support/apps';
import { deployment } from './support/reliability';
import { GraphQLClient } from './support/sandbox-client';

const RUN = `mutation ($id: ID!, $command: String!, $stdin: String, $key: String!) {
  runCommand(sandboxId: $id, command: $command, stdin: $stdin, idempotencyKey: $key) { exitCode version }
}`;

interface Request {
  readonly name: string;
  readonly query: string;
  readonly variables: (id: string) => Record<string, unknown> | undefined;
  readonly operationName?: string;
}

/** Documents of several shapes: what a sandbox page, the cluster view and hand-written clients send. */
const REQUESTS: readonly Request[] = [
  {
    name: 'the sandbox page (named operation, summaries)',
    operationName: 'Sandbox',
    query: `query Sandbox($id: ID!) {
      sandbox(id: $id) {
        id title clock version now generation
        nodes { name ready unschedulable roles podCount cpu memory }
        pods { namespace name phase status readyContainers totalContainers restarts nodeName podIP }
        deployments { namespace name replicas readyReplicas updatedReplicas availableReplicas images }
      }
    }`,
    variables: (id) => ({ id }),
  },
  {
    name: 'the cluster view (fragment, raw JSON objects, one of two operations)',
    operationName: 'ClusterState',
    query: `fragment ClusterObjects on Sandbox {
      id generation version now
      nodes { raw } pods { raw } replicaSets { raw } deployments { raw }
      statefulSets { raw } daemonSets { raw } persistentVolumeClaims { raw }
    }
    query ClusterState($id: ID!) { sandbox(id: $id) { ...ClusterObjects } }
    query ClusterAt($id: ID!, $version: Int!) { sandboxAt(id: $id, version: $version) { ...ClusterObjects } }`,
    variables: (id) => ({ id }),
  },
  {
    name: 'aliases, __typename, a literal id and an argument',
    query: '',
    variables: () => undefined,
  },
  {
    name: 'record fields, Kubernetes events, services, exercise start',
    query: `query ($id: ID!) {
      sandbox(id: $id) {
        id title clock seed exerciseId workers controlPlane generation parentSandboxId forkVersion createdAt
        deletedAt degradedReason exerciseStartedAt
        events { type reason object message count source firstTimestamp lastTimestamp namespace }
        services { namespace name clusterIP ports }
      }
    }`,
    variables: (id) => ({ id }),
  },
  {
    name: 'variables inside the selection (a kind, an @include)',
    query: `query ($id: ID!, $kind: String, $withPods: Boolean!) {
      sandbox(id: $id) {
        version
        objects(kind: $kind) { kind name namespace createdAt }
        pods @include(if: $withPods) { name phase }
      }
    }`,
    variables: (id) => ({ id, kind: 'ReplicaSet', withPods: true }),
  },
];

function literalIdRequest(id: string): { query: string } {
  return {
    query: `{
      __typename
      page: sandbox(id: "${id}") {
        __typename
        v: version
        deployments: objects(kind: "Deployment") { kind name raw }
        first: nodes { name }
      }
    }`,
  };
}

describe('sandbox query cache (two built api processes: cache on and off)', () => {
  const prefix = `podlab-e2e-qc-${randomUUID().slice(0, 8)}`;
  let cached: RunningProcess;
  let plain: RunningProcess;
  let anonymous: GraphQLClient;
  let plainAnonymous: GraphQLClient;
  let alice: { token: string; cached: GraphQLClient; plain: GraphQLClient };
  let mallory: { token: string; cached: GraphQLClient; plain: GraphQLClient };

  async function signUp(name: string) {
    const { signUp } = await anonymous.request<{ signUp: { accessToken: string } }>(
      `mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken } }`,
      { email: `${name}-${randomUUID()}@example.test`, password: 'correct horse battery' },
    );
    const token = signUp.accessToken;
    return { token, cached: anonymous.withToken(token), plain: plainAnonymous.withToken(token) };
  }

  /** The raw answer text, as the client receives it. */
  async function send(baseUrl: string, token: string | undefined, body: object): Promise<string> {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return response.text();
  }

  function bodyOf(request: Request, id: string): object {
    if (request.query === '') return literalIdRequest(id);
    const variables = request.variables(id);
    return {
      query: request.query,
      ...(variables ? { variables } : {}),
      ...(request.operationName ? { operationName: request.operationName } : {}),
    };
  }

  /** The same request in a form the cache hands on to Mercurius: a directive on the root field. */
  function uncacheable(body: object): object {
    const { query } = body as { query: string };
    const rewritten = query.replace(/\bsandbox\(([^)]*)\)/g, 'sandbox($1) @include(if: true)');
    expect(rewritten).not.toBe(query);
    return { ...body, query: rewritten };
  }

  /**
   * Every request three times on the cached api (a render, then kept answers): the bytes Mercurius answers in the
   * same process. The plain api's answer is the same JSON (its key order inside `raw` objects may differ: each
   * process folds the stream itself, and objects read back from Postgres' jsonb have jsonb's key order).
   */
  async function expectSameAnswers(token: string, id: string): Promise<string[]> {
    const answers: string[] = [];
    for (const request of REQUESTS) {
      const body = bodyOf(request, id);
      const reference = await send(anonymous.baseUrl, token, uncacheable(body));
      const parsed = JSON.parse(reference) as { data?: unknown; errors?: unknown };
      expect({ name: request.name, errors: parsed.errors }).toEqual({
        name: request.name,
        errors: undefined,
      });
      for (let i = 0; i < 3; i++) {
        expect({ name: request.name, answer: await send(anonymous.baseUrl, token, body) }).toEqual({
          name: request.name,
          answer: reference,
        });
      }
      expect(JSON.parse(await send(plainAnonymous.baseUrl, token, body))).toEqual(parsed);
      answers.push(reference);
    }
    return answers;
  }

  const version = async (client: GraphQLClient, id: string) =>
    (await client.request<{ sandbox: { version: number } }>(REQUESTS[0]!.query, { id })).sandbox.version;

  beforeAll(async () => {
    ensureTestDatabase();
    const [cachedPort, plainPort] = [await freePort(), await freePort()];
    const env = { QUEUE_PREFIX: prefix, SHUTDOWN_TIMEOUT_MS: '1000' };
    cached = startApp('api', { ...env, PORT: String(cachedPort), SANDBOX_QUERY_CACHE: 'on' });
    plain = startApp('api', { ...env, PORT: String(plainPort), SANDBOX_QUERY_CACHE: 'off' });
    anonymous = new GraphQLClient(`http://127.0.0.1:${cachedPort}`);
    plainAnonymous = new GraphQLClient(`http://127.0.0.1:${plainPort}`);
    await Promise.all([
      waitForHealth(anonymous.baseUrl, cached),
      waitForHealth(plainAnonymous.baseUrl, plain),
    ]);
    [alice, mallory] = [await signUp('alice'), await signUp('mallory')];
  });

  afterAll(async () => {
    await Promise.all([cached?.stop('SIGTERM'), plain?.stop('SIGTERM')]);
  });

  it('answers every document as GraphQL does, and a command, a reset and a deletion are seen at once', async () => {
    const { createSandbox } = await alice.cached.request<{ createSandbox: { id: string } }>(
      `mutation { createSandbox(input: { title: "cache", clock: STEPPED, seed: 11, nodes: 2 }) { id } }`,
    );
    const id = createSandbox.id;
    const empty = await expectSameAnswers(alice.token, id);

    // A command through the cached api, read back at once through it: the answer is of the command's version.
    const applied = await alice.cached.request<{ runCommand: { exitCode: number; version: number } }>(RUN, {
      id,
      command: 'kubectl apply -f -',
      stdin: deployment('web', 3, 'nginx:1.25'),
      key: randomUUID(),
    });
    expect(applied.runCommand.exitCode).toBe(0);
    expect(await version(alice.cached, id)).toBe(applied.runCommand.version);
    await alice.cached.request(
      `mutation ($id: ID!) { advanceClock(sandboxId: $id, duration: "20s") { version } }`,
      {
        id,
      },
    );
    const running = await expectSameAnswers(alice.token, id);
    expect(running).not.toEqual(empty);

    // A command through the OTHER api process: the cached one still answers the new head.
    const scaled = await alice.plain.request<{ runCommand: { exitCode: number; version: number } }>(RUN, {
      id,
      command: 'kubectl scale deployment/web --replicas=5',
      key: randomUUID(),
    });
    expect(scaled.runCommand.exitCode).toBe(0);
    expect(await version(alice.cached, id)).toBe(scaled.runCommand.version);
    await expectSameAnswers(alice.token, id);

    // A reset moves the generation (a new stream), a deletion changes only the record: both seen at once.
    await alice.plain.request(`mutation ($id: ID!) { resetSandbox(sandboxId: $id) { generation } }`, { id });
    const reset = await alice.cached.request<{ sandbox: { generation: number; deployments: unknown[] } }>(
      REQUESTS[0]!.query,
      { id },
    );
    expect(reset.sandbox).toMatchObject({ generation: 1, deployments: [] });
    await expectSameAnswers(alice.token, id);
    await alice.plain.request(`mutation ($id: ID!) { deleteSandbox(sandboxId: $id) { deletedAt } }`, { id });
    const deleted = await alice.cached.request<{ sandbox: { deletedAt: string | null } }>(
      `query ($id: ID!) { sandbox(id: $id) { deletedAt } }`,
      { id },
    );
    expect(deleted.sandbox.deletedAt).not.toBeNull();
    await expectSameAnswers(alice.token, id);
  });

  it('refuses foreign, anonymous and forged callers exactly as before, even for a kept answer', async () => {
    const { createSandbox } = await alice.cached.request<{ createSandbox: { id: string } }>(
      `mutation { createSandbox(input: { title: "private", clock: STEPPED, seed: 12 }) { id } }`,
    );
    const id = createSandbox.id;
    await expectSameAnswers(alice.token, id);
    const [header, payload] = alice.token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    for (const request of REQUESTS) {
      const body = bodyOf(request, id);
      for (const token of [mallory.token, undefined, forged]) {
        const answer = await send(anonymous.baseUrl, token, body);
        expect(answer).toBe(await send(plainAnonymous.baseUrl, token, body));
        const parsed = JSON.parse(answer) as {
          data?: unknown;
          errors?: { extensions?: { code?: string } }[];
        };
        expect(parsed.errors?.[0]?.extensions?.code).toBe(
          token === mallory.token ? 'NOT_FOUND' : 'UNAUTHENTICATED',
        );
        expect(answer).not.toContain('"version"');
      }
    }
    // Bodies Mercurius' own checks refuse or treat specially get the same answers with and without the cache.
    const query = REQUESTS[0]!.query;
    const odd = [
      { query, variables: [id] },
      { query, variables: { id }, operationName: 5 },
      { query, variables: { id }, operationName: 'Sandbox', persisted: 'yes' },
      { query, variables: { id }, operationName: 'Sandbox', extensions: { persistedQuery: { version: 1 } } },
      { query, variables: { id }, operationName: 'Missing' },
      [{ query, variables: { id } }],
    ];
    for (const body of odd) {
      const answer = await send(anonymous.baseUrl, alice.token, body);
      expect({ body, answer }).toEqual({
        body,
        answer: await send(plainAnonymous.baseUrl, alice.token, body),
      });
    }
    // An answer with errors is never kept: a field that does not exist, asked twice, fails twice the same way.
    const wrong = { query: 'query ($id: ID!) { sandbox(id: $id) { version nope } }', variables: { id } };
    const first = await send(anonymous.baseUrl, alice.token, wrong);
    expect(first).toContain('Cannot query field \\"nope\\"');
    expect(await send(anonymous.baseUrl, alice.token, wrong)).toBe(first);
    expect(first).toBe(await send(plainAnonymous.baseUrl, alice.token, wrong));
  });

  it('logs at shutdown how many answers it sent as kept', async () => {
    await cached.stop('SIGTERM');
    const line = cached
      .logs()
      .find((l) => l.context === 'SandboxQueryCache' && /answers sent as kept/.test(l.msg ?? ''));
    expect(line).toBeDefined();
    // expectSameAnswers sends every request three times: at least two of each three are kept answers.
    expect(line?.['hits']).toBeGreaterThanOrEqual(2 * REQUESTS.length * 6);
    expect(line?.['renders']).toBeGreaterThanOrEqual(REQUESTS.length);
    expect(plain.logs().some((l) => /sandbox query cache off/.test(l.msg ?? ''))).toBe(true);
    // Every request was logged, and no log line carries the bearer token it came with.
    const requests = cached
      .logs()
      .filter((l) => (l['req'] as { url?: string } | undefined)?.url === '/graphql');
    expect(requests.length).toBeGreaterThan(100);
    expect(requests[0]?.['req']).toEqual({
      id: expect.anything(),
      method: 'POST',
      url: '/graphql',
      remoteAddress: '127.0.0.1',
    });
    expect(cached.text).not.toContain(alice.token);
    expect(plain.text).not.toContain(alice.token);
  });
});
