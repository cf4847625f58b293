// Property tests of the kubelet over random pods, time steps, deletions, crashes and node outages.
import fc from 'fast-check';
import type { Container, Pod, PodSpec } from '../../api/pod';
import type { Cluster } from '../../runtime/cluster';
import { fold } from '../../state/evolve';
import { takeSnapshot } from '../../state/snapshot';

import { kubeletCluster, podInput } from './kubelet-test-helpers';

const CONTAINERS: Partial<Container>[] = [
  { image: 'nginx:1.25' },
  { image: 'nginx' },
  { image: 'nginx:doesnotexist' },
  { image: 'redis:7.2', readinessProbe: { tcpSocket: { port: 6379 }, periodSeconds: 5 } },
  { image: 'postgres:16', readinessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 3 } },
  { image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] },
  { image: 'busybox:1.36', command: ['sh', '-c', 'while true; do echo tick; sleep 5; done'] },
  { image: 'busybox:1.36', command: ['sleep', '30'] },
  { image: 'busybox', command: ['echo', 'hi'] },
  { image: 'nginx:1.25', livenessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 } },
];

type Op =
  | { kind: 'create'; container: number; policy: PodSpec['restartPolicy']; node: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'delete'; index: number }
  | { kind: 'crash'; index: number }
  | { kind: 'down'; node: number }
  | { kind: 'up'; node: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    container: fc.nat(CONTAINERS.length - 1),
    policy: fc.constantFrom<PodSpec['restartPolicy']>('Always', 'OnFailure', 'Never'),
    node: fc.nat(2),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 100, max: 400_000 }) }),
  fc.record({ kind: fc.constant('delete' as const), index: fc.nat(20) }),
  fc.record({ kind: fc.constant('crash' as const), index: fc.nat(20) }),
  fc.record({ kind: fc.constant('down' as const), node: fc.nat(2) }),
  fc.record({ kind: fc.constant('up' as const), node: fc.nat(2) }),
);

const pods = (cluster: Cluster): Pod[] => cluster.view().objects.list('Pod');

function run(
  ops: Op[],
  check?: (cluster: Cluster, before: Map<string, Pod>, down: Set<string>) => void,
): Cluster {
  const cluster = kubeletCluster(3);
  const down = new Set<string>();
  let created = 0;
  for (const o of ops) {
    const before = new Map(pods(cluster).map((p) => [p.metadata.uid, p]));
    const live = pods(cluster);
    switch (o.kind) {
      case 'create': {
        const node = `worker-${o.node + 1}`;
        const spec = CONTAINERS[o.container] as Partial<Container> & { image: string };
        cluster.create(
          podInput(`p${created++}`, spec, {
            restartPolicy: o.policy,
            nodeSelector: { 'kubernetes.io/hostname': node },
          }),
        );
        break;
      }
      case 'advance':
        cluster.advance(o.ms);
        break;
      case 'delete': {
        const pod = live[o.index % Math.max(1, live.length)];
        if (pod) cluster.delete('Pod', 'default', pod.metadata.name);
        break;
      }
      case 'crash': {
        const pod = live[o.index % Math.max(1, live.length)];
        if (pod)
          cluster.injectFault({
            kind: 'container-crash',
            namespace: 'default',
            pod: pod.metadata.name,
            exitCode: 2,
          });
        break;
      }
      case 'down':
        down.add(`worker-${o.node + 1}`);
        cluster.injectFault({ kind: 'node-down', node: `worker-${o.node + 1}` });
        break;
      case 'up':
        down.delete(`worker-${o.node + 1}`);
        cluster.injectFault({ kind: 'node-up', node: `worker-${o.node + 1}` });
        break;
    }
    cluster.reconcile();
    check?.(cluster, before, down);
  }
  return cluster;
}

describe('kubelet properties', () => {
  it('restart counts never go down, Ready means Running with every container ready, IPs are unique per node, down nodes are frozen', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        run(ops, (cluster, before, down) => {
          const ips = new Set<string>();
          for (const pod of pods(cluster)) {
            const previous = before.get(pod.metadata.uid);
            const statuses = pod.status?.containerStatuses ?? [];
            statuses.forEach((s, i) => {
              expect(s.restartCount).toBeGreaterThanOrEqual(
                previous?.status?.containerStatuses?.[i]?.restartCount ?? 0,
              );
            });
            const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
            if (ready) {
              expect(pod.status?.phase).toBe('Running');
              expect(statuses.every((s) => s.ready && s.state.running)).toBe(true);
            }
            if (
              pod.spec.nodeName &&
              down.has(pod.spec.nodeName) &&
              previous &&
              before.has(pod.metadata.uid)
            ) {
              // Only the fault itself (crash) or the user may touch a frozen node's pods; the kubelet does not.
              expect(pod.status?.containerStatuses).toEqual(previous.status?.containerStatuses);
            }
            const ip = pod.status?.podIP;
            if (ip) {
              expect(ips.has(ip)).toBe(false);
              ips.add(ip);
            }
          }
        });
      }),
      { numRuns: 40 },
    );
  });

  it('is deterministic and its events fold back to the same state', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 15 }), (ops) => {
        const a = run(ops);
        const b = run(ops);
        expect(JSON.stringify(b.newEvents())).toBe(JSON.stringify(a.newEvents()));
        expect(takeSnapshot(fold(a.newEvents()))).toEqual(a.snapshot());
      }),
      { numRuns: 15 },
    );
  });

  it('never leaves a timer in the past and settles crash-free pods', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 15 }), (ops) => {
        const cluster = run(ops);
        const next = cluster.nextTimerAt();
        if (next !== undefined) expect(next).toBeGreaterThan(cluster.now);
        for (const pod of pods(cluster))
          for (const c of pod.sim?.containers ?? [])
            if (c.until !== undefined && !pod.metadata.deletionTimestamp && !isDown(cluster, pod))
              expect(c.until).toBeGreaterThan(cluster.now);
      }),
      { numRuns: 30 },
    );
  });
});

function isDown(cluster: Cluster, pod: Pod): boolean {
  const node = pod.spec.nodeName ? cluster.get('Node', undefined, pod.spec.nodeName) : undefined;
  return !!node?.sim?.kubeletDown;
}
