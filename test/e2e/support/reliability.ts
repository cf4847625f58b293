// Shared pieces of the reliability drills (test/e2e/reliability): the api + worker pair, a learner, commands, and
// reading a sandbox's stream straight from Postgres (the truth the assertions are made against).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  type RunningProcess,
  TEST_DATABASE_URL,
  ensureTestDatabase,
  freePort,
  startApp,
  waitForHealth,
} from './apps';
import { GraphQLClient } from './sandbox-client';

export interface Stack {
  api: RunningProcess;
  worker: RunningProcess | undefined;
  client: GraphQLClient;
  port: number;
  env: Record<string, string>;
}

/** Env both apps get in the drills: fast resync and stalled-job takeover, quiet logs, a private queue prefix. */
export function drillEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    QUEUE_PREFIX: `podlab-rel-${randomUUID().slice(0, 8)}`,
    RESYNC_EVERY_MS: '1000',
    WORKER_LOCK_DURATION_MS: '2000',
    SHUTDOWN_TIMEOUT_MS: '1000',
    RATE_LIMIT_MAX: '100000',
    ...overrides,
  };
}

export async function startApi(
  env: Record<string, string>,
  port?: number,
): Promise<{ api: RunningProcess; port: number }> {
  if (env['DATABASE_URL'] === undefined) ensureTestDatabase();
  const chosen = port ?? (await freePort());
  const api = startApp('api', { ...env, PORT: String(chosen) });
  await waitForHealth(`http://127.0.0.1:${chosen}`, api);
  return { api, port: chosen };
}

export async function startWorker(env: Record<string, string>): Promise<RunningProcess> {
  const worker = startApp('worker', env);
  await worker.waitForLog('ready', (l) => l.msg?.startsWith('reconcile worker ready') ?? false);
  return worker;
}

export async function startStack(env: Record<string, string>, { worker = true } = {}): Promise<Stack> {
  const [{ api, port }, started] = await Promise.all([
    startApi(env),
    worker ? startWorker(env) : Promise.resolve(undefined),
  ]);
  return { api, worker: started, client: new GraphQLClient(`http://127.0.0.1:${port}`), port, env };
}

export async function signUp(
  anonymous: GraphQLClient,
  name = 'learner',
): Promise<{ client: GraphQLClient; userId: string; token: string }> {
  const { signUp } = await anonymous.request<{ signUp: { accessToken: string; user: { id: string } } }>(
    `mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken user { id } } }`,
    { email: `${name}-${randomUUID()}@example.test`, password: 'correct horse battery' },
  );
  return {
    client: anonymous.withToken(signUp.accessToken),
    userId: signUp.user.id,
    token: signUp.accessToken,
  };
}

export async function createSandbox(
  client: GraphQLClient,
  input: { clock: 'LIVE' | 'STEPPED'; seed?: number; nodes?: number; title?: string },
): Promise<string> {
  const { createSandbox } = await client.request<{ createSandbox: { id: string } }>(
    `mutation ($input: CreateSandboxInput!) { createSandbox(input: $input) { id } }`,
    { input: { controlPlane: false, ...input } },
  );
  return createSandbox.id;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  version: number;
}

export const RUN = `mutation ($id: ID!, $command: String!, $stdin: String, $key: String!) {
  runCommand(sandboxId: $id, command: $command, stdin: $stdin, idempotencyKey: $key) { stdout stderr exitCode version }
}`;

export async function run(
  client: GraphQLClient,
  sandboxId: string,
  command: string,
  stdin?: string,
  key: string = randomUUID(),
): Promise<RunResult> {
  const data = await client.request<{ runCommand: RunResult }>(RUN, {
    id: sandboxId,
    command,
    stdin: stdin ?? null,
    key,
  });
  return data.runCommand;
}

export function deployment(name: string, replicas: number, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: ${name}, image: "${image}" }]
`;
}

export interface StreamRow {
  version: number;
  type: string;
  data: {
    at: number;
    actor: Record<string, string>;
    reason: string;
    cause?: number;
    data: Record<string, unknown>;
  };
  metadata: { actor?: string; cause?: string; correlation?: string };
}

export function streamId(sandboxId: string): string {
  return `sandbox-${sandboxId}`;
}

/** The sandbox's (generation 0) stream, oldest first, as stored. */
export async function readStream(db: pg.Pool, sandboxId: string): Promise<StreamRow[]> {
  const { rows } = await db.query<StreamRow>(
    'SELECT stream_version AS version, type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version',
    [streamId(sandboxId)],
  );
  return rows;
}

export function testDatabase(url = TEST_DATABASE_URL): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  return pool;
}

/** Every Pod creation in the stream, keyed by the ReplicaSet that owns it. */
export function podCreationsByOwner(events: readonly StreamRow[]): Map<string, string[]> {
  const byOwner = new Map<string, string[]>();
  for (const event of events) {
    if (event.type !== 'ObjectCreated') continue;
    const object = event.data.data['object'] as {
      kind: string;
      metadata: { name: string; ownerReferences?: { kind: string; name: string }[] };
    };
    if (object.kind !== 'Pod') continue;
    const owner = object.metadata.ownerReferences?.[0];
    const key = owner ? `${owner.kind}/${owner.name}` : '(none)';
    byOwner.set(key, [...(byOwner.get(key) ?? []), object.metadata.name]);
  }
  return byOwner;
}

export interface DeploymentState {
  name: string;
  raw: {
    metadata: { generation?: number };
    spec: { replicas?: number };
    status?: {
      observedGeneration?: number;
      replicas?: number;
      updatedReplicas?: number;
      availableReplicas?: number;
    };
  };
}
export interface PodState {
  name: string;
  status: string;
  raw: { metadata: { deletionTimestamp?: string }; spec: { containers: { image: string }[] } };
}

/** The state through the `sandbox` query: reads never write, so polling it does not drive a LIVE sandbox. */
export async function readState(
  client: GraphQLClient,
  sandboxId: string,
): Promise<{ version: number; deployments: DeploymentState[]; pods: PodState[] }> {
  const { sandbox } = await client.request<{
    sandbox: { version: number; deployments: DeploymentState[]; pods: PodState[] };
  }>(`query ($id: ID!) { sandbox(id: $id) { version deployments { name raw } pods { name status raw } } }`, {
    id: sandboxId,
  });
  return sandbox;
}

/** kubectl rollout status's test: the controller saw the newest spec and every replica is updated and available. */
export function rolloutComplete(deploymentState: DeploymentState): boolean {
  const { metadata, spec, status } = deploymentState.raw;
  const replicas = spec.replicas ?? 1;
  return (
    (status?.observedGeneration ?? 0) >= (metadata.generation ?? 0) &&
    status?.updatedReplicas === replicas &&
    status?.replicas === replicas &&
    status?.availableReplicas === replicas
  );
}

/** Images of the pods that are not terminating. */
export function servingImages(pods: readonly PodState[]): string[] {
  return pods
    .filter((pod) => !pod.raw.metadata.deletionTimestamp)
    .map((pod) => pod.raw.spec.containers[0]?.image ?? '')
    .sort();
}
