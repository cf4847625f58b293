import { Session } from '@podlab/kubectl';
import { type ClusterObjects } from './model';
import { ObjectStore, VIEW_KINDS } from './object-store';
import { advance, eventsOf, objectsOf, run } from './simulated-cluster.test-helper';

const byName = (objects: readonly unknown[]) =>
  [...objects].sort((a, b) => {
    const name = (o: unknown) =>
      JSON.stringify((o as { metadata: { namespace?: string; name: string } }).metadata.name);
    return name(a) < name(b) ? -1 : 1;
  });

function normalised(objects: ClusterObjects) {
  const out: Record<string, unknown> = { version: objects.version, now: objects.now };
  for (const key of Object.values(VIEW_KINDS)) out[key] = JSON.parse(JSON.stringify(byName(objects[key])));
  return out;
}

describe('ObjectStore', () => {
  it('a snapshot plus the events after it equals the later snapshot (a rolling update, a scale-down, a StatefulSet)', () => {
    const session = new Session({ seed: 4, workers: 2 });
    run(session, 'kubectl create deployment web --image=nginx:1.25 --replicas=3');
    advance(session, '20s');
    const start = objectsOf(session);
    const store = ObjectStore.from(start, 0);
    run(session, 'kubectl set image deployment/web nginx=nginx:1.26');
    advance(session, '30s');
    run(session, 'kubectl scale deployment web --replicas=1');
    run(
      session,
      'kubectl create -f -',
      `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  serviceName: db
  replicas: 1
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: "postgres:16" }] }
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
`,
    );
    advance(session, '30s');
    const events = eventsOf(session, start.version);
    expect(events.length).toBeGreaterThan(20);
    // Delivered in several batches, as animation frames would group them.
    let current: ObjectStore | null = store;
    for (let i = 0; i < events.length; i += 7) current = current?.apply(events.slice(i, i + 7)) ?? null;
    expect(current).not.toBeNull();
    expect(normalised(current!.snapshot)).toEqual(normalised(objectsOf(session)));
    // The starting store is unchanged (immutable).
    expect(store.snapshot).toBe(start);
    expect(store.version).toBe(start.version);
  });

  it('skips events already folded, and asks for a fresh snapshot after a gap or a reset', () => {
    const session = new Session({ seed: 4, workers: 1 });
    const start = objectsOf(session);
    const store = ObjectStore.from(start, 0);
    run(session, 'kubectl create deployment web --image=nginx:1.25');
    const events = eventsOf(session, start.version);
    const first = events[0]!;
    const second = events[1]!;
    expect(store.apply([{ ...first, version: start.version }])).toBe(store);
    expect(store.apply([second])).toBeNull();
    expect(store.apply([{ ...first, generation: 1 }])).toBeNull();
    const applied = store.apply(events)!;
    expect(applied.version).toBe(events.at(-1)!.version);
    expect(applied.apply(events)).toBe(applied);
    expect(
      applied.snapshot.deployments.map((d) => (d as { metadata: { name: string } }).metadata.name),
    ).toEqual(['web']);
  });
});
