// R4: the worker is SIGKILLed while it runs a reconcile job of a LIVE sandbox that is rolling out a Deployment (the
// job is still in BullMQ's active list, locked by a dead process). A new worker starts, takes the stalled job over
// once its lock expires (WORKER_LOCK_DURATION_MS, 2 s here), and the rollout converges. No controller decision is
// made twice: every run appends with the stream version it read, so a decision the dead worker committed is seen
// by the next run and one it did not commit is made once by the next run. Asserted over the event stream:
// contiguous versions; each ReplicaSet created once; each ReplicaSet creates exactly `replicas` pods over the
// whole session (nothing ever fails, so a second creation for a slot would be a duplicate decision); pod names
// unique; at no version more live pods than replicas + maxSurge.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { REDIS_URL, type RunningProcess, waitFor } from '../support/apps';
import {
  type Stack,
  createSandbox,
  drillEnv,
  podCreationsByOwner,
  readState,
  readStream,
  rolloutComplete,
  run,
  servingImages,
  signUp,
  startStack,
  startWorker,
  testDatabase,
  type StreamRow,
} from '../support/reliability';
import type { GraphQLClient } from '../support/sandbox-client';

const REPLICAS = 24;
const SURGE = 6;
const MANIFEST = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${REPLICAS}
  selector: { matchLabels: { app: web } }
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: ${SURGE}, maxUnavailable: 0 } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "${image}" }]
`;

/** Live (not terminating) pods after each version, from the stream alone. */
function maxLivePods(events: readonly StreamRow[]): number {
  const live = new Map<string, boolean>();
  let max = 0;
  for (const event of events) {
    const object = event.data.data['object'] as
      { kind: string; metadata: { name: string; deletionTimestamp?: string } } | undefined;
    if ((event.type === 'ObjectCreated' || event.type === 'ObjectUpdated') && object?.kind === 'Pod')
      live.set(object.metadata.name, !object.metadata.deletionTimestamp);
    if (event.type === 'ObjectDeleted' && event.data.data['kind'] === 'Pod')
      live.delete(event.data.data['name'] as string);
    max = Math.max(max, [...live.values()].filter(Boolean).length);
  }
  return max;
}

describe('R4: a worker SIGKILLed mid-reconcile', () => {
  let stack: Stack;
  let learner: GraphQLClient;
  let connection: Redis;
  let queue: Queue;
  const workers: RunningProcess[] = [];
  const db = testDatabase();

  beforeAll(async () => {
    stack = await startStack(drillEnv());
    workers.push(stack.worker!);
    ({ client: learner } = await signUp(stack.client, 'r4'));
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue('reconcile', { connection, prefix: stack.env['QUEUE_PREFIX'] });
  });

  afterAll(async () => {
    await Promise.all([stack?.api.stop('SIGKILL'), ...workers.map((w) => w.stop('SIGKILL'))]);
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await connection?.quit();
    await db.end();
  });

  it('converges after a new worker starts, with no duplicate controller decision', async () => {
    const id = await createSandbox(learner, { clock: 'LIVE', nodes: 4, seed: 4 });
    const activeKey = `${stack.env['QUEUE_PREFIX']}:reconcile:active`;
    let worker = stack.worker!;
    let killedMidJob = false;
    let versionAtKill = 0;

    // Start the rollout, then SIGKILL the worker the moment it holds an active reconcile job of this sandbox. The
    // job may finish between our look and the kill: the kill counts only if the job is still in the active list
    // once the process is dead (then it died holding it). A few tries at most.
    expect((await run(learner, id, 'kubectl apply -f -', MANIFEST('nginx:1.25'))).exitCode).toBe(0);
    for (let attempt = 1; attempt <= 4 && !killedMidJob; attempt++) {
      if (attempt > 1) {
        worker = await startWorker(stack.env);
        workers.push(worker);
        // Something to do: a rollout step (or a new rollout) for the new worker.
        await run(learner, id, `kubectl set image deployment/web web=nginx:1.27.${attempt}`);
      }
      await waitFor(
        'an active reconcile job',
        async () => ((await connection.llen(activeKey)) > 0 ? true : undefined),
        { timeoutMs: 30_000, intervalMs: 1 },
      );
      worker.child.kill('SIGKILL');
      await worker.exited;
      const active = await queue.getActive();
      killedMidJob = active.some((job) => job.name === 'reconcile' && job.data.sandboxId === id);
      versionAtKill = (await readStream(db, id)).length;
    }
    expect(killedMidJob).toBe(true);

    // The final image: a rollout that must finish under the new worker.
    const next = await startWorker(stack.env);
    workers.push(next);
    await run(learner, id, 'kubectl set image deployment/web web=nginx:1.29.0');
    await waitFor(
      'the rollout to converge under the new worker',
      async () => {
        if (next.hasExited) throw new Error(`the new worker exited:\n${next.text}`);
        const state = await readState(learner, id);
        const web = state.deployments.find((d) => d.name === 'web');
        const images = servingImages(state.pods);
        return web &&
          rolloutComplete(web) &&
          images.length === REPLICAS &&
          images.every((i) => i === 'nginx:1.29.0')
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );

    const events = await readStream(db, id);
    expect(events.length).toBeGreaterThan(versionAtKill);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    const replicaSets = events
      .filter((e) => e.type === 'ObjectCreated')
      .map((e) => e.data.data['object'] as { kind: string; metadata: { name: string } })
      .filter((o) => o.kind === 'ReplicaSet')
      .map((o) => o.metadata.name);
    expect(new Set(replicaSets).size).toBe(replicaSets.length);
    const byOwner = podCreationsByOwner(events);
    const allPods = [...byOwner.values()].flat();
    expect(new Set(allPods).size).toBe(allPods.length);
    for (const [owner, pods] of byOwner) {
      expect(owner).toMatch(/^ReplicaSet\//);
      // Every ReplicaSet was scaled up to REPLICAS at most once and never lost a pod: exactly one creation per slot,
      // except a ReplicaSet whose rollout was superseded before it was complete (fewer, never more).
      expect(pods.length).toBeLessThanOrEqual(REPLICAS);
    }
    // The ReplicaSet of the final image created exactly one pod per slot.
    const finalReplicaSet = events
      .filter((e) => e.type === 'ObjectCreated')
      .map(
        (e) =>
          e.data.data['object'] as {
            kind: string;
            metadata: { name: string };
            spec?: { template?: { spec?: { containers?: { image: string }[] } } };
          },
      )
      .find(
        (o) => o.kind === 'ReplicaSet' && o.spec?.template?.spec?.containers?.[0]?.image === 'nginx:1.29.0',
      );
    expect(byOwner.get(`ReplicaSet/${finalReplicaSet?.metadata.name}`)).toHaveLength(REPLICAS);
    expect(maxLivePods(events)).toBeLessThanOrEqual(REPLICAS + SURGE);
  });
});
