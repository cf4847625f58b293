import type { OwnerReference } from '../../api/meta';
import type { KubeObject } from '../../api/objects';
import type { ObjectInput } from '../../api-server/api-server';
import { Cluster } from '../../runtime/cluster';
import { testKubelet } from '../../testing/test-kubelet';
import { SECOND } from '../../time/time';
import { garbageCollectorReconciler } from './garbage-collector.reconciler';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
};

function ref(owner: KubeObject, controller = true): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller,
    blockOwnerDeletion: controller,
  };
}

/** Deployment web → ReplicaSet web-6d4f8b5c9 → 3 pods, built by hand (no workload controllers here). */
function given(terminationSeconds = 30) {
  const cluster = Cluster.create({
    reconcilers: [garbageCollectorReconciler(), testKubelet({ terminationSeconds })],
    freezeObjects: true,
  });
  const create = (input: unknown): KubeObject => {
    const result = cluster.create(input as ObjectInput);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  const deployment = create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
  });
  const rs = create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-6d4f8b5c9', labels: { app: 'web' }, ownerReferences: [ref(deployment)] },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
  });
  for (const suffix of ['bcdfg', 'hjklm', 'npqrs'])
    create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web-6d4f8b5c9-${suffix}`, labels: { app: 'web' }, ownerReferences: [ref(rs)] },
      spec: template.spec,
    });
  cluster.reconcile();
  return { cluster, deployment, rs };
}

const names = (cluster: Cluster, kind: 'Pod' | 'ReplicaSet' | 'Deployment') =>
  cluster
    .view()
    .objects.list(kind)
    .map((o) => `${o.metadata.name}${o.metadata.deletionTimestamp ? ' (Terminating)' : ''}`);

describe('garbage collector', () => {
  it('C-55 background cascade: RS, then pods (through Terminating), then nothing is left', () => {
    const { cluster } = given();
    expect(names(cluster, 'Pod')).toHaveLength(3);
    // when: kubectl delete deployment web (background is the default)
    const deleted = cluster.delete('Deployment', 'default', 'web');
    expect(deleted.ok && deleted.value).toBeUndefined();
    cluster.reconcile();
    // then the RS is gone and the pods are terminating
    expect(names(cluster, 'Deployment')).toEqual([]);
    expect(names(cluster, 'ReplicaSet')).toEqual([]);
    expect(names(cluster, 'Pod')).toEqual([
      'web-6d4f8b5c9-bcdfg (Terminating)',
      'web-6d4f8b5c9-hjklm (Terminating)',
      'web-6d4f8b5c9-npqrs (Terminating)',
    ]);
    const gcWrites = cluster
      .newEvents()
      .filter((e) => e.actor.type === 'controller' && e.reason === 'GarbageCollected');
    expect(gcWrites.map((e) => e.type)).toEqual([
      'ObjectDeleted',
      'ObjectUpdated',
      'ObjectUpdated',
      'ObjectUpdated',
    ]);
    expect(gcWrites[0]?.actor).toEqual({ type: 'controller', name: 'garbagecollector' });
    // and after the grace period nothing of web is left
    cluster.advance(30 * SECOND);
    expect(names(cluster, 'Pod')).toEqual([]);
    expect(cluster.reconcile()).toBe(0);
  });

  it('foreground: the owner stays (with the finalizer) until its blocking dependents are gone', () => {
    const { cluster } = given();
    cluster.delete('Deployment', 'default', 'web', { propagationPolicy: 'Foreground' });
    cluster.reconcile();
    // the RS went foreground too (it has dependents); pods are terminating; both owners still visible
    expect(names(cluster, 'Deployment')).toEqual(['web (Terminating)']);
    expect(names(cluster, 'ReplicaSet')).toEqual(['web-6d4f8b5c9 (Terminating)']);
    expect(cluster.get('ReplicaSet', 'default', 'web-6d4f8b5c9')?.metadata.finalizers).toEqual([
      'foregroundDeletion',
    ]);
    expect(names(cluster, 'Pod').every((n) => n.endsWith('(Terminating)'))).toBe(true);
    cluster.advance(29 * SECOND);
    expect(names(cluster, 'Deployment')).toEqual(['web (Terminating)']);
    // when the pods are gone, the RS and then the Deployment go
    cluster.advance(1 * SECOND);
    expect(names(cluster, 'Pod')).toEqual([]);
    expect(names(cluster, 'ReplicaSet')).toEqual([]);
    expect(names(cluster, 'Deployment')).toEqual([]);
  });

  it('orphan: dependents lose the reference and keep running; the RS still owns its pods', () => {
    const { cluster, rs } = given();
    cluster.delete('Deployment', 'default', 'web', { propagationPolicy: 'Orphan' });
    cluster.reconcile();
    expect(names(cluster, 'Deployment')).toEqual([]);
    const orphan = cluster.get('ReplicaSet', 'default', 'web-6d4f8b5c9');
    expect(orphan?.metadata.ownerReferences).toBeUndefined();
    expect(orphan?.metadata.deletionTimestamp).toBeUndefined();
    for (const pod of cluster.view().objects.list('Pod')) {
      expect(pod.metadata.deletionTimestamp).toBeUndefined();
      expect(pod.metadata.ownerReferences?.map((r) => r.uid)).toEqual([rs.metadata.uid]);
    }
  });

  it('keeps a dependent with another live owner and only drops the dangling reference', () => {
    const { cluster, deployment, rs } = given();
    const pod = cluster.view().objects.list('Pod')[0]!;
    cluster.update({
      ...pod,
      metadata: { ...pod.metadata, ownerReferences: [ref(rs), ref(deployment, false)] },
    });
    cluster.delete('ReplicaSet', 'default', 'web-6d4f8b5c9');
    cluster.reconcile();
    const kept = cluster.get('Pod', 'default', pod.metadata.name);
    expect(kept?.metadata.deletionTimestamp).toBeUndefined();
    expect(kept?.metadata.ownerReferences?.map((r) => r.kind)).toEqual(['Deployment']);
    expect(names(cluster, 'Pod').filter((n) => n.endsWith('(Terminating)'))).toHaveLength(2);
  });

  it('waits for a foreground-deleted pod to finish terminating before removing its finalizer', () => {
    const { cluster } = given(10);
    const pod = cluster.view().objects.list('Pod')[0]!;
    cluster.delete('Pod', 'default', pod.metadata.name, { propagationPolicy: 'Foreground' });
    cluster.reconcile();
    expect(cluster.get('Pod', 'default', pod.metadata.name)?.metadata.finalizers).toEqual([
      'foregroundDeletion',
    ]);
    cluster.advance(9 * SECOND);
    expect(cluster.get('Pod', 'default', pod.metadata.name)).toBeDefined();
    cluster.advance(1 * SECOND);
    expect(cluster.get('Pod', 'default', pod.metadata.name)).toBeUndefined();
  });

  it('writes nothing when every owner is alive', () => {
    const { cluster } = given();
    expect(cluster.reconcile()).toBe(0);
  });
});
