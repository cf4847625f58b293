import fc from 'fast-check';
import type { ObjectInput } from '../../api-server/api-server';
import type { Pod } from '../../api/pod';
import type { StatefulSet } from '../../api/workloads';
import { Cluster } from '../../runtime/cluster';
import { controllerRevisionHistory } from '../shared/revisions';
import { makePodsReady, makePodsRunningNotReady, testKubelet } from '../../testing/test-kubelet';
import { SECOND } from '../../time/time';
import { statefulSetRolloutStatus } from './statefulset-rollout-status';
import { statefulSetReconciler } from './statefulset.reconciler';

type Spec = StatefulSet['spec'];

function web(overrides: Partial<Spec> = {}, name = 'web'): ObjectInput {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas: 3,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...overrides,
    },
  } as unknown as ObjectInput;
}

const headlessService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'nginx' },
  spec: { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80, name: 'web' }] },
} as unknown as ObjectInput;

function setup(options: { terminationSeconds?: number; seed?: number } = {}): Cluster {
  const cluster = Cluster.create({
    seed: options.seed ?? 1,
    reconcilers: [
      statefulSetReconciler(),
      testKubelet({ terminationSeconds: options.terminationSeconds ?? 0 }),
    ],
    freezeObjects: true,
  });
  expect(cluster.create(headlessService).ok).toBe(true);
  return cluster;
}

const allPods = (c: Cluster) => c.view().objects.list('Pod');
const live = (c: Cluster) => allPods(c).filter((p) => !p.metadata.deletionTimestamp);
const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);
const terminating = (c: Cluster) => allPods(c).filter((p) => p.metadata.deletionTimestamp);
const getSts = (c: Cluster, name = 'web') => c.get('StatefulSet', 'default', name) as StatefulSet;
const pod = (c: Cluster, name: string) => c.get('Pod', 'default', name) as Pod;
const revisionOf = (p: Pod) => p.metadata.labels?.['controller-revision-hash'];
const claims = (c: Cluster) => c.view().objects.list('PersistentVolumeClaim');
const isReady = (p: Pod) =>
  p.status?.phase === 'Running' &&
  !!p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');

function updateSpec(c: Cluster, change: (spec: Spec) => Spec, name = 'web'): void {
  const sts = getSts(c, name);
  const result = c.update({ ...sts, spec: change(sts.spec) });
  expect(result.ok).toBe(true);
  c.reconcile();
}

function withImage(spec: Spec, image: string): Spec {
  const [first, ...rest] = spec.template.spec.containers;
  return {
    ...spec,
    template: {
      ...spec.template,
      spec: { ...spec.template.spec, containers: [{ ...first!, image }, ...rest] },
    },
  };
}

/** Makes not-ready pods ready one wave at a time until nothing changes (at most `max` waves). */
function readyWaves(c: Cluster, max = 50): void {
  for (let i = 0; i < max; i++) if (makePodsReady(c) === 0) return;
}

/** Messages of the Kubernetes events recorded on the stream since `from` (in order, repeats included). */
function notesSince(c: Cluster, from: number, reason?: string): string[] {
  return c
    .newEvents()
    .filter((e) => e.version > from)
    .flatMap((e) => e.notes ?? [])
    .filter((n) => !reason || n.reason === reason)
    .map((n) => n.message);
}

function readyCluster(spec: Partial<Spec> = {}, options: { terminationSeconds?: number } = {}): Cluster {
  const c = setup(options);
  expect(c.create(web(spec)).ok).toBe(true);
  c.reconcile();
  readyWaves(c);
  return c;
}

