// Snapshots as the sandboxes store them: Kubernetes Events in a section of their own (SNAPSHOT_SECTIONS), which a
// time travel that only shows the state never decodes, and which a snapshot of an untouched restore writes again
// as the very bytes it read.
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests run the streams on the event store's in-memory twin
import { InMemoryEventStore, SnapshotSection, type InMemoryEventStoreOptions } from '@podlab/event-store';
import { Cluster, SNAPSHOT_SCHEMA_VERSION, type ObjectInput } from '@podlab/kube';
import { ClusterStreams, type SandboxSnapshot } from './cluster-streams';
import { SandboxFileSystem } from './sandbox-files';
import { decodeEvent, encodeEvent } from './stream-codec';

const STREAM = 'sandbox-00000000-0000-4000-8000-000000000001';

function deployment(replicas: number): ObjectInput & { spec: unknown } {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  } as ObjectInput & { spec: unknown };
}

/** A stream with a snapshot (Events in their section) at `snapshotAt` events, and a tail of scaling after it. */
async function recorded() {
  const snapshots: NonNullable<InMemoryEventStoreOptions['snapshots']> = new Map();
  const store = new InMemoryEventStore({ snapshots });
  const loaded: SandboxSnapshot[] = [];
  const events = {
    append: store.append.bind(store),
    readStream: store.readStream.bind(store),
    streamVersion: store.streamVersion.bind(store),
    saveSnapshot: store.saveSnapshot.bind(store),
    loadSnapshot: async <T>(...args: Parameters<InMemoryEventStore['loadSnapshot']>) => {
      const snapshot = await store.loadSnapshot<T>(...args);
      if (snapshot) loaded.push(snapshot.state as SandboxSnapshot);
      return snapshot;
    },
  };
  const streams = new ClusterStreams(events, {
    snapshotEvery: 1,
    cacheSize: 0,
    maxConflictAttempts: 1,
    rebuildAfterEvents: 1000,
  });
  const cluster = Cluster.create({ seed: 3 });
  cluster.create(deployment(3));
  cluster.reconcile();
  cluster.advance(30_000);
  const snapshotAt = cluster.version;
  await store.append(
    STREAM,
    'no-stream',
    cluster.newEvents().map((event) => encodeEvent(event)),
  );
  await streams.snapshotIfDue(STREAM, cluster, new SandboxFileSystem(), 0);
  const before = cluster.newEvents().length;
  cluster.update({ ...cluster.get('Deployment', 'default', 'web')!, spec: deployment(5).spec } as never);
  cluster.reconcile();
  cluster.advance(4_000_000); // past the Event TTL: the tail expires Events of the snapshot
  cluster.update({ ...cluster.get('Deployment', 'default', 'web')!, spec: deployment(2).spec } as never);
  cluster.reconcile();
  cluster.advance(10_000);
  await store.append(
    STREAM,
    snapshotAt,
    cluster
      .newEvents()
      .slice(before)
      .map((event) => encodeEvent(event)),
  );
  const all = (await store.readStream(STREAM)).map(decodeEvent);
  return { store, snapshots, streams, loaded, snapshotAt, all };
}

describe('ClusterStreams snapshots', () => {
  it('stores Events as a section that a time travel showing the state never decodes', async () => {
    const { streams, loaded, snapshotAt, all } = await recorded();
    expect(all.length).toBeGreaterThan(snapshotAt);
    const head = all.length;
    const cluster = await streams.foldTo(STREAM, head);
    const section = loaded[0]?.kubeEvents;
    expect(section).toBeInstanceOf(SnapshotSection);
    const full = Cluster.load(all);
    for (const kind of ['Pod', 'ReplicaSet', 'Deployment', 'Node'] as const)
      expect(cluster.view().objects.list(kind)).toEqual(full.view().objects.list(kind));
    expect((section as SnapshotSection).decoded).toBe(false);
    // Reading Events decodes them and applies the tail's changes (recorded notes, expiry): the full fold's.
    expect(full.view().objects.count('Event')).toBeGreaterThan(0);
    expect(cluster.view().objects.list('Event')).toEqual(full.view().objects.list('Event'));
    expect((section as SnapshotSection).decoded).toBe(true);
    expect(cluster.snapshot()).toEqual(full.snapshot());
    // The snapshot's own Events were there, and some expired in the tail.
    const atSnapshot = Cluster.load(all.slice(0, snapshotAt)).view().objects.list('Event');
    expect(
      atSnapshot.some((event) => !full.view().objects.get('Event', 'default', event.metadata.name)),
    ).toBe(true);
  });

  it('folds from a snapshot of an older schema when no current one is at or below the target', async () => {
    const { store, snapshots, streams, snapshotAt, all } = await recorded();
    snapshots.clear();
    // Schema 3, as sandboxes stored it before: lastWrite a plain array.
    const current = Cluster.load(all.slice(0, snapshotAt)).snapshot();
    await store.saveSnapshot(STREAM, {
      version: snapshotAt,
      schemaVersion: 3,
      state: { ...current, schemaVersion: 3, lastWrite: current.lastWrite.value, sandboxFiles: [] },
      time: current.now,
    });
    const loads: number[] = [];
    const load = store.loadSnapshot.bind(store);
    store.loadSnapshot = async (...args) => {
      const snapshot = await load(...args);
      if (snapshot) loads.push(snapshot.schemaVersion);
      return snapshot as never;
    };
    const cluster = await streams.foldTo(STREAM, all.length);
    expect(loads).toEqual([3]);
    expect(cluster.snapshot()).toEqual(Cluster.load(all).snapshot());
  });

  it('writes an untouched section again as the bytes it read', async () => {
    const { store, snapshots, streams, snapshotAt } = await recorded();
    const [stored] = [...snapshots.values()];
    expect(stored?.version).toBe(snapshotAt);
    const snapshot = await store.loadSnapshot<SandboxSnapshot>(STREAM, SNAPSHOT_SCHEMA_VERSION);
    // Restored and snapshotted again at the same version, nothing folded since: the same stored bytes.
    const cluster = Cluster.load([], { snapshot: snapshot!.state });
    await streams.snapshotIfDue(STREAM, cluster, new SandboxFileSystem(), 0);
    expect((snapshot!.state.kubeEvents as SnapshotSection).decoded).toBe(false);
    const [rewritten] = [...snapshots.values()];
    expect(rewritten).not.toBe(stored);
    expect(Buffer.compare(rewritten!.packed, stored!.packed)).toBe(0);
  });
});
