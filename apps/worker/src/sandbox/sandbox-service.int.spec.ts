// The sandbox use cases on the real adapters (PostgresEventStore, Prisma repository): what JSONB storage, real
// concurrency and idempotency keys in Postgres do to them.
import { randomUUID } from 'node:crypto';
import { Cluster, SNAPSHOT_SCHEMA_VERSION, type ClusterEvent } from '@podlab/kube';
import { Session } from '@podlab/kubectl';
import { PostgresEventStore } from '@podlab/event-store';
import { type ReconcileQueue, SandboxService, decodeEvent, streamIdOf } from '@podlab/sandbox';
import { PrismaSandboxRepository } from '@podlab/sandbox-persistence';
import { SandboxRuntime } from './sandbox-runtime';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { tier: front, app: web }
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web, tier: front }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{ containerPort: 80, name: http }]
`;

const COMMANDS: [string, string?][] = [
  ['cat > web.yaml', DEPLOYMENT],
  ['kubectl apply -f web.yaml'],
  ['cat web.yaml missing.yaml'],
  ['kubectl apply -f -', DEPLOYMENT],
  ['kubectl get pods -o wide'],
  ['kubectl set image deployment/web web=nginx:1.28'],
  ['kubectl rollout status deployment/web --timeout=1s'],
  ['kubectl get deploy web -o yaml'],
  ['kubectl describe deployment web'],
  ['kubectl scale deployment web --replicas=1'],
  ['kubectl get rs,pods'],
];

const noQueue: ReconcileQueue = {
  requestReconcile: async () => undefined,
  requestReconcileAt: async () => undefined,
};

describe('SandboxService on Postgres', () => {
  let runtime: SandboxRuntime;
  let ownerId: string;
  const service = (options = {}) =>
    new SandboxService(
      {
        events: new PostgresEventStore(runtime.pool),
        sandboxes: new PrismaSandboxRepository(runtime.prisma),
        clock: { now: () => Date.now() },
        queue: noQueue,
        newId: randomUUID,
      },
      options,
    );

  beforeAll(async () => {
    runtime = new SandboxRuntime({
      databaseUrl: DATABASE_URL,
      redisUrl: REDIS_URL,
      queuePrefix: `podlab-int-${randomUUID().slice(0, 8)}`,
      poolMax: 8,
    });
    ownerId = (
      await runtime.prisma.user.create({
        data: { email: `svc-${randomUUID()}@example.test`, passwordHash: 'x' },
      })
    ).id;
  });

  afterAll(async () => {
    await runtime.prisma.sandbox.deleteMany({ where: { ownerId } });
    await runtime.prisma.user.delete({ where: { id: ownerId } });
    await runtime.queue.obliterate({ force: true });
    await runtime.close();
  });

  it('a stepped sandbox folded from Postgres before every command behaves exactly like `podlab run`', async () => {
    const created = await service().createSandbox({ ownerId, seed: 5 });
    const session = new Session({ seed: 5, user: 'learner' });
    for (const [line, stdin] of COMMANDS) {
      const expected = session.command(line, stdin);
      // A cold service each time: the state comes from JSONB, never from a cache.
      const actual = await service({ cacheSize: 0 }).runCommand({
        sandboxId: created.id,
        line,
        stdin,
        user: 'learner',
      });
      expect({ stdout: actual.stdout, stderr: actual.stderr, exitCode: actual.exitCode }).toEqual(expected);
    }
    const events = await new PostgresEventStore(runtime.pool).readStream(streamIdOf(created));
    const fromPostgres = Cluster.load(events.map(decodeEvent)).snapshot();
    expect(JSON.parse(JSON.stringify(fromPostgres))).toEqual(
      JSON.parse(JSON.stringify(session.cluster.snapshot())),
    );
  });

  it('snapshot (JSONB) + tail equals the full fold, and the same key never runs twice', async () => {
    const writer = service({ snapshotEvery: 20 });
    const created = await writer.createSandbox({ ownerId });
    for (const [line, stdin] of COMMANDS)
      await writer.runCommand({ sandboxId: created.id, line, stdin, user: 'l' });
    const store = new PostgresEventStore(runtime.pool);
    const snapshot = await store.loadSnapshot(streamIdOf(created), SNAPSHOT_SCHEMA_VERSION);
    expect(snapshot?.version).toBeGreaterThanOrEqual(20);
    const all: ClusterEvent[] = (await store.readStream(streamIdOf(created))).map(decodeEvent);
    const cold = await service().readSandbox(created.id, (s) => s.cluster.snapshot());
    expect(cold).toEqual(Cluster.load(all).snapshot());

    const input = {
      sandboxId: created.id,
      line: 'kubectl create deployment k --image=nginx',
      idempotencyKey: randomUUID(),
      user: 'l',
    };
    const results = await Promise.all([
      writer.runCommand(input),
      service().runCommand(input),
      service().runCommand(input),
    ]);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    const commands = (await store.readStream(streamIdOf(created))).filter(
      (e) => e.type === 'CommandExecuted' && e.metadata.correlation === input.idempotencyKey,
    );
    expect(commands).toHaveLength(1);
  });

  it('concurrent commands from two processes all land, with contiguous versions', async () => {
    const a = service();
    const b = service();
    const created = await a.createSandbox({ ownerId });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? a : b).runCommand({
          sandboxId: created.id,
          line: `kubectl create deployment d${i} --image=nginx`,
          user: 'l',
        }),
      ),
    );
    expect(results.map((r) => r.stdout)).toEqual(results.map((_, i) => `deployment.apps/d${i} created\n`));
    const events = await new PostgresEventStore(runtime.pool).readStream(streamIdOf(created));
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'CommandExecuted')).toHaveLength(6);
  });
});
