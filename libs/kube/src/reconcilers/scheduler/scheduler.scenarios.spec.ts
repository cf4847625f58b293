// C-49 and C-51 with every default controller: Deployments scheduled by the real scheduler.
import fc from 'fast-check';
import type { Deployment } from '../../api/workloads';
import type { ObjectInput } from '../../api-server/api-server';
import { Cluster } from '../../runtime/cluster';
import { defaultNodes, type NodeSpecInput } from '../../state/cluster-config';
import { MINUTE } from '../../time/time';

function deployment(replicas: number, cpu?: string): ObjectInput {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.25', ...(cpu ? { resources: { requests: { cpu } } } : {}) },
          ],
        },
      },
    },
  } as ObjectInput;
}

const C49_MESSAGE =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

describe('scheduler scenarios (all controllers)', () => {
  it('C-49 Insufficient CPU: 2 pods per worker, the 5th Pending with FailedScheduling; READY 4/5', () => {
    const nodes: NodeSpecInput[] = [
      defaultNodes(0)[0]!,
      { name: 'worker-1', cpu: '1', memory: '4Gi', pods: 110 },
      { name: 'worker-2', cpu: '1', memory: '4Gi', pods: 110 },
    ];
    const c = Cluster.create({ config: { nodes }, freezeObjects: true });
    c.create(deployment(4, '400m'));
    c.settle(5 * MINUTE);
    const placement = () =>
      c
        .view()
        .objects.list('Pod')
        .map((p) => p.spec.nodeName ?? '<none>')
        .sort();
    expect(placement()).toEqual(['worker-1', 'worker-1', 'worker-2', 'worker-2']);

    // when scaled to 5
    const d = c.get('Deployment', 'default', 'web') as Deployment;
    c.update({ ...d, spec: { ...d.spec, replicas: 5 } });
    c.settle(5 * MINUTE);

    // then the fifth pod is Pending on no node, with the scheduler's message
    expect(placement()).toEqual(['<none>', 'worker-1', 'worker-1', 'worker-2', 'worker-2']);
    const pending = c
      .view()
      .objects.list('Pod')
      .find((p) => !p.spec.nodeName)!;
    expect(pending.status?.phase).toBe('Pending');
    const failed = c
      .view()
      .objects.list('Event')
      .filter((e) => e.reason === 'FailedScheduling');
    expect(failed.map((e) => [e.involvedObject.name, e.type, e.message, e.source.component])).toEqual([
      [pending.metadata.name, 'Warning', C49_MESSAGE, 'default-scheduler'],
    ]);
    expect(c.get('Deployment', 'default', 'web')!.status).toMatchObject({
      replicas: 5,
      readyReplicas: 4,
      availableReplicas: 4,
    });
  });

  it('C-51 spreading: max − min pods per node ≤ 1 for a Deployment on identical workers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 500 }), (replicas, seed) => {
        const c = Cluster.create({ seed, freezeObjects: true });
        c.create(deployment(replicas));
        c.reconcile();
        const counts = new Map([
          ['worker-1', 0],
          ['worker-2', 0],
          ['worker-3', 0],
        ]);
        for (const p of c.view().objects.list('Pod')) {
          expect(counts.has(p.spec.nodeName!)).toBe(true);
          counts.set(p.spec.nodeName!, counts.get(p.spec.nodeName!)! + 1);
        }
        expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(replicas);
        expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
      }),
      { numRuns: 25 },
    );
  });
});
