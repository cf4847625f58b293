// R8 (real Postgres): a snapshot + its tail folds to exactly the state of a full fold, at 1,000 random points of a
// realistic session (seeded RNG: deployments, scaling, rollouts and undos, files, services, node faults, clock
// steps), with the snapshots the product itself wrote (every 40 events here). And a snapshot corrupted in Postgres
// (one character of its stored state changed) is detected by its checksum: reported, never served, and the state
// is rebuilt from the events (then a fresh snapshot is written at the head).
//
// "Equal" is the whole ClusterSnapshot (objects, clock, resource version, seed, RNG-relevant state, event keys) in
// canonical JSON: stricter than what any reader shows.
import { randomUUID } from 'node:crypto';
import { Cluster, SNAPSHOT_SCHEMA_VERSION, type ClusterEvent, type Fault } from '@podlab/kube';
import {
  PostgresEventStore,
  canonicalJson,
  decodeSnapshotState,
  encodeSnapshotState,
} from '@podlab/event-store';
import { SandboxService, decodeEvent, streamIdOf } from '@podlab/sandbox';
import { PrismaSandboxRepository } from '@podlab/sandbox-persistence';
import { SandboxRuntime } from './sandbox-runtime';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SNAPSHOT_EVERY = 40;
const POINTS = 1000;

