// The built api as a benchmark runs it (M7, M8): `dist/apps/api` in a child process of its own (its own event loop,
// as in production: NODE_ENV=production, JSON logs at warn), on a free loopback port, on the bench's database and a
// per-run Redis prefix; plus a small GraphQL-over-HTTP client and a helper for tiny child-process servers (the
// baselines), so both sides of a comparison run in a process of their own.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const API_ENTRY = path.join(ROOT, 'dist/apps/api/apps/api/src/main.js');

export interface ApiProcess {
  readonly pid: number;
  readonly baseUrl: string;
  readonly wsUrl: string;
  /** What the api printed (for failures). */
  readonly output: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Builds the api (Nx replays its cache when nothing changed), so the bench never measures a stale build. */
export function buildApi(progress: (message: string) => void): void {
  progress('building the api (nx run api:build; cached when unchanged)');
  execFileSync(path.join(ROOT, 'node_modules/.bin/nx'), ['run', 'api:build', '--outputStyle=static'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!existsSync(API_ENTRY)) throw new Error(`${API_ENTRY} is missing after the build`);
}

/** A child process of the bench (killed with it), ready once `probe` says so. */
export async function startChild(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  probe: (output: string) => Promise<boolean> | boolean,
  timeoutMs = 120_000,
): Promise<{ child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(() => probe(output))
      .catch(() => false))
  ) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${name} was not ready after ${timeoutMs} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(kill, 10_000);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', kill);
    },
  };
}

/** Starts the built api; `env` adds to (or overrides) the bench's settings. Ready when GET /health answers 200. */
export async function startApi(options: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  env?: Record<string, string>;
}): Promise<ApiProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // BENCH_API_CPU_PROF=<dir>: the api writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profileDir = process.env['BENCH_API_CPU_PROF'];
  const api = await startChild(
    'api',
    [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), API_ENTRY],
    {
      NODE_ENV: 'production',
      // A throwaway secret per run: production refuses the development default.
      JWT_SECRET: randomBytes(48).toString('base64'),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: options.prefix,
      SHUTDOWN_TIMEOUT_MS: '2000',
      ...options.env,
    },
    async () => (await fetch(`${baseUrl}/health`)).status === 200,
  );
  return {
    pid: api.child.pid ?? 0,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    get output() {
      return api.output();
    },
    stop: api.stop,
  };
}

export interface GraphQLResult<T> {
  readonly data?: T;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** One GraphQL request; throws on errors. Returns the data and the response body as received. */
export async function graphql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ data: T; body: string }> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.text();
  const result = JSON.parse(body) as GraphQLResult<T>;
  if (!response.ok || result.errors?.length || !result.data)
    throw new Error(`GraphQL ${response.status}: ${body.slice(0, 500)}`);
  return { data: result.data, body };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/** A new learner; returns the access token. */
export async function signUp(baseUrl: string, label: string): Promise<string> {
  const { data } = await graphql<{ signUp: { accessToken: string } }>(
    baseUrl,
    'mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken } }',
    { email: `bench-${label}-${randomUUID()}@podlab.bench`, password: 'bench password 0123' },
  );
  return data.signUp.accessToken;
}

const RUN_COMMAND = `mutation ($id: ID!, $command: String!, $stdin: String, $key: String!) {
  runCommand(sandboxId: $id, command: $command, stdin: $stdin, idempotencyKey: $key) { exitCode stderr version }
}`;

/** Runs a kubectl command through the api; throws when it fails. */
export async function runCommand(
  baseUrl: string,
  token: string,
  sandboxId: string,
  command: string,
  stdin?: string,
): Promise<number> {
  const { data } = await graphql<{ runCommand: { exitCode: number; stderr: string; version: number } }>(
    baseUrl,
    RUN_COMMAND,
    { id: sandboxId, command, stdin: stdin ?? null, key: randomUUID() },
    token,
  );
  if (data.runCommand.exitCode !== 0) throw new Error(`${command}: ${data.runCommand.stderr}`);
  return data.runCommand.version;
}

export async function advanceClock(baseUrl: string, token: string, sandboxId: string, duration: string) {
  const { data } = await graphql<{ advanceClock: { version: number } }>(
    baseUrl,
    'mutation ($id: ID!, $d: String!) { advanceClock(sandboxId: $id, duration: $d) { version } }',
    { id: sandboxId, d: duration },
    token,
  );
  return data.advanceClock.version;
}

/** A STEPPED sandbox with a 3-node cluster and a rolled-out Deployment (`replicas` pods), as a learner has it. */
export async function busySandbox(
  baseUrl: string,
  token: string,
  replicas: number,
  seed = 7,
): Promise<string> {
  const { data } = await graphql<{ createSandbox: { id: string } }>(
    baseUrl,
    `mutation { createSandbox(input: { title: "bench", clock: STEPPED, nodes: 3, seed: ${seed} }) { id } }`,
    {},
    token,
  );
  const id = data.createSandbox.id;
  await runCommand(baseUrl, token, id, 'kubectl apply -f -', deployment('web', replicas));
  await advanceClock(baseUrl, token, id, '2m');
  return id;
}

export function deployment(name: string, replicas: number, image = 'nginx:1.27'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: ${name}, image: "${image}" }]
`;
}
