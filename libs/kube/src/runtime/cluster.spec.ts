import { Cluster } from './cluster';
import { fold } from '../state/evolve';
import { takeSnapshot } from '../state/snapshot';
import type { ObjectInput } from '../api-server/api-server';

const pod = (name: string): ObjectInput =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
  }) as ObjectInput;

describe('Cluster', () => {
  it('bootstraps namespaces, nodes, the default StorageClass and the kubernetes Service', () => {
    const cluster = Cluster.create({ freezeObjects: true });
    const view = cluster.view();
    expect(view.objects.list('Namespace').map((n) => n.metadata.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
    expect(view.objects.list('Node').map((n) => n.metadata.name)).toEqual([
      'control-plane',
      'worker-1',
      'worker-2',
      'worker-3',
    ]);
    expect(view.objects.get('Service', 'default', 'kubernetes')?.spec.clusterIP).toBe('10.96.0.1');
    expect(cluster.newEvents()[0]?.type).toBe('ClusterCreated');
  });

  it('creates an object with uid, resourceVersion and timestamp, and rejects a duplicate', () => {
    const cluster = Cluster.create();
    const created = cluster.create(pod('web'));
    expect(created.ok).toBe(true);
    const stored = cluster.get('Pod', 'default', 'web');
    expect(stored?.metadata.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(stored?.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(stored?.spec.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    const again = cluster.create(pod('web'));
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toBe('pods "web" already exists');
  });

  it('generates names from generateName with the apiserver alphabet, deterministically per seed', () => {
    const names = (seed: number) => {
      const cluster = Cluster.create({ seed });
      cluster.create({ ...pod(''), metadata: { generateName: 'web-' } } as ObjectInput);
      return cluster
        .view()
        .objects.list('Pod')
        .map((p) => p.metadata.name);
    };
    expect(names(7)).toEqual(names(7));
    expect(names(7)[0]).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(names(7)).not.toEqual(names(8));
  });

  it('folds its own events back to the same state', () => {
    const cluster = Cluster.create();
    cluster.create(pod('a'));
    cluster.advance(5000);
    const refolded = fold(cluster.newEvents());
    expect(refolded.version).toBe(cluster.version);
    expect(refolded.now).toBe(cluster.now);
    expect(takeSnapshot(refolded)).toEqual(cluster.snapshot());
  });

  it('reports validation errors with the API server field paths', () => {
    const cluster = Cluster.create();
    const result = cluster.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
        },
      },
    } as ObjectInput);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe(
        'Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
      );
    }
    expect(cluster.get('Deployment', 'default', 'web')).toBeUndefined();
  });
});
