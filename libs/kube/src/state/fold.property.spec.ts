// Property tests of the event-sourcing core over random sessions driven through the public Cluster API with
// the default reconcilers: the same seed and inputs give a byte-identical stream, and a snapshot taken at any
// point plus the tail folds to exactly the state of the full fold.
import fc from 'fast-check';
import type { ObjectInput } from '../api-server/api-server';
import { Cluster } from '../runtime/cluster';
import { fold } from './evolve';
import { restoreSnapshot, takeSnapshot } from './snapshot';

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
});