/** mulberry32: a tiny seeded PRNG, so a failure names a seed that replays it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const deploymentYaml = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "${image}" }]
`;

const fullFold = (events: readonly ClusterEvent[], version: number) =>
  canonicalJson(Cluster.load(events.slice(0, version)).snapshot());

/**
 * JSON equality (what canonicalJson compares: key order ignored, undefined members absent), without building the
 * strings: the 1,000 comparisons of whole snapshots stay cheap on a loaded machine.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item ?? null, b[i] ?? null));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((k) => left[k] !== undefined);
  if (keys.length !== Object.keys(right).filter((k) => right[k] !== undefined).length) return false;
  return keys.every((k) => right[k] !== undefined && sameJson(left[k], right[k]));
}

describe('R8: snapshot + tail equals the full fold; a corrupted snapshot is detected', () => {
  const seed = Number(process.env['R8_SEED'] ?? 20261122);
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const corrupt: { streamId: string; version: number }[] = [];
  let runtime: SandboxRuntime;
  let ownerId: string;
  let sandboxId: string;
  let streamId: string;
  let events: ClusterEvent[];

  beforeAll(async () => {
    runtime = new SandboxRuntime({
      databaseUrl: DATABASE_URL,
      redisUrl: REDIS_URL,
      queuePrefix: `podlab-int-r8-${randomUUID().slice(0, 8)}`,
      poolMax: 4,
      service: { snapshotEvery: SNAPSHOT_EVERY },
      onCorruptSnapshot: (snapshot) => corrupt.push(snapshot),
    });
    const user = await runtime.prisma.user.create({
      data: { email: `r8-${randomUUID()}@example.test`, passwordHash: 'x' },
    });
    ownerId = user.id;

    // A realistic session on a STEPPED sandbox (the worker leaves it alone).
    const service = runtime.service;
    const sandbox = await service.createSandbox({ ownerId, clockMode: 'STEPPED', workers: 3, seed: 11 });
    sandboxId = sandbox.id;
    streamId = streamIdOf(sandbox);
    const images = ['nginx:1.25', 'nginx:1.26.0', 'nginx:1.27.1', 'nginx:1.28.0'];
    const cmd = (line: string, stdin?: string) =>
      service.runCommand({ sandboxId, line, user: 'r8', ...(stdin !== undefined ? { stdin } : {}) });
    const fault = (f: Fault) => service.injectFault({ sandboxId, fault: f });
    await cmd('kubectl apply -f -', deploymentYaml(3, 'nginx:1.25'));
    await cmd('kubectl expose deployment web --port=80');
    for (let step = 0; step < 70; step++) {
      const roll = random();
      if (roll < 0.15) await cmd(`kubectl scale deployment web --replicas=${1 + Math.floor(random() * 6)}`);
      else if (roll < 0.3) await cmd(`kubectl set image deployment/web web=${pick(images)}`);
      else if (roll < 0.35) await cmd('kubectl rollout undo deployment/web');
      else if (roll < 0.45) {
        const file = `web-${step}.yaml`;
        await cmd(`cat > ${file}`, deploymentYaml(1 + Math.floor(random() * 5), pick(images)));
        await cmd(`kubectl apply -f ${file}`);
      } else if (roll < 0.5) await cmd(`kubectl create namespace team-${step}`);
      else if (roll < 0.55) await cmd('kubectl delete pods -l app=web');
      else if (roll < 0.6)
        await fault({ kind: 'node-down', node: pick(['worker-1', 'worker-2', 'worker-3']) });
      else if (roll < 0.65)
        await fault({ kind: 'node-up', node: pick(['worker-1', 'worker-2', 'worker-3']) });
      else if (roll < 0.68) await fault({ kind: 'image-broken', image: pick(images) });
      else if (roll < 0.71) await fault({ kind: 'image-fixed', image: pick(images) });
      else await service.advanceClock({ sandboxId, durationMs: 1_000 + Math.floor(random() * 120_000) });
    }
    await fault({ kind: 'node-up', node: 'worker-1' });
    await fault({ kind: 'node-up', node: 'worker-2' });
    await fault({ kind: 'node-up', node: 'worker-3' });
    await service.advanceClock({ sandboxId, durationMs: 10 * 60_000 });
    events = (
      await runtime.pool.query('SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version', [
        streamId,
      ])
    ).rows.map((row: { type: string; data: unknown }) => decodeEvent(row));
  });

  afterAll(async () => {
    if (runtime) {
      await runtime.pool
        .query('DELETE FROM snapshots WHERE stream_id = $1', [streamId])
        .catch(() => undefined);
      await runtime.prisma.sandbox.deleteMany({ where: { ownerId } });
      await runtime.prisma.user.delete({ where: { id: ownerId } });
      await runtime.queue.obliterate({ force: true }).catch(() => undefined);
      await runtime.close();
    }
  });

  it(`at ${POINTS} random points: the product's snapshot + tail, and any older snapshot + tail, equal the full fold`, async () => {
    const head = events.length;
    const { rows } = await runtime.pool.query<{ version: number }>(
      'SELECT version FROM snapshots WHERE stream_id = $1 AND schema_version = $2 ORDER BY version',
      [streamId, SNAPSHOT_SCHEMA_VERSION],
    );
    const snapshotVersions = rows.map((r) => r.version);
    // A realistic stream: long, with many snapshots the product wrote on its own.
    expect(head).toBeGreaterThan(1000);
    expect(snapshotVersions.length).toBeGreaterThan(head / SNAPSHOT_EVERY / 3);

    const store = new PostgresEventStore(runtime.pool);
    const points = Array.from({ length: POINTS }, () => 1 + Math.floor(random() * head)).sort(
      (a, b) => a - b,
    );
    let fromSnapshot = 0;
    // Random points repeat (adjacent once sorted): each version's full fold (from the first event, no snapshot) is
    // computed once.
    let last: { version: number; snapshot: ReturnType<Cluster['snapshot']> } | undefined;
    for (const [i, version] of points.entries()) {
      if (last?.version !== version)
        last = { version, snapshot: Cluster.load(events.slice(0, version)).snapshot() };
      const expected = last.snapshot;
      if (i % 2 === 0) {
        // The product's path: sandboxAt starts from the newest snapshot at or below the version.
        const state = await runtime.service.sandboxAt(sandboxId, { version });
        expect(state.version).toBe(version);
        if (!sameJson(state.cluster.snapshot(), expected))
          throw new Error(`seed ${seed}: sandboxAt(${version}) differs from the full fold`);
      } else {
        // Any older snapshot + a longer tail: the newest at or below a random bound under the point.
        const bound = Math.floor(random() * version);
        const snapshot = await store.loadSnapshot<ReturnType<Cluster['snapshot']>>(
          streamId,
          SNAPSHOT_SCHEMA_VERSION,
          { maxVersion: bound },
        );
        const tail = events.slice(snapshot?.version ?? 0, version);
        const folded = Cluster.load(tail, snapshot ? { snapshot: snapshot.state } : {});
        if (!sameJson(folded.snapshot(), expected))
          throw new Error(`seed ${seed}: snapshot@${snapshot?.version ?? 0} + tail to ${version} differs`);
      }
      if (snapshotVersions.some((s) => s <= version)) fromSnapshot++;
    }
    expect(fromSnapshot).toBeGreaterThan(POINTS * 0.9);
    // The comparison sees one changed character deep inside (it is not vacuous).
    const changed = structuredClone(last!.snapshot);
    const first = changed.objects[0]!;
    first.metadata = { ...first.metadata, name: `${first.metadata.name}x` };
    expect(sameJson(changed, last!.snapshot)).toBe(false);
    expect(sameJson(structuredClone(last!.snapshot), last!.snapshot)).toBe(true);
    expect(corrupt).toEqual([]);
  }, 300_000);

  it('a snapshot with one character changed in Postgres is reported, never served, and rebuilt from the events', async () => {
    const head = events.length;
    // Make sure the newest snapshot is at the head, then corrupt one character of one object's name in it.
    const store = new PostgresEventStore(runtime.pool);
    const atHead = Cluster.load(events);
    await store.saveSnapshot(streamId, {
      version: head,
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      state: { ...atHead.snapshot(), sandboxFiles: [] },
      time: atHead.now,
    });
    // The stored bytes decoded, the first character of objects[0].metadata.name replaced by 'Z', encoded again;
    // the checksum is left as it was (as a disk or a bad hand-edit would leave it).
    const stored = await runtime.pool.query<{ packed: Buffer }>(
      'SELECT packed FROM snapshots WHERE stream_id = $1 AND schema_version = $2 AND version = $3',
      [streamId, SNAPSHOT_SCHEMA_VERSION, head],
    );
    const tampered = decodeSnapshotState<ReturnType<Cluster['snapshot']>>(stored.rows[0]!.packed);
    const object = tampered.objects[0]!;
    object.metadata = { ...object.metadata, name: `Z${object.metadata.name.slice(1)}` };
    const { rowCount } = await runtime.pool.query(
      `UPDATE snapshots SET packed = $4 WHERE stream_id = $1 AND schema_version = $2 AND version = $3`,
      [streamId, SNAPSHOT_SCHEMA_VERSION, head, encodeSnapshotState(tampered)],
    );
    expect(rowCount).toBe(1);
    // The snapshots just below it go too, so the fold that skips it has a long tail (and writes a new one).
    await runtime.pool.query('DELETE FROM snapshots WHERE stream_id = $1 AND version > $2 AND version < $3', [
      streamId,
      head - 2 * SNAPSHOT_EVERY,
      head,
    ]);
    // Had it been served, the state would be wrong: the corruption matters.
    const { rows } = await runtime.pool.query<{ packed: Buffer }>(
      'SELECT packed FROM snapshots WHERE stream_id = $1 AND schema_version = $2 AND version = $3',
      [streamId, SNAPSHOT_SCHEMA_VERSION, head],
    );
    const served = decodeSnapshotState<ReturnType<Cluster['snapshot']>>(rows[0]!.packed);
    expect(canonicalJson(Cluster.load([], { snapshot: served }).snapshot())).not.toBe(fullFold(events, head));

    // Time travel to the corrupted version folds from an older snapshot and the events.
    corrupt.splice(0);
    const at = await runtime.service.sandboxAt(sandboxId, { version: head });
    expect(canonicalJson(at.cluster.snapshot())).toBe(fullFold(events, head));
    expect(corrupt).toEqual([{ streamId, schemaVersion: SNAPSHOT_SCHEMA_VERSION, version: head }]);

    // A process with an empty cache (a restarted worker) reads the head: folded from an older snapshot + events.
    const reported: { streamId: string; version: number }[] = [];
    const fresh = new SandboxService(
      {
        events: new PostgresEventStore(runtime.pool, { onCorruptSnapshot: (s) => reported.push(s) }),
        sandboxes: new PrismaSandboxRepository(runtime.prisma, runtime.pool),
        clock: { now: () => Date.now() },
        queue: runtime.reconcileQueue,
        newId: randomUUID,
      },
      { snapshotEvery: SNAPSHOT_EVERY },
    );
    const state = await fresh.readSandbox(sandboxId, ({ cluster, version }) => ({
      version,
      snapshot: canonicalJson(cluster.snapshot()),
    }));
    expect(state).toEqual({ version: head, snapshot: fullFold(events, head) });
    expect(reported).toEqual([{ streamId, schemaVersion: SNAPSHOT_SCHEMA_VERSION, version: head }]);

    // The fold that skipped it wrote a fresh snapshot at the head: it verifies, and equals the full fold.
    const repaired = await store.loadSnapshot<ReturnType<Cluster['snapshot']>>(
      streamId,
      SNAPSHOT_SCHEMA_VERSION,
    );
    expect(repaired?.version).toBe(head);
    expect(canonicalJson(Cluster.load([], { snapshot: repaired!.state }).snapshot())).toBe(
      fullFold(events, head),
    );
  });
});
