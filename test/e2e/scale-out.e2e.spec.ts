// Scale-out: one api and TWO worker processes on one Redis and one Postgres share the reconcile load of many LIVE
// sandboxes. Both workers do work; no sandbox is ever reconciled by two workers at once (the workers' own run spans,
// logged per job); and the event streams hold no duplicate decision (every Pod created once by its ReplicaSet,
// bound once by the scheduler, started once by its kubelet; versions contiguous).
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  type LogLine,
  type RunningProcess,
  REDIS_URL,
  TEST_DATABASE_URL,
  ensureTestDatabase,
  freePort,
  startApp,
  waitFor,
  waitForHealth,
} from './support/apps';
import { GraphQLClient } from './support/sandbox-client';

const SANDBOXES = 16;
// The wire contract of the worker's queue, as any producer sees it.
const RECONCILE_QUEUE = 'reconcile';
const RUN = `mutation ($id: ID!, $command: String!, $key: String!) {
  runCommand(sandboxId: $id, command: $command, idempotencyKey: $key) { stdout stderr exitCode version }
}`;

interface JobDone extends LogLine {
  job: string;
  sandboxId: string;
  worker: string;
  startedAt: number;
  finishedAt: number;
  result: { status: string; appended?: number };
}

interface Row {
  stream_version: number;
  type: string;
  actor: string;
  reason: string;
  kind: string | null;
  name: string | null;
  uid: string | null;
  correlation: string | null;
}

