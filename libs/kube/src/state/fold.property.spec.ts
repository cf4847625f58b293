// Property tests of the event-sourcing core over random sessions driven through the public Cluster API with
// the default reconcilers: the same seed and inputs give a byte-identical stream, and a snapshot taken at any
// point plus the tail folds to exactly the state of the full fold.
import fc from 'fast-check';
import type { ObjectInput } from '../api-server/api-server';
import { Cluster } from '../runtime/cluster';
import { fold } from './evolve';
import { restoreSnapshot, takeSnapshot, type ClusterSnapshot, type KubeEventsSnapshot } from './snapshot';

type Op =
  | { op: 'deploy'; name: string; replicas: number; image: string }
  | { op: 'scale'; name: string; replicas: number }
  | { op: 'image'; name: string; image: string }
  | { op: 'undeploy'; name: string }
  | { op: 'pod'; name: string; image: string }
  | { op: 'unpod'; name: string }
  | { op: 'advance'; ms: number }
  | { op: 'node'; node: string; down: boolean };

const names = fc.constantFrom('web', 'api', 'db');
const images = fc.constantFrom('nginx:1.25', 'nginx:1.26', 'busybox:1.36', 'nginx:doesnotexist');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('deploy' as const),
    name: names,
    replicas: fc.integer({ min: 0, max: 5 }),
    image: images,
  }),
  fc.record({ op: fc.constant('scale' as const), name: names, replicas: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant('image' as const), name: names, image: images }),
  fc.record({ op: fc.constant('undeploy' as const), name: names }),
  fc.record({ op: fc.constant('pod' as const), name: names, image: images }),
  fc.record({ op: fc.constant('unpod' as const), name: names }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 120_000 }) }),
  fc.record({
    op: fc.constant('node' as const),
    node: fc.constantFrom('worker-1', 'worker-2'),
    down: fc.boolean(),
  }),
);

function keyOf(object: { metadata: { namespace?: string; name: string } }): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function deployment(name: string, replicas: number, image: string): ObjectInput {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
    },
  } as ObjectInput;
}

function run(seed: number, ops: Op[], eventTtlSeconds?: number): Cluster {
  const config = eventTtlSeconds === undefined ? {} : { eventTtlSeconds };
  const cluster = Cluster.create({ seed, config, freezeObjects: true });
  for (const op of ops) {
    switch (op.op) {
      case 'deploy':
        cluster.create(deployment(op.name, op.replicas, op.image));
        break;
      case 'scale':
      case 'image': {
        const current = cluster.get('Deployment', 'default', op.name);
        if (!current) break;
        const spec =
          op.op === 'scale'
            ? { ...current.spec, replicas: op.replicas }
            : {
                ...current.spec,
                template: {
                  ...current.spec.template,
                  spec: { ...current.spec.template.spec, containers: [{ name: 'main', image: op.image }] },
                },
              };
        cluster.update({ ...current, spec });
        break;
      }
      case 'undeploy':
        cluster.delete('Deployment', 'default', op.name);
        break;
      case 'pod':
        cluster.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `${op.name}-pod` },
          spec: { containers: [{ name: 'main', image: op.image }] },
        } as ObjectInput);
        break;
      case 'unpod':
        cluster.delete('Pod', 'default', `${op.name}-pod`);
        break;
      case 'advance':
        cluster.advance(op.ms);
        continue;
      case 'node':
        cluster.injectFault(
          op.down ? { kind: 'node-down', node: op.node } : { kind: 'node-up', node: op.node },
        );
        break;
    }
    cluster.reconcile();
  }
  return cluster;
}

const session = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 12 }),
});