describe('StatefulSet controller', () => {
  describe('C-30 OrderedReady creation', () => {
    it('creates one pod at a time, in ordinal order, never two pending', () => {
      const c = setup();
      expect(c.create(web()).ok).toBe(true);
      c.reconcile();

      // T0: only web-0 and its claim.
      expect(names(allPods(c))).toEqual(['web-0']);
      expect(claims(c).map((x) => x.metadata.name)).toEqual(['www-web-0']);
      expect(notesSince(c, 0)).toEqual([
        'create Claim www-web-0 Pod web-0 in StatefulSet web success',
        'create Pod web-0 in StatefulSet web successful',
      ]);

      const readyColumn: string[] = [];
      const statusLines: string[] = [];
      for (let wave = 0; wave < 4; wave++) {
        const sts = getSts(c);
        readyColumn.push(`${sts.status?.readyReplicas ?? 0}/${sts.spec.replicas}`);
        statusLines.push(statefulSetRolloutStatus(sts).message);
        expect(allPods(c).filter((p) => !isReady(p)).length).toBeLessThanOrEqual(1);
        makePodsReady(c);
      }
      expect(readyColumn).toEqual(['0/3', '1/3', '2/3', '3/3']);
      expect(statusLines).toEqual([
        'Waiting for 3 pods to be ready...\n',
        'Waiting for 2 pods to be ready...\n',
        'Waiting for 1 pods to be ready...\n',
        'partitioned roll out complete: 3 new pods have been updated...\n',
      ]);
      expect(statefulSetRolloutStatus(getSts(c)).done).toBe(true);
      expect(names(allPods(c))).toEqual(['web-0', 'web-1', 'web-2']);
      expect(notesSince(c, 0, 'SuccessfulCreate').filter((m) => m.startsWith('create Pod'))).toEqual([
        'create Pod web-0 in StatefulSet web successful',
        'create Pod web-1 in StatefulSet web successful',
        'create Pod web-2 in StatefulSet web successful',
      ]);
    });

    it('gives each pod its stable identity, storage and revision label', () => {
      const c = readyCluster();
      const sts = getSts(c);
      const web1 = pod(c, 'web-1');
      expect(web1.spec.hostname).toBe('web-1');
      expect(web1.spec.subdomain).toBe('nginx');
      expect(web1.metadata.generateName).toBe('web-');
      expect(web1.metadata.labels).toEqual({
        app: 'nginx',
        'statefulset.kubernetes.io/pod-name': 'web-1',
        'apps.kubernetes.io/pod-index': '1',
        'controller-revision-hash': sts.status?.updateRevision,
      });
      expect(sts.status?.updateRevision).toMatch(/^web-[4-9bcdf]{1,10}$/);
      expect(web1.spec.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } }]);
      expect(web1.metadata.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'StatefulSet',
          name: 'web',
          uid: sts.metadata.uid,
          controller: true,
        }),
      ]);
      const claim = c.get('PersistentVolumeClaim', 'default', 'www-web-1');
      expect(claim?.metadata.labels).toEqual({ app: 'nginx' });
      expect(claim?.metadata.ownerReferences).toBeUndefined();
      expect(claim?.spec.resources?.requests?.storage).toBe('1Gi');
      expect(sts.status).toEqual(
        expect.objectContaining({
          observedGeneration: 1,
          replicas: 3,
          readyReplicas: 3,
          availableReplicas: 3,
          currentReplicas: 3,
          updatedReplicas: 3,
          currentRevision: sts.status?.updateRevision,
          collisionCount: 0,
        }),
      );
      const revisions = c.view().objects.list('ControllerRevision');
      expect(revisions).toHaveLength(1);
      expect(revisions[0]?.metadata.name).toBe(sts.status?.updateRevision);
      expect(revisions[0]?.revision).toBe(1);
      expect(revisions[0]?.metadata.labels?.['controller.kubernetes.io/hash']).toBe(
        sts.status?.updateRevision?.slice('web-'.length),
      );
    });

    it('starts at spec.ordinals.start', () => {
      const c = readyCluster({ replicas: 2, ordinals: { start: 5 } });
      expect(names(allPods(c))).toEqual(['web-5', 'web-6']);
      expect(pod(c, 'web-6').metadata.labels?.['apps.kubernetes.io/pod-index']).toBe('6');
    });

    it('Parallel creates and deletes all at once', () => {
      const c = setup({ terminationSeconds: 5 });
      c.create(web({ podManagementPolicy: 'Parallel' }));
      c.reconcile();
      expect(names(allPods(c))).toEqual(['web-0', 'web-1', 'web-2']);
      updateSpec(c, (s) => ({ ...s, replicas: 0 }));
      expect(names(terminating(c))).toEqual(['web-0', 'web-1', 'web-2']);
    });

    it('waits for minReadySeconds before the next ordinal', () => {
      const c = setup();
      c.create(web({ minReadySeconds: 10 }));
      c.reconcile();
      makePodsReady(c);
      expect(names(allPods(c))).toEqual(['web-0']);
      expect(getSts(c).status?.readyReplicas).toBe(1);
      expect(getSts(c).status?.availableReplicas).toBe(0);
      c.advance(9 * SECOND);
      expect(names(allPods(c))).toEqual(['web-0']);
      c.advance(1 * SECOND);
      expect(names(allPods(c))).toEqual(['web-0', 'web-1']);
      expect(getSts(c).status?.availableReplicas).toBe(1);
    });
  });

  describe('C-31 scale 3 → 5 → 2 → 4', () => {
    it('scales one ordinal at a time, deletes highest first, waits for each to vanish, reuses claims', () => {
      const c = readyCluster({}, { terminationSeconds: 5 });
      updateSpec(c, (s) => ({ ...s, replicas: 5 }));
      expect(names(allPods(c))).toEqual(['web-0', 'web-1', 'web-2', 'web-3']);
      makePodsReady(c);
      expect(names(allPods(c))).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
      makePodsReady(c);
      expect(claims(c).map((x) => x.metadata.name)).toEqual([
        'www-web-0',
        'www-web-1',
        'www-web-2',
        'www-web-3',
        'www-web-4',
      ]);
      const claimUids = claims(c).map((x) => x.metadata.uid);

      const from = c.version;
      updateSpec(c, (s) => ({ ...s, replicas: 2 }));
      expect(names(terminating(c))).toEqual(['web-4']);
      for (let i = 0; i < 40 && allPods(c).length > 2; i++) {
        expect(terminating(c).length).toBeLessThanOrEqual(1);
        c.advance(SECOND);
      }
      expect(names(allPods(c))).toEqual(['web-0', 'web-1']);
      expect(notesSince(c, from, 'SuccessfulDelete')).toEqual([
        'delete Pod web-4 in StatefulSet web successful',
        'delete Pod web-3 in StatefulSet web successful',
        'delete Pod web-2 in StatefulSet web successful',
      ]);
      const sts = getSts(c);
      expect(`${sts.status?.readyReplicas}/${sts.spec.replicas}`).toBe('2/2');
      expect(claims(c).filter((x) => !x.metadata.deletionTimestamp)).toHaveLength(5);

      const before = c.version;
      updateSpec(c, (s) => ({ ...s, replicas: 4 }));
      expect(names(live(c))).toEqual(['web-0', 'web-1', 'web-2']);
      makePodsReady(c);
      expect(names(live(c))).toEqual(['web-0', 'web-1', 'web-2', 'web-3']);
      makePodsReady(c);
      expect(claims(c).map((x) => x.metadata.uid)).toEqual(claimUids);
      expect(notesSince(c, before).filter((m) => m.startsWith('create Claim'))).toEqual([]);
      expect(pod(c, 'web-3').spec.volumes).toEqual([
        { name: 'www', persistentVolumeClaim: { claimName: 'www-web-3' } },
      ]);
    });

    it('does not scale down while a remaining replica is unhealthy', () => {
      const c = readyCluster({}, { terminationSeconds: 5 });
      makePodsRunningNotReady(c, (p) => p.metadata.name === 'web-0');
      updateSpec(c, (s) => ({ ...s, replicas: 1 }));
      expect(terminating(c)).toEqual([]);
      makePodsReady(c);
      expect(names(terminating(c))).toEqual(['web-2']);
    });
  });

  describe('C-34 partitioned (canary) update', () => {
    function fiveReplicas(): Cluster {
      const c = readyCluster({ replicas: 5 });
      updateSpec(c, (s) => ({
        ...s,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 3 } },
      }));
      return c;
    }

    it('updates only ordinals at or above the partition, highest first, one at a time', () => {
      const c = fiveReplicas();
      const h1 = getSts(c).status?.currentRevision;
      const from = c.version;
      updateSpec(c, (s) => withImage(s, 'nginx:1.26'));
      const h2 = getSts(c).status?.updateRevision;
      expect(h2).not.toBe(h1);
      // web-4 was deleted and recreated at the new revision; web-3 waits for it.
      expect(revisionOf(pod(c, 'web-4'))).toBe(h2);
      expect(revisionOf(pod(c, 'web-3'))).toBe(h1);
      makePodsReady(c);
      expect(revisionOf(pod(c, 'web-3'))).toBe(h2);
      makePodsReady(c);
      expect(notesSince(c, from, 'SuccessfulDelete')).toEqual([
        'delete Pod web-4 in StatefulSet web successful',
        'delete Pod web-3 in StatefulSet web successful',
      ]);
      for (const name of ['web-0', 'web-1', 'web-2']) expect(revisionOf(pod(c, name))).toBe(h1);
      const status = getSts(c).status;
      expect(status).toEqual(
        expect.objectContaining({
          currentRevision: h1,
          updateRevision: h2,
          currentReplicas: 3,
          updatedReplicas: 2,
        }),
      );
      expect(statefulSetRolloutStatus(getSts(c))).toEqual({
        message: 'partitioned roll out complete: 2 new pods have been updated...\n',
        done: true,
      });

      // A pod below the partition comes back at the current revision.
      c.delete('Pod', 'default', 'web-1');
      c.reconcile();
      expect(revisionOf(pod(c, 'web-1'))).toBe(h1);
      expect(pod(c, 'web-1').spec.containers[0]?.image).toBe('nginx:1.25');
      makePodsReady(c);

      const before = c.version;
      updateSpec(c, (s) => ({
        ...s,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      }));
      readyWaves(c);
      expect(notesSince(c, before, 'SuccessfulDelete')).toEqual([
        'delete Pod web-2 in StatefulSet web successful',
        'delete Pod web-1 in StatefulSet web successful',
        'delete Pod web-0 in StatefulSet web successful',
      ]);
      expect(getSts(c).status).toEqual(
        expect.objectContaining({
          currentRevision: h2,
          updateRevision: h2,
          currentReplicas: 5,
          updatedReplicas: 5,
        }),
      );
    });

    it('reports partitioned progress while waiting', () => {
      const c = fiveReplicas();
      updateSpec(c, (s) => withImage(s, 'nginx:1.26'));
      expect(statefulSetRolloutStatus(getSts(c)).message).toBe('Waiting for 1 pods to be ready...\n');
      makePodsReady(c);
      expect(statefulSetRolloutStatus(getSts(c)).message).toBe('Waiting for 1 pods to be ready...\n');
      makePodsReady(c);
      expect(statefulSetRolloutStatus(getSts(c)).done).toBe(true);
    });

    it('OnDelete replaces nothing until the user deletes a pod, which returns at the update revision', () => {
      const c = readyCluster({ updateStrategy: { type: 'OnDelete' } });
      updateSpec(c, (s) => withImage(s, 'nginx:1.26'));
      const { currentRevision, updateRevision } = getSts(c).status ?? {};
      expect(allPods(c).map(revisionOf)).toEqual([currentRevision, currentRevision, currentRevision]);
      c.delete('Pod', 'default', 'web-0');
      c.reconcile();
      expect(revisionOf(pod(c, 'web-0'))).toBe(updateRevision);
      expect(statefulSetRolloutStatus(getSts(c)).error).toBe(
        'rollout status is only available for RollingUpdate strategy type',
      );
    });
  });

  describe('revisions', () => {
    it('reuses an earlier revision on revert with its number bumped, and blocks on a never-ready pod', () => {
      const c = readyCluster();
      const h1 = getSts(c).status?.updateRevision;
      updateSpec(c, (s) => withImage(s, 'nginx:broken'));
      const h2 = getSts(c).status?.updateRevision;
      expect(revisionOf(pod(c, 'web-2'))).toBe(h2);
      makePodsRunningNotReady(c, (p) => p.metadata.name === 'web-2');

      // Forced rollback caveat: reverting the template does not unblock the broken pod.
      updateSpec(c, (s) => withImage(s, 'nginx:1.25'));
      expect(getSts(c).status?.updateRevision).toBe(h1);
      const revisions = c.view().objects.list('ControllerRevision');
      expect(revisions.map((r) => [r.metadata.name, r.revision]).sort()).toEqual(
        [
          [h1, 3],
          [h2, 2],
        ].sort(),
      );
      expect(revisionOf(pod(c, 'web-2'))).toBe(h2);
      c.advance(60 * SECOND);
      expect(revisionOf(pod(c, 'web-2'))).toBe(h2);

      c.delete('Pod', 'default', 'web-2');
      c.reconcile();
      expect(revisionOf(pod(c, 'web-2'))).toBe(h1);
      makePodsReady(c);
      expect(getSts(c).status).toEqual(expect.objectContaining({ currentRevision: h1, updatedReplicas: 3 }));
    });

    it('deletes history beyond revisionHistoryLimit oldest first, keeping live revisions', () => {
      const c = readyCluster({ revisionHistoryLimit: 1, replicas: 1 });
      for (const image of ['nginx:1.26', 'nginx:1.27', 'nginx:1.28']) {
        updateSpec(c, (s) => withImage(s, image));
        readyWaves(c);
      }
      const revisions = c.view().objects.list('ControllerRevision');
      expect(revisions.map((r) => r.revision).sort()).toEqual([3, 4]);
      expect(revisions.find((r) => r.revision === 4)?.metadata.name).toBe(getSts(c).status?.updateRevision);
    });

    it('lists history with change-cause for rollout history', () => {
      const c = setup();
      const input = web({ replicas: 1 });
      c.create({
        ...input,
        metadata: { ...input.metadata, annotations: { 'kubernetes.io/change-cause': 'first' } },
      });
      c.reconcile();
      readyWaves(c);
      const sts = getSts(c);
      c.update({
        ...withImageObject(sts, 'nginx:1.26'),
        metadata: { ...sts.metadata, annotations: {} },
      });
      c.reconcile();
      const history = controllerRevisionHistory(c.view(), getSts(c));
      expect(history.map((h) => [h.revision, h.changeCause])).toEqual([
        [1, 'first'],
        [2, undefined],
      ]);
      expect(history[1]?.template.spec.containers[0]?.image).toBe('nginx:1.26');
    });
  });

  describe('pod lifecycle', () => {
    it('deletes a failed pod and recreates it under the same name', () => {
      const c = readyCluster();
      const failed = pod(c, 'web-1');
      c.update({ ...failed, status: { ...failed.status!, phase: 'Failed' } });
      c.reconcile();
      const again = pod(c, 'web-1');
      expect(again.metadata.uid).not.toBe(failed.metadata.uid);
      expect(again.status?.phase).toBe('Pending');
    });

    it('does not replace a pod that stays Terminating (evicted from an unreachable node) until it is gone', () => {
      const c = readyCluster({}, { terminationSeconds: 3600 });
      const old = pod(c, 'web-1');
      c.delete('Pod', 'default', 'web-1');
      c.advance(10 * 60 * SECOND);
      expect(pod(c, 'web-1').metadata.uid).toBe(old.metadata.uid);
      expect(pod(c, 'web-1').metadata.deletionTimestamp).toBeDefined();
      c.delete('Pod', 'default', 'web-1', { gracePeriodSeconds: 0 });
      c.reconcile();
      expect(pod(c, 'web-1').metadata.uid).not.toBe(old.metadata.uid);
    });

    it('counts terminating pods in status.replicas but not in current/updated', () => {
      const c = readyCluster({}, { terminationSeconds: 30 });
      updateSpec(c, (s) => ({ ...s, replicas: 2 }));
      expect(getSts(c).status).toEqual(
        expect.objectContaining({ replicas: 3, currentReplicas: 2, updatedReplicas: 2 }),
      );
    });

    it('restores identity labels removed by a user', () => {
      const c = readyCluster();
      const p = pod(c, 'web-0');
      const labels = { ...p.metadata.labels };
      delete labels['statefulset.kubernetes.io/pod-name'];
      c.update({ ...p, metadata: { ...p.metadata, labels } });
      c.reconcile();
      expect(pod(c, 'web-0').metadata.labels?.['statefulset.kubernetes.io/pod-name']).toBe('web-0');
    });
  });

  describe('ownership', () => {
    it('a StatefulSet re-created after an orphaning delete adopts its pods and revision', () => {
      const c = readyCluster({ replicas: 2 });
      const revision = getSts(c).status?.updateRevision;
      const uids = allPods(c).map((p) => p.metadata.uid);
      // What `kubectl delete sts web --cascade=orphan` leaves behind: pods and revisions without an owner.
      c.delete('StatefulSet', 'default', 'web');
      for (const p of allPods(c)) c.update({ ...p, metadata: { ...p.metadata, ownerReferences: [] } });
      for (const r of c.view().objects.list('ControllerRevision'))
        c.update({ ...r, metadata: { ...r.metadata, ownerReferences: [] } });
      c.create(web({ replicas: 2 }));
      c.reconcile();
      const sts = getSts(c);
      expect(allPods(c).map((p) => p.metadata.uid)).toEqual(uids);
      expect(allPods(c).map((p) => p.metadata.ownerReferences?.[0]?.uid)).toEqual([
        sts.metadata.uid,
        sts.metadata.uid,
      ]);
      expect(
        c
          .view()
          .objects.list('ControllerRevision')
          .map((r) => r.metadata.name),
      ).toEqual([revision]);
      expect(sts.status).toEqual(
        expect.objectContaining({ currentRevision: revision, updateRevision: revision, readyReplicas: 2 }),
      );
    });
  });

  describe('C-37 PVC retention policy', () => {
    it('whenScaled: Delete gives condemned claims an ownerReference to their pod, one ordinal at a time', () => {
      const c = readyCluster(
        { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' } },
        { terminationSeconds: 5 },
      );
      for (const name of ['www-web-0', 'www-web-1', 'www-web-2'])
        expect(c.get('PersistentVolumeClaim', 'default', name)?.metadata.ownerReferences).toBeUndefined();
      const web2 = pod(c, 'web-2');
      updateSpec(c, (s) => ({ ...s, replicas: 1 }));
      expect(c.get('PersistentVolumeClaim', 'default', 'www-web-2')?.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'v1',
          kind: 'Pod',
          name: 'web-2',
          uid: web2.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(c.get('PersistentVolumeClaim', 'default', 'www-web-1')?.metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'Pod', name: 'web-1', uid: pod(c, 'web-1').metadata.uid }),
      ]);
      c.advance(20 * SECOND);
      expect(names(allPods(c))).toEqual(['web-0']);
      expect(
        c.get('PersistentVolumeClaim', 'default', 'www-web-0')?.metadata.ownerReferences,
      ).toBeUndefined();
    });

    it('does not recreate a pod while its claim is still owned by the previous pod (stale claim)', () => {
      const c = readyCluster(
        { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' } },
        { terminationSeconds: 5 },
      );
      updateSpec(c, (s) => ({ ...s, replicas: 2 }));
      c.advance(10 * SECOND);
      expect(names(allPods(c))).toEqual(['web-0', 'web-1']);
      // Without the garbage collector the claim is never removed, so web-2 must not come back on it.
      updateSpec(c, (s) => ({ ...s, replicas: 3 }));
      expect(names(allPods(c))).toEqual(['web-0', 'web-1']);
      const claim = c.get('PersistentVolumeClaim', 'default', 'www-web-2')!;
      c.update({ ...claim, metadata: { ...claim.metadata, ownerReferences: [] } });
      c.reconcile();
      expect(names(allPods(c))).toEqual(['web-0', 'web-1', 'web-2']);
    });

    it('whenDeleted: Delete makes the StatefulSet the owner of every claim', () => {
      const c = readyCluster({
        persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain', whenDeleted: 'Delete' },
      });
      const uid = getSts(c).metadata.uid;
      for (const claim of claims(c))
        expect(claim.metadata.ownerReferences).toEqual([
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'web',
            uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ]);
    });

    it('applies a policy changed later to existing claims', () => {
      const c = readyCluster();
      updateSpec(c, (s) => ({
        ...s,
        persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain', whenDeleted: 'Delete' },
      }));
      const uid = getSts(c).metadata.uid;
      expect(claims(c).map((x) => x.metadata.ownerReferences?.[0]?.uid)).toEqual([uid, uid, uid]);
    });
  });

  describe('rollout status (spec B.3)', () => {
    const base = (spec: Partial<Spec>, status: Partial<NonNullable<StatefulSet['status']>>, generation = 2) =>
      ({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'web', generation },
        spec: {
          replicas: 3,
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
          ...spec,
        },
        status: { replicas: 3, observedGeneration: 2, ...status },
      }) as unknown as StatefulSet;

    it.each([
      [
        'not observed',
        base({}, { observedGeneration: 1 }),
        'Waiting for statefulset spec update to be observed...\n',
        false,
      ],
      [
        'never observed',
        base({}, { observedGeneration: 0 }, 0),
        'Waiting for statefulset spec update to be observed...\n',
        false,
      ],
      ['pods not ready', base({}, { readyReplicas: 1 }), 'Waiting for 2 pods to be ready...\n', false],
      [
        'partition pending',
        base(
          { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
          { readyReplicas: 3, updatedReplicas: 1 },
        ),
        'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...\n',
        false,
      ],
      [
        'partition complete',
        base(
          { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
          { readyReplicas: 3, updatedReplicas: 2 },
        ),
        'partitioned roll out complete: 2 new pods have been updated...\n',
        true,
      ],
      [
        'no rollingUpdate, revisions differ',
        base(
          { updateStrategy: { type: 'RollingUpdate' } },
          { readyReplicas: 3, updatedReplicas: 1, currentRevision: 'web-a', updateRevision: 'web-b' },
        ),
        'waiting for statefulset rolling update to complete 1 pods at revision web-b...\n',
        false,
      ],
      [
        'no rollingUpdate, complete',
        base(
          { updateStrategy: { type: 'RollingUpdate' } },
          { readyReplicas: 3, currentReplicas: 3, currentRevision: 'web-b', updateRevision: 'web-b' },
        ),
        'statefulset rolling update complete 3 pods at revision web-b...\n',
        true,
      ],
    ])('%s', (_name, sts, message, done) => {
      expect(statefulSetRolloutStatus(sts)).toEqual({ message, done });
    });
  });

  describe('properties', () => {
    it('creates pods in ordinal order, one not-ready pod at a time, under random readiness orders', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 6 }),
          fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
          (replicas, choices) => {
            const c = setup();
            c.create(web({ replicas }));
            c.reconcile();
            const created: string[] = [];
            const record = () => {
              for (const p of allPods(c))
                if (!created.includes(p.metadata.name)) created.push(p.metadata.name);
            };
            record();
            for (const choice of [...choices, ...Array<number>(replicas).fill(0)]) {
              const notReady = allPods(c).filter((p) => !isReady(p));
              expect(notReady.length).toBeLessThanOrEqual(1);
              const target = notReady[choice % Math.max(notReady.length, 1)];
              if (!target) break;
              // Readiness flaps on random pods (ready pods may become not ready and back).
              if (choice % 3 === 0 && allPods(c).length > 1) {
                const victim = allPods(c)[choice % allPods(c).length]!;
                makePodsRunningNotReady(c, (p) => p.metadata.name === victim.metadata.name);
              }
              makePodsReady(c, (p) => p.metadata.name === target.metadata.name);
              record();
            }
            readyWaves(c);
            record();
            const expected = Array.from({ length: replicas }, (_, i) => `web-${i}`);
            expect(created).toEqual(expected);
            expect(names(allPods(c))).toEqual(expected);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('OrderedReady scaling keeps ordinals contiguous with at most one pod in transition', () => {
      type Step = { kind: 'scale'; to: number } | { kind: 'ready' } | { kind: 'wait' };
      const step: fc.Arbitrary<Step> = fc.oneof(
        fc.record({ kind: fc.constant('scale' as const), to: fc.integer({ min: 0, max: 5 }) }),
        fc.record({ kind: fc.constant('ready' as const) }),
        fc.record({ kind: fc.constant('wait' as const) }),
      );
      fc.assert(
        fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
          const c = setup({ terminationSeconds: 2 });
          c.create(web({ replicas: 2 }));
          c.reconcile();
          let replicas = 2;
          const check = () => {
            const ordinals = allPods(c).map((p) => Number(p.metadata.name.slice('web-'.length)));
            expect(ordinals).toEqual(ordinals.map((_, i) => i));
            const inTransition = allPods(c).filter((p) => p.metadata.deletionTimestamp || !isReady(p));
            expect(inTransition.length).toBeLessThanOrEqual(1);
          };
          for (const s of steps) {
            if (s.kind === 'scale') {
              replicas = s.to;
              updateSpec(c, (spec) => ({ ...spec, replicas: s.to }));
            } else if (s.kind === 'ready') makePodsReady(c);
            else c.advance(SECOND);
            check();
          }
          for (let i = 0; i < 30; i++) {
            makePodsReady(c);
            c.advance(SECOND);
            check();
          }
          expect(names(allPods(c))).toEqual(Array.from({ length: replicas }, (_, i) => `web-${i}`));
        }),
        { numRuns: 60 },
      );
    });

    it('is deterministic: same seed and inputs, same event stream', () => {
      const run = () => {
        const c = readyCluster({ replicas: 4 }, { terminationSeconds: 5 });
        updateSpec(c, (s) => withImage({ ...s, replicas: 2 }, 'nginx:1.26'));
        c.advance(30 * SECOND);
        readyWaves(c);
        return JSON.stringify(c.newEvents());
      };
      expect(run()).toBe(run());
    });
  });
});

function withImageObject(sts: StatefulSet, image: string): StatefulSet {
  return { ...sts, spec: withImage(sts.spec, image) };
}
