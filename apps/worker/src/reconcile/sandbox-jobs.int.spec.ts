// The worker's reconcile loop against real Postgres and Redis: a BullMQ worker running SandboxJobs exactly as the
// app wires it (ReconcileWorker adds only Nest's lifecycle), and an "api side" SandboxService in the same test.
import { randomUUID } from 'node:crypto';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Pod } from '@podlab/kube';
import { PostgresEventStore } from '@podlab/event-store';
import { SandboxService, streamIdOf } from '@podlab/sandbox';
import { PrismaSandboxRepository, RECONCILE_JOB, RECONCILE_QUEUE } from '@podlab/sandbox-persistence';
import { SandboxRuntime } from '../sandbox/sandbox-runtime';
import { SandboxJobs } from './sandbox-jobs';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the reconcile loop (SandboxJobs on BullMQ, Postgres, Redis)', () => {
  const prefix = `podlab-int-${randomUUID().slice(0, 8)}`;
  let runtime: SandboxRuntime;
  let api: SandboxService;
  let worker: Worker;
  let workerConnection: Redis;
  let ownerId: string;
  const runs = new Map<string, number>();
  const failures: string[] = [];

  beforeAll(async () => {
    runtime = new SandboxRuntime({
      databaseUrl: DATABASE_URL,
      redisUrl: REDIS_URL,
      queuePrefix: prefix,
      poolMax: 8,
    });
    // The api process's own service (own cache), sharing the database and the queue.
    api = new SandboxService({
      events: new PostgresEventStore(runtime.pool),
      sandboxes: new PrismaSandboxRepository(runtime.prisma),
      clock: { now: () => Date.now() },
      queue: runtime.reconcileQueue,
      newId: randomUUID,
    });
    const jobs = new SandboxJobs(runtime.service, runtime.reconcileQueue, {
      warn: (message) => failures.push(message),
      error: (message) => failures.push(message),
    });
    workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    worker = new Worker(
      RECONCILE_QUEUE,
      async (job: Job) => {
        if (job.name === RECONCILE_JOB) {
          const id = (job.data as { sandboxId: string }).sandboxId;
          runs.set(id, (runs.get(id) ?? 0) + 1);
        }
        return jobs.process(job);
      },
      { connection: workerConnection, prefix, concurrency: 4 },
    );
    jobs.attach(worker);
    await worker.waitUntilReady();
    const user = await runtime.prisma.user.create({
      data: { email: `worker-int-${randomUUID()}@example.test`, passwordHash: 'x' },
    });
    ownerId = user.id;
  });

  afterAll(async () => {
    await worker?.close();
    await runtime?.queue.obliterate({ force: true });
    await runtime?.prisma.sandbox.deleteMany({ where: { ownerId } });
    await runtime?.prisma.user.delete({ where: { id: ownerId } });
    await runtime?.close();
    await workerConnection?.quit();
  });

  const readiness = (sandboxId: string) =>
    api.readSandbox(sandboxId, ({ cluster }) =>
      cluster
        .view()
        .objects.list('Pod')
        .map((pod) => (pod as Pod).status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'None'),
    );

  it('a LIVE sandbox’s pods become Ready without anyone calling reconcile (delayed wake-ups)', async () => {
    const sandbox = await api.createSandbox({ ownerId, clockMode: 'LIVE', workers: 2, controlPlane: false });
    const applied = await api.runCommand({
      sandboxId: sandbox.id,
      line: 'kubectl apply -f -',
      stdin: DEPLOYMENT,
      user: 'learner',
    });
    expect(applied.stdout).toBe('deployment.apps/web created\n');
    // nginx pulls and starts in ~2.3 simulated (= wall) seconds: only wake-ups at the kubelet's timers get there.
    const ready = await until('two Ready pods', async () => {
      const states = await readiness(sandbox.id);
      return states.length === 2 && states.every((s) => s === 'True') ? states : undefined;
    });
    expect(ready).toEqual(['True', 'True']);
    const runsSoFar = runs.get(sandbox.id) ?? 0;
    expect(runsSoFar).toBeGreaterThanOrEqual(2);
    // Settled: no timer pending, nothing left in the queue for it.
    await until('no pending timer', async () =>
      (await runtime.prisma.sandbox.findUnique({ where: { id: sandbox.id } }))?.nextTimerAt === null
        ? true
        : undefined,
    );
    const out = await api.runCommand({
      sandboxId: sandbox.id,
      line: 'kubectl get deploy web',
      user: 'learner',
    });
    expect(out.stdout).toMatch(/web\s+2\/2\s+2\s+2/);
  });

  it('1,000 triggers for one sandbox make at most 2 runs', async () => {
    const sandbox = await api.createSandbox({ ownerId, clockMode: 'LIVE', workers: 1, controlPlane: false });
    await until('the worker idle', async () =>
      (await runtime.queue.getJobCounts('active', 'wait', 'delayed')).wait === 0 ? true : undefined,
    );
    runs.delete(sandbox.id);
    await Promise.all(
      Array.from({ length: 1000 }, () => runtime.reconcileQueue.requestReconcile(sandbox.id)),
    );
    await until('the triggers drained', async () => {
      const counts = await runtime.queue.getJobCounts('active', 'wait', 'delayed', 'prioritized');
      return counts['active'] === 0 &&
        counts['wait'] === 0 &&
        counts['prioritized'] === 0 &&
        (runs.get(sandbox.id) ?? 0) > 0
        ? true
        : undefined;
    });
    const count = runs.get(sandbox.id) ?? 0;
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(2);
  });

  it('a sandbox whose reconcile keeps throwing is marked degraded after bounded retries; others go on', async () => {
    const poisoned = await api.createSandbox({ ownerId, clockMode: 'LIVE', workers: 1, controlPlane: false });
    // A stream the fold cannot read (an event type this version does not know).
    await new PostgresEventStore(runtime.pool).append(streamIdOf(poisoned), 'any', [
      {
        type: 'PoisonedForTest',
        data: { v: 1, at: Date.now(), actor: { type: 'system', name: 'test' }, reason: 'x', data: {} },
      },
    ]);
    await runtime.reconcileQueue.requestReconcile(poisoned.id);
    const healthy = await api.createSandbox({ ownerId, clockMode: 'LIVE', workers: 1, controlPlane: false });
    await api.runCommand({
      sandboxId: healthy.id,
      line: 'kubectl run p --image=nginx:1.27',
      user: 'learner',
    });
    const degraded = await until('the poisoned sandbox degraded', async () => {
      const row = await runtime.prisma.sandbox.findUnique({ where: { id: poisoned.id } });
      return row?.degradedAt ? row : undefined;
    });
    expect(degraded.degradedReason).toMatch(/unknown event type PoisonedForTest/);
    expect(runs.get(poisoned.id)).toBe(3);
    await until('the healthy sandbox’s pod Ready', async () =>
      (await readiness(healthy.id)).join() === 'True' ? true : undefined,
    );
    // Skipped from now on: a trigger runs but does nothing.
    expect(await runtime.service.reconcileSandbox(poisoned.id)).toEqual({
      status: 'skipped',
      reason: 'degraded',
    });
  });

  it('the resync restores wake-ups that Redis lost', async () => {
    const sandbox = await api.createSandbox({ ownerId, clockMode: 'LIVE', workers: 1, controlPlane: false });
    // Pause the worker so the command's trigger is still queued, then lose every job (as after FLUSHALL).
    await worker.pause();
    await api.runCommand({
      sandboxId: sandbox.id,
      line: 'kubectl run q --image=nginx:1.27',
      user: 'learner',
    });
    await runtime.queue.obliterate({ force: true });
    worker.resume();
    expect(await runtime.service.resync()).toBeGreaterThanOrEqual(1);
    await until('the pod Ready after the resync', async () =>
      (await readiness(sandbox.id)).join() === 'True' ? true : undefined,
    );
  });
});