describe('scale-out: two workers share the reconcile load (built api + 2 workers)', () => {
  const prefix = `podlab-e2e-scale-${randomUUID().slice(0, 8)}`;
  let api: RunningProcess;
  const workers: RunningProcess[] = [];
  let learner: GraphQLClient;
  let pool: pg.Pool;

  beforeAll(async () => {
    ensureTestDatabase();
    const port = await freePort();
    const env = { QUEUE_PREFIX: prefix, SHUTDOWN_TIMEOUT_MS: '1000', WORKER_CONCURRENCY: '2' };
    api = startApp('api', { ...env, PORT: String(port), RATE_LIMIT_MAX: '100000' });
    workers.push(startApp('worker', { ...env, LOG_LEVEL: 'debug' }));
    workers.push(startApp('worker', { ...env, LOG_LEVEL: 'debug' }));
    const anonymous = new GraphQLClient(`http://127.0.0.1:${port}`);
    await Promise.all([
      waitForHealth(anonymous.baseUrl, api),
      ...workers.map((w) => w.waitForLog('ready', (l) => /reconcile worker ready/.test(l.msg ?? ''))),
    ]);
    const { signUp } = await anonymous.request<{ signUp: { accessToken: string } }>(
      `mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken } }`,
      { email: `scale-${randomUUID()}@example.test`, password: 'correct horse battery' },
    );
    learner = anonymous.withToken(signUp.accessToken);
    pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 4 });
  });

  afterAll(async () => {
    await Promise.all([api?.stop('SIGTERM'), ...workers.map((w) => w.stop('SIGTERM'))]);
    await pool?.end();
    // This run's BullMQ keys (the shared Redis keeps nothing of it).
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(RECONCILE_QUEUE, { connection, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
  });

  const run = async (id: string, command: string) => {
    const { runCommand } = await learner.request<{ runCommand: { exitCode: number; stderr: string } }>(RUN, {
      id,
      command,
      key: randomUUID(),
    });
    expect(runCommand).toMatchObject({ exitCode: 0, stderr: '' });
  };

  /** The Deployment's last recorded status in the stream: read from Postgres, so polling writes nothing. */
  const readyReplicas = async (id: string): Promise<number> => {
    const { rows } = await pool.query<{ ready: string | null }>(
      `SELECT data->'data'->'object'->'status'->>'readyReplicas' AS ready FROM events
       WHERE stream_id = $1 AND data->'data'->'object'->>'kind' = 'Deployment'
       ORDER BY stream_version DESC LIMIT 1`,
      [`sandbox-${id}`],
    );
    return Number(rows[0]?.ready ?? 0);
  };

  const allReady = (ids: readonly string[], replicas: number) =>
    waitFor(
      `${ids.length} deployments with ${replicas} ready replicas`,
      async () => {
        const ready = await Promise.all(ids.map(readyReplicas));
        return ready.every((n) => n === replicas) ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );

  it('both workers reconcile, never the same sandbox at once, and no decision is made twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < SANDBOXES; i++) {
      const { createSandbox } = await learner.request<{ createSandbox: { id: string } }>(
        `mutation { createSandbox(input: { clock: LIVE, nodes: 2 }) { id } }`,
      );
      ids.push(createSandbox.id);
    }
    // Every sandbox gets work at about the same moment, twice: a Deployment, then a scale-up once it is Ready.
    await Promise.all(
      ids.map((id) => run(id, 'kubectl create deployment web --image=nginx:1.27 --replicas=2')),
    );
    await allReady(ids, 2);
    await Promise.all(ids.map((id) => run(id, 'kubectl scale deployment web --replicas=3')));
    await allReady(ids, 3);

    // Both workers did work: each finished reconcile runs that appended decisions.
    const done = workers.map((w) =>
      w.logs().filter((l): l is JobDone => l.msg === 'sandbox job done' && l['job'] === 'reconcile'),
    );
    for (const runs of done)
      expect(runs.filter((r) => (r.result.appended ?? 0) > 0).length).toBeGreaterThan(0);
    expect(new Set(done.map((runs) => runs[0]?.worker)).size).toBe(2);
    // Between them they reconciled every sandbox.
    expect(new Set(done.flat().map((r) => r.sandboxId))).toEqual(new Set(ids));

    // Never two runs of one sandbox at once, across the two processes (same machine, same wall clock).
    const bySandbox = new Map<string, JobDone[]>();
    for (const r of done.flat()) bySandbox.set(r.sandboxId, [...(bySandbox.get(r.sandboxId) ?? []), r]);
    let handedOver = 0;
    for (const [sandboxId, runs] of bySandbox) {
      runs.sort((a, b) => a.startedAt - b.startedAt || a.finishedAt - b.finishedAt);
      for (let i = 1; i < runs.length; i++) {
        const previous = runs[i - 1] as JobDone;
        const current = runs[i] as JobDone;
        if (current.startedAt < previous.finishedAt)
          throw new Error(
            `sandbox ${sandboxId}: a run on ${current.worker} started at ${current.startedAt}, before the run on ` +
              `${previous.worker} finished at ${previous.finishedAt}`,
          );
        if (current.worker !== previous.worker) handedOver++;
      }
    }
    // The load really was shared per sandbox too: some sandboxes moved from one worker to the other between runs.
    expect(handedOver).toBeGreaterThan(0);

    // The streams: contiguous versions, and every decision made exactly once.
    for (const id of ids) {
      const { rows } = await pool.query<Row>(
        `SELECT stream_version, type, metadata->>'actor' AS actor, data->>'reason' AS reason,
                data->'data'->'object'->>'kind' AS kind, data->'data'->'object'->'metadata'->>'name' AS name,
                data->'data'->'object'->'metadata'->>'uid' AS uid, metadata->>'correlation' AS correlation
         FROM events WHERE stream_id = $1 ORDER BY stream_version`,
        [`sandbox-${id}`],
      );
      expect(rows.map((r) => r.stream_version)).toEqual(rows.map((_, i) => i + 1));
      const created = rows.filter((r) => r.kind === 'Pod' && r.reason === 'SuccessfulCreate');
      const scheduled = rows.filter((r) => r.kind === 'Pod' && r.reason === 'Scheduled');
      const started = rows.filter((r) => r.kind === 'Pod' && r.reason === 'Started');
      // 2 replicas, then 3: exactly three Pods ever created, each bound once and started once.
      expect(created).toHaveLength(3);
      expect(new Set(created.map((r) => r.name)).size).toBe(3);
      expect(scheduled.map((r) => r.uid).sort()).toEqual(created.map((r) => r.uid).sort());
      expect(started.map((r) => r.uid).sort()).toEqual(created.map((r) => r.uid).sort());
      expect(rows.filter((r) => r.kind === 'ReplicaSet' && r.type === 'ObjectCreated')).toHaveLength(1);
      // The controllers' decisions came from worker runs (correlation reconcile:…), not from the api.
      expect(created.every((r) => r.correlation?.startsWith('reconcile:'))).toBe(true);
    }
  });
});