describe('event-sourced cluster core (properties)', () => {
  it('is deterministic: same seed and inputs give a byte-identical event stream', () => {
    fc.assert(
      fc.property(session, ({ seed, ops }) => {
        expect(JSON.stringify(run(seed, ops).newEvents())).toBe(JSON.stringify(run(seed, ops).newEvents()));
      }),
      { numRuns: 25 },
    );
  });

  it('snapshot + tail folds to the same state as the full fold, at any point', () => {
    fc.assert(
      fc.property(session, fc.double({ min: 0, max: 1, noNaN: true }), ({ seed, ops }, where) => {
        const events = run(seed, ops).newEvents();
        const cut = Math.max(1, Math.floor(where * events.length));
        const head = fold(events.slice(0, cut));
        // Through JSON, as a stored snapshot would travel.
        const restored = restoreSnapshot(JSON.parse(JSON.stringify(takeSnapshot(head))));
        const resumed = fold(events.slice(cut), restored);
        expect(JSON.stringify(takeSnapshot(resumed))).toBe(JSON.stringify(takeSnapshot(fold(events))));
      }),
      { numRuns: 25 },
    );
  });

  it('snapshot + tail folds to the full fold when Events expire within the session', () => {
    // A TTL of seconds to minutes: sessions advance up to 2 min per step, so Events expire at many points.
    const ttl = fc.integer({ min: 1, max: 300 });
    let expiredSomewhere = 0;
    fc.assert(
      fc.property(
        session,
        ttl,
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ seed, ops }, eventTtlSeconds, where) => {
          // The clock moves after every step, so Events recorded on the way outlive the TTL.
          const steps = ops.flatMap((op): Op[] => [op, { op: 'advance', ms: 45_000 }]);
          const events = run(seed, steps, eventTtlSeconds).newEvents();
          const cut = Math.max(1, Math.floor(where * events.length));
          const restored = restoreSnapshot(
            JSON.parse(JSON.stringify(takeSnapshot(fold(events.slice(0, cut))))),
          );
          const resumed = fold(events.slice(cut), restored);
          expect(JSON.stringify(takeSnapshot(resumed))).toBe(JSON.stringify(takeSnapshot(fold(events))));
          // And the live cluster (expiring as it appends) agrees with the fold.
          expect(JSON.stringify(run(seed, steps, eventTtlSeconds).snapshot())).toBe(
            JSON.stringify(takeSnapshot(fold(events))),
          );
          // The same stream with Events that never expire in practice: were some gone here?
          const [created, ...rest] = events;
          if (created?.type !== 'ClusterCreated') throw new Error('stream without ClusterCreated');
          const config = { ...created.data.config, eventTtlSeconds: 1e9 };
          const kept = fold([{ ...created, data: { ...created.data, config } }, ...rest]);
          if (kept.objects.count('Event') > fold(events).objects.count('Event')) expiredSomewhere++;
        },
      ),
      { numRuns: 60 },
    );
    // Not vacuous: Events expired within a good share of the sessions (about 40% of them: > 10 of 25 failed one
    // run in six, so more sessions and a bound 3 standard deviations below the mean, still above the old count).
    expect(expiredSomewhere).toBeGreaterThan(12);
  });

  it('a restored snapshot decodes its Events only when something reads them, and folds to the full fold either way', () => {
    const ttl = fc.integer({ min: 1, max: 300 });
    let readMidway = 0;
    fc.assert(
      fc.property(
        session,
        ttl,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        ({ seed, ops }, eventTtlSeconds, where, readAt) => {
          const steps = ops.flatMap((op): Op[] => [op, { op: 'advance', ms: 45_000 }]);
          const events = run(seed, steps, eventTtlSeconds).newEvents();
          const cut = Math.max(1, Math.floor(where * events.length));
          const stored = JSON.parse(
            JSON.stringify(takeSnapshot(fold(events.slice(0, cut)))),
          ) as ClusterSnapshot;
          // The part as a store hands it over: `value` decodes, and the test counts the decodes.
          let decodes = 0;
          const part = {
            get value(): KubeEventsSnapshot {
              decodes++;
              return stored.kubeEvents.value;
            },
          };
          // Nothing folded since the restore: a snapshot for a store hands the part back as it came (its bytes
          // are written again), undecoded.
          const lastWrite = { value: stored.lastWrite.value };
          const untouched = takeSnapshot(restoreSnapshot({ ...stored, kubeEvents: part, lastWrite }), {
            keepUntouchedParts: true,
          });
          expect(untouched.kubeEvents).toBe(part);
          expect(untouched.lastWrite).toBe(lastWrite);
          let lastWriteDecodes = 0;
          const restored = restoreSnapshot({
            ...stored,
            kubeEvents: part,
            lastWrite: {
              get value() {
                lastWriteDecodes++;
                return stored.lastWrite.value;
              },
            },
          });
          const tail = events.slice(cut);
          const split = readAt === undefined ? tail.length : Math.floor(readAt * tail.length);
          const midway = fold(tail.slice(0, split), restored);
          if (readAt !== undefined) {
            // Something reads Events midway (kubectl get events): decoded then, the rest of the tail applies at once.
            expect(midway.objects.count('Event')).toBe(
              fold(events.slice(0, cut + split)).objects.count('Event'),
            );
            expect(decodes).toBe(1);
            readMidway++;
          }
          const resumed = split < tail.length ? fold(tail.slice(split), midway) : midway;
          if (readAt === undefined) {
            // Showing the state reads every other kind, the clock and the versions without decoding the Events.
            const full = fold(events);
            for (const kind of ['Pod', 'ReplicaSet', 'Deployment', 'Node'] as const)
              expect(resumed.objects.list(kind)).toEqual(full.objects.list(kind));
            expect([resumed.version, resumed.now, resumed.resourceVersion]).toEqual([
              full.version,
              full.now,
              full.resourceVersion,
            ]);
            expect(decodes).toBe(0);
            expect(lastWriteDecodes).toBe(0);
          }
          expect(JSON.stringify(takeSnapshot(resumed))).toBe(JSON.stringify(takeSnapshot(fold(events))));
          expect(decodes).toBe(1);
          expect(lastWriteDecodes).toBe(1);
        },
      ),
      { numRuns: 60 },
    );
    expect(readMidway).toBeGreaterThan(5);
  });

  it('a schema-2 snapshot (Events among the objects) or schema-3 one (lastWrite an array) restores to the same state', () => {
    fc.assert(
      fc.property(session, fc.double({ min: 0, max: 1, noNaN: true }), ({ seed, ops }, where) => {
        const events = run(seed, ops).newEvents();
        const cut = Math.max(1, Math.floor(where * events.length));
        const head = takeSnapshot(fold(events.slice(0, cut)));
        const { kubeEvents, ...rest } = head;
        const v3 = { ...head, schemaVersion: 3, lastWrite: head.lastWrite.value };
        const v2 = {
          ...rest,
          schemaVersion: 2,
          lastWrite: head.lastWrite.value,
          objects: [...head.objects, ...kubeEvents.value.objects].sort(
            (a, b) =>
              (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
              keyOf(a).localeCompare(keyOf(b), 'en', { sensitivity: 'variant' }),
          ),
          eventKeys: kubeEvents.value.expiry,
        };
        const full = JSON.stringify(takeSnapshot(fold(events)));
        for (const old of [v2, v3])
          expect(JSON.stringify(takeSnapshot(fold(events.slice(cut), restoreSnapshot(old as never))))).toBe(
            full,
          );
      }),
      { numRuns: 25 },
    );
  });
});
