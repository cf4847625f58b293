// Deleting a StatefulSet or DaemonSet with foreground propagation must settle: the owner stops writing history
// while the garbage collector removes its pods and ControllerRevisions, then the owner itself goes.
import type { ObjectInput } from '../../api-server/api-server';
import { Cluster } from '../../runtime/cluster';

const template = {
  metadata: { labels: { app: 'x' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
};

const cases: [string, ObjectInput][] = [
  [
    'StatefulSet',
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'x' },
      spec: { replicas: 2, serviceName: 'x', selector: { matchLabels: { app: 'x' } }, template },
    } as ObjectInput,
  ],
  [
    'DaemonSet',
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'x' },
      spec: { selector: { matchLabels: { app: 'x' } }, template },
    } as ObjectInput,
  ],
];

describe('foreground deletion of workloads with ControllerRevisions', () => {
  it.each(cases)('%s: dependents go first, then the owner, and the cluster settles', (kind, object) => {
    const cluster = Cluster.create({ freezeObjects: true });
    expect(cluster.create(object).ok).toBe(true);
    cluster.settle(5 * 60_000);
    const view = cluster.view();
    expect(view.objects.list('Pod').length).toBeGreaterThan(0);
    expect(view.objects.list('ControllerRevision').length).toBe(1);

    const deleted = cluster.delete(kind as 'StatefulSet' | 'DaemonSet', 'default', 'x', {
      propagationPolicy: 'Foreground',
    });
    expect(deleted.ok).toBe(true);
    cluster.settle(5 * 60_000);

    expect(cluster.get(kind as 'StatefulSet' | 'DaemonSet', 'default', 'x')).toBeUndefined();
    expect(view.objects.list('Pod')).toEqual([]);
    expect(view.objects.list('ControllerRevision')).toEqual([]);
    expect(cluster.nextTimerAt()).toBeUndefined();
  });
});
