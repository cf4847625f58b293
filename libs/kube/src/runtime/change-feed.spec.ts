import fc from 'fast-check';
import { Cluster } from './cluster';
import type { ObjectInput } from '../api-server/api-server';
import type { ChangeFeed, Reconciler } from './reconciler';
import { defaultReconcilers } from '../reconcilers/default-reconcilers';

const pod = (name: string): ObjectInput =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
  }) as ObjectInput;

const deployment = (replicas: number, image = 'nginx:1.25'): ObjectInput =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } },
    },
  }) as ObjectInput;

/** A reconciler that writes nothing and remembers what the runtime told it. */
function spy(watches?: Reconciler['watches']) {
  const seen: { full: boolean; pods: string[]; previous: (string | undefined)[]; now: number }[] = [];
  const reconciler: Reconciler = {
    name: 'spy',
    actor: { type: 'controller', name: 'spy' },
    ...(watches ? { watches } : {}),
    reconcile({ changed, now }) {
      const feed = changed as ChangeFeed;
      const pods = feed.of('Pod');
      seen.push({
        full: feed.full,
        pods: pods.map((c) => c.current?.metadata.name ?? `-${c.previous?.metadata.name}`),
        previous: pods.map((c) => c.previous?.metadata.resourceVersion),
        now,
      });
      return [];
    },
  };
  return { reconciler, seen };
}

/** The same controllers without the optimisations: every call a full pass, every round every controller. */
function fullPassReconcilers(): Reconciler[] {
  return defaultReconcilers().map((r) => ({
    name: r.name,
    actor: r.actor,
    reconcile: ({ changed: _ignored, ...ctx }) => r.reconcile(ctx),
    ...(r.nextWakeAt ? { nextWakeAt: (view) => r.nextWakeAt!(view) } : {}),
  }));
}

describe('ReconcileContext.changed (the change feed)', () => {
  it('is full on the first run, then lists each object written since, with its state before', () => {
    const { reconciler, seen } = spy();
    const cluster = Cluster.create({ reconcilers: [reconciler] });
    expect(seen.at(-1)?.full).toBe(true);

    cluster.create(pod('a'));
    cluster.create(pod('b'));
    cluster.reconcile();
    expect(seen.at(-1)).toMatchObject({ full: false, pods: ['a', 'b'], previous: [undefined, undefined] });

    const a = cluster.get('Pod', 'default', 'a')!;
    cluster.update({ ...a, metadata: { ...a.metadata, labels: { x: '1' } } });
    cluster.update({
      ...cluster.get('Pod', 'default', 'a')!,
      metadata: { ...a.metadata, labels: { x: '2' } },
    });
    cluster.delete('Pod', 'default', 'b', { gracePeriodSeconds: 0 });
    cluster.reconcile();
    // One entry per object however often it was written; `previous` is the state before the first write.
    expect(seen.at(-1)).toMatchObject({
      full: false,
      pods: ['a', '-b'],
      previous: [a.metadata.resourceVersion, expect.any(String)],
    });
  });

  it('is full again when the clock moves (time-based work may be due)', () => {
    const { reconciler, seen } = spy();
    const cluster = Cluster.create({ reconcilers: [reconciler] });
    cluster.advance(1000);
    expect(seen.at(-1)).toMatchObject({ full: true, pods: [] });
  });

  it('does not call a reconciler again when nothing it watches changed since it wrote nothing', () => {
    const { reconciler, seen } = spy(['Pod']);
    const cluster = Cluster.create({ reconcilers: [reconciler] });
    const calls = seen.length;
    expect(
      cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } as ObjectInput).ok,
    ).toBe(true);
    cluster.reconcile();
    expect(seen.length).toBe(calls);
    cluster.create(pod('a'));
    cluster.reconcile();
    expect(seen.length).toBe(calls + 1);
  });

  it('changes nothing in the stream: the same scenario with every controller doing full passes is identical', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom<'Background' | 'Foreground' | 'Orphan'>('Background', 'Foreground', 'Orphan'),
        (seed, replicas, scaled, propagationPolicy) => {
          const run = (reconcilers: Reconciler[]) => {
            const cluster = Cluster.create({ seed, reconcilers });
            cluster.create(deployment(replicas));
            cluster.advance(20_000);
            const d = cluster.get('Deployment', 'default', 'web')!;
            cluster.update({ ...d, spec: { ...d.spec, replicas: scaled } });
            cluster.advance(3_000);
            const d2 = cluster.get('Deployment', 'default', 'web')!;
            cluster.update({
              ...d2,
              spec: {
                ...d2.spec,
                template: {
                  ...d2.spec.template,
                  spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] },
                },
              },
            });
            cluster.advance(40_000);
            cluster.injectFault({ kind: 'node-down', node: 'worker-1' });
            cluster.advance(60_000);
            cluster.delete('Deployment', 'default', 'web', { propagationPolicy });
            cluster.advance(60_000);
            return JSON.stringify(cluster.newEvents());
          };
          expect(run(defaultReconcilers())).toBe(run(fullPassReconcilers()));
        },
      ),
      { numRuns: 12 },
    );
  });

  it('sees events folded in place (foldIn) as changes: the same state and the same decisions as a fresh load', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 3 }),
        (seed, replicas, scaled, folds) => {
          // The writer: another process whose events reach the follower as the stream's tail.
          const writer = Cluster.create({ seed });
          writer.create(deployment(replicas));
          writer.advance(20_000);
          const follower = Cluster.load(writer.newEvents());
          follower.reconcile();
          expect(follower.newEvents()).toEqual([]);
          let seen = writer.newEvents().length;
          for (let i = 0; i <= folds; i++) {
            // A learner's command in the other process: written, not reconciled (the worker decides).
            const d = writer.get('Deployment', 'default', 'web')!;
            writer.update({ ...d, spec: { ...d.spec, replicas: (scaled + i) % 13 } });
            if (i % 2) writer.injectFault({ kind: i % 4 === 1 ? 'node-down' : 'node-up', node: 'worker-1' });
            const tail = writer.newEvents().slice(seen);
            const fresh = Cluster.load(tail, { snapshot: structuredClone(follower.snapshot()) });
            const before = follower.newEvents().length;
            follower.foldIn(tail);
            // Folded, not decided: nothing new to append, and the state a load of snapshot + tail gives.
            expect(follower.newEvents().length).toBe(before);
            expect(follower.version).toBe(writer.version);
            expect(JSON.stringify(follower.snapshot())).toBe(JSON.stringify(fresh.snapshot()));
            // The controllers then decide the same writes at this instant and later ones, though the follower's
            // runs see only the tail as changes where the fresh load starts with full passes.
            follower.reconcile();
            fresh.reconcile();
            expect(JSON.stringify(follower.newEvents().slice(before))).toBe(
              JSON.stringify(fresh.newEvents()),
            );
            follower.advance(30_000);
            fresh.advance(30_000);
            expect(JSON.stringify(follower.newEvents().slice(before))).toBe(
              JSON.stringify(fresh.newEvents()),
            );
            // The writer folds the follower's decisions in turn.
            writer.foldIn(follower.newEvents().slice(before));
            seen = writer.newEvents().length;
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  it('refuses a ClusterCreated (a new stream) in foldIn', () => {
    const cluster = Cluster.create();
    const created = cluster.newEvents()[0]!;
    expect(() => cluster.foldIn([created])).toThrow('foldIn: ClusterCreated starts a new stream');
  });
});
