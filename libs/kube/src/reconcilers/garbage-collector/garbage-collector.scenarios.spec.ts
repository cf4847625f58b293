// C-55 with every default controller: deleting a Deployment removes its ReplicaSet, then its pods (which pass
// through Terminating), until nothing labelled app=web is left.
import type { ObjectInput } from '../../api-server/api-server';
import { Cluster } from '../../runtime/cluster';
import { MINUTE, SECOND } from '../../time/time';

describe('C-55 background cascade (all controllers)', () => {
  it('deletes the RS and then the pods, which terminate gracefully', () => {
    const c = Cluster.create({ freezeObjects: true });
    c.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
        },
      },
    } as ObjectInput);
    c.settle(5 * MINUTE);
    const listed = (kind: 'Pod' | 'ReplicaSet') =>
      c
        .view()
        .objects.list(kind)
        .filter((o) => o.metadata.labels?.['app'] === 'web');
    expect(listed('ReplicaSet')).toHaveLength(1);
    const running = c
      .view()
      .objects.list('Pod')
      .filter((p) => p.status?.phase === 'Running');
    expect(running).toHaveLength(3);

    // when: kubectl delete deployment web
    expect(c.delete('Deployment', 'default', 'web').ok).toBe(true);
    c.reconcile();

    // then the RS is gone at once and the pods are Terminating
    expect(listed('ReplicaSet')).toEqual([]);
    expect(listed('Pod')).toHaveLength(3);
    expect(listed('Pod').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    // and finally nothing is left
    c.advance(30 * SECOND);
    expect(listed('Pod')).toEqual([]);
    expect(c.get('Deployment', 'default', 'web')).toBeUndefined();
  });
});
