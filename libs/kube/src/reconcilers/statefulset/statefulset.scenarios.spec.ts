// StatefulSet scenarios against the other real controllers (garbage collector, scheduler, kubelet) rather than
// the test kubelet alone.
import type { ObjectInput } from '../../api-server/api-server';
import type { Pod } from '../../api/pod';
import type { StatefulSet } from '../../api/workloads';
import { Cluster } from '../../runtime/cluster';
import { makePodsReady, testKubelet } from '../../testing/test-kubelet';
import { SECOND } from '../../time/time';
import { garbageCollectorReconciler } from '../garbage-collector/garbage-collector.reconciler';
import { statefulSetRolloutStatus } from './statefulset-rollout-status';
import { statefulSetReconciler } from './statefulset.reconciler';

type Policy = NonNullable<StatefulSet['spec']['persistentVolumeClaimRetentionPolicy']>;

function web(replicas: number, policy?: Policy, claims = true): ObjectInput {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
      ...(claims
        ? {
            volumeClaimTemplates: [
              {
                metadata: { name: 'www' },
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
              },
            ],
          }
        : {}),
      ...(policy ? { persistentVolumeClaimRetentionPolicy: policy } : {}),
    },
  } as unknown as ObjectInput;
}

const podNames = (c: Cluster) =>
  c
    .view()
    .objects.list('Pod')
    .map((p) => p.metadata.name);
/** Claims not being deleted (a deleted claim waits for pvc-protection, which the PV controller lifts). */
const liveClaims = (c: Cluster) =>
  c
    .view()
    .objects.list('PersistentVolumeClaim')
    .filter((x) => !x.metadata.deletionTimestamp)
    .map((x) => x.metadata.name);

function scale(c: Cluster, replicas: number): void {
  const sts = c.get('StatefulSet', 'default', 'web') as StatefulSet;
  expect(c.update({ ...sts, spec: { ...sts.spec, replicas } }).ok).toBe(true);
  c.reconcile();
}

describe('C-37 PVC retention policy with the garbage collector', () => {
  function setup(policy?: Policy): Cluster {
    const c = Cluster.create({
      reconcilers: [
        statefulSetReconciler(),
        garbageCollectorReconciler(),
        testKubelet({ terminationSeconds: 5 }),
      ],
      freezeObjects: true,
    });
    expect(c.create(web(3, policy)).ok).toBe(true);
    c.reconcile();
    for (let i = 0; i < 5; i++) makePodsReady(c);
    expect(liveClaims(c)).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    return c;
  }

  it('whenScaled: Delete → a condemned claim is collected once its pod is gone, one ordinal at a time', () => {
    const c = setup({ whenScaled: 'Delete', whenDeleted: 'Retain' });
    scale(c, 1);
    expect(podNames(c)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(liveClaims(c)).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    c.advance(5 * SECOND);
    expect(podNames(c)).toEqual(['web-0', 'web-1']);
    expect(liveClaims(c)).toEqual(['www-web-0', 'www-web-1']);
    c.advance(5 * SECOND);
    expect(podNames(c)).toEqual(['web-0']);
    expect(liveClaims(c)).toEqual(['www-web-0']);

    // Deleting the set (background cascade) removes the pod but keeps www-web-0 (whenDeleted: Retain).
    c.delete('StatefulSet', 'default', 'web');
    c.advance(10 * SECOND);
    expect(podNames(c)).toEqual([]);
    expect(liveClaims(c)).toEqual(['www-web-0']);
  });

  it('whenDeleted: Delete → every claim goes with the StatefulSet', () => {
    const c = setup({ whenScaled: 'Retain', whenDeleted: 'Delete' });
    scale(c, 1);
    c.advance(20 * SECOND);
    expect(liveClaims(c)).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    c.delete('StatefulSet', 'default', 'web');
    c.advance(10 * SECOND);
    expect(podNames(c)).toEqual([]);
    expect(liveClaims(c)).toEqual([]);
  });

  it('default Retain/Retain → nothing is ever collected', () => {
    const c = setup();
    scale(c, 0);
    c.advance(30 * SECOND);
    c.delete('StatefulSet', 'default', 'web');
    c.advance(10 * SECOND);
    expect(podNames(c)).toEqual([]);
    expect(liveClaims(c)).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
  });
});

describe('StatefulSet with the default controllers (scheduler, kubelet)', () => {
  it('C-30 without storage: each ordinal waits for the previous one to be Running and Ready', () => {
    const c = Cluster.create({ freezeObjects: true });
    expect(c.create(web(3, undefined, false)).ok).toBe(true);
    c.reconcile();
    const seen: string[][] = [];
    for (
      let i = 0;
      i < 120 && !statefulSetRolloutStatus(c.get('StatefulSet', 'default', 'web') as StatefulSet).done;
      i++
    ) {
      const pods = c.view().objects.list('Pod');
      const notReady = pods.filter(
        (p: Pod) => !p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'),
      );
      expect(notReady.length).toBeLessThanOrEqual(1);
      const names = pods.map((p) => p.metadata.name);
      if (JSON.stringify(seen[seen.length - 1]) !== JSON.stringify(names)) seen.push(names);
      c.advance(SECOND);
    }
    expect(seen).toEqual([['web-0'], ['web-0', 'web-1'], ['web-0', 'web-1', 'web-2']]);
    const pod = c.get('Pod', 'default', 'web-2') as Pod;
    expect(pod.spec.nodeName).toMatch(/^worker-/);
    expect(pod.status?.phase).toBe('Running');
  });
});
