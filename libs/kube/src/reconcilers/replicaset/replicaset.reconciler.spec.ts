import type { ObjectInput } from '../../api-server/api-server';
import type { Pod } from '../../api/pod';
import type { ReplicaSet } from '../../api/workloads';
import { Rng } from '../../rng/rng';
import { Cluster } from '../../runtime/cluster';
import { setCondition } from '../shared/conditions';
import { makePodsReady, testKubelet } from '../../testing/test-kubelet';
import { HOUR, MINUTE, rfc3339 } from '../../time/time';
import { controllerRef } from '../shared/owners';
import { BURST_REPLICAS, replicaSetReconciler } from './replicaset.reconciler';

function replicaSet(name: string, replicas: number, extra: Partial<ReplicaSet['spec']> = {}): ObjectInput {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
      },
      ...extra,
    },
  } as ObjectInput;
}

function cluster(options: { kubelet?: boolean; terminationSeconds?: number } = {}): Cluster {
  return Cluster.create({
    reconcilers: [
      replicaSetReconciler(),
      ...(options.kubelet === false
        ? []
        : [testKubelet({ terminationSeconds: options.terminationSeconds ?? 0 })]),
    ],
    freezeObjects: true,
  });
}

const rsOf = (c: Cluster, name = 'fe') => c.get('ReplicaSet', 'default', name) as ReplicaSet;
const podsOf = (c: Cluster, app = 'fe') =>
  c
    .view()
    .objects.list('Pod', 'default')
    .filter((p) => p.metadata.labels?.['app'] === app);
const live = (pods: Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
const notes = (c: Cluster, reason: string) =>
  c
    .newEvents()
    .flatMap((e) => e.notes ?? [])
    .filter((n) => n.reason === reason);

function scale(c: Cluster, replicas: number, name = 'fe'): void {
  const rs = rsOf(c, name);
  const result = c.update({ ...rs, spec: { ...rs.spec, replicas } });
  if (!result.ok) throw new Error(result.error.message);
  c.reconcile();
}

describe('ReplicaSet controller', () => {
  it('creates the pods from the template with generateName, labels, the controller ref and events', () => {
    const c = cluster();
    c.create(replicaSet('fe', 3));
    c.reconcile();
    const rs = rsOf(c);
    const pods = podsOf(c);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^fe-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe('fe-');
      expect(p.metadata.labels).toEqual({ app: 'fe' });
      expect(controllerRef(p)).toEqual({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'fe',
        uid: rs.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      });
    }
    expect(
      notes(c, 'SuccessfulCreate')
        .map((n) => n.message)
        .sort(),
    ).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(notes(c, 'SuccessfulCreate')[0]).toMatchObject({
      type: 'Normal',
      involvedObject: { kind: 'ReplicaSet', name: 'fe', uid: rs.metadata.uid },
      source: { component: 'replicaset-controller' },
    });
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    makePodsReady(c);
    expect(rsOf(c).status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
  });

  it('truncates a long name prefix to 58 characters', () => {
    const c = cluster();
    const name = 'a'.repeat(62);
    c.create(replicaSet(name, 1));
    c.reconcile();
    const [p] = podsOf(c, name);
    expect(p?.metadata.name).toHaveLength(63);
    expect(p?.metadata.name.startsWith('a'.repeat(58))).toBe(true);
    expect(p?.metadata.generateName).toBe(`${name}-`);
  });

  it('creates at most 500 pods per sync', () => {
    const c = cluster({ kubelet: false });
    c.create(replicaSet('big', 1200));
    const view = c.view();
    const writes = replicaSetReconciler().reconcile({ view, now: view.now, rng: (s) => new Rng(1, s) });
    expect(writes.filter((w) => w.op === 'create')).toHaveLength(BURST_REPLICAS);
    c.reconcile();
    expect(podsOf(c, 'big')).toHaveLength(1200);
  });

  it('replaces a terminating pod at once and does not count it', () => {
    const c = cluster({ terminationSeconds: 30 });
    c.create(replicaSet('fe', 3));
    c.reconcile();
    makePodsReady(c);
    const victim = podsOf(c)[0] as Pod;
    c.delete('Pod', 'default', victim.metadata.name);
    c.reconcile();
    expect(podsOf(c)).toHaveLength(4);
    expect(live(podsOf(c))).toHaveLength(3);
    expect(rsOf(c).status).toMatchObject({ replicas: 3, readyReplicas: 2 });
    c.advance(30_000);
    expect(podsOf(c)).toHaveLength(3);
  });

  it('reports availability minReadySeconds after readiness, waking up at that instant', () => {
    const c = cluster();
    c.create(replicaSet('fe', 2, { minReadySeconds: 10 }));
    c.reconcile();
    makePodsReady(c);
    expect(rsOf(c).status).toMatchObject({ readyReplicas: 2 });
    expect(rsOf(c).status?.availableReplicas).toBeUndefined();
    const readyAt = c.now;
    expect(c.nextTimerAt()).toBe(readyAt + 10_000);
    c.advance(9_999);
    expect(rsOf(c).status?.availableReplicas).toBeUndefined();
    c.advance(1);
    expect(rsOf(c).status?.availableReplicas).toBe(2);
    expect(c.nextTimerAt()).toBeUndefined();
  });

  it('adopts a matching orphan and deletes the excess by ranking', () => {
    const c = cluster();
    c.create(replicaSet('fe', 2));
    c.reconcile();
    makePodsReady(c);
    c.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', labels: { app: 'fe' } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
    } as ObjectInput);
    c.reconcile();
    // The stray pod was adopted; not ready, so it is the one deleted.
    expect(notes(c, 'SuccessfulDelete').map((n) => n.message)).toEqual(['Deleted pod: stray']);
    expect(live(podsOf(c))).toHaveLength(2);
  });

  it('does not adopt or create while being deleted', () => {
    const c = cluster();
    c.create(replicaSet('fe', 2));
    c.reconcile();
    c.delete('ReplicaSet', 'default', 'fe', { propagationPolicy: 'Orphan' });
    c.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', labels: { app: 'fe' } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
    } as ObjectInput);
    c.delete('Pod', 'default', podsOf(c).find((p) => p.metadata.name !== 'stray')?.metadata.name as string);
    c.reconcile();
    expect(controllerRef(c.get('Pod', 'default', 'stray') as Pod)).toBeUndefined();
    expect(live(podsOf(c))).toHaveLength(2);
  });
});

describe('C-25 scale-down victim ranking', () => {
  it('deletes a, b, c (criteria 1–3), then e (more recently ready)', () => {
    const c = cluster({ kubelet: false });
    c.advance(3 * HOUR);
    const now = c.now;
    const shapes: Record<string, { node?: string; phase: 'Pending' | 'Running'; readySince?: number }> = {
      a: { phase: 'Pending' },
      b: { node: 'worker-1', phase: 'Pending' },
      c: { node: 'worker-2', phase: 'Running' },
      d: { node: 'worker-3', phase: 'Running', readySince: now - 2 * HOUR },
      e: { node: 'worker-1', phase: 'Running', readySince: now - 3 * MINUTE },
    };
    for (const [name, shape] of Object.entries(shapes)) {
      c.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { app: 'fe' } },
        spec: {
          containers: [{ name: 'c', image: 'nginx:1.25' }],
          ...(shape.node ? { nodeName: shape.node } : {}),
        },
      } as ObjectInput);
      const pod = c.get('Pod', 'default', name) as Pod;
      const conditions =
        shape.readySince !== undefined
          ? setCondition([], { type: 'Ready', status: 'True' }, rfc3339(shape.readySince))
          : setCondition([], { type: 'Ready', status: 'False' }, rfc3339(now));
      c.update({ ...pod, status: { phase: shape.phase, conditions } });
    }
    c.create(replicaSet('fe', 5));
    c.reconcile();
    expect(podsOf(c).every((p) => controllerRef(p)?.name === 'fe')).toBe(true);
    expect(notes(c, 'SuccessfulCreate')).toHaveLength(0);

    scale(c, 2);
    expect(notes(c, 'SuccessfulDelete').map((n) => n.message)).toEqual([
      'Deleted pod: a',
      'Deleted pod: b',
      'Deleted pod: c',
    ]);
    expect(live(podsOf(c)).map((p) => p.metadata.name)).toEqual(['d', 'e']);
    scale(c, 1);
    expect(notes(c, 'SuccessfulDelete').at(-1)?.message).toBe('Deleted pod: e');
    expect(live(podsOf(c)).map((p) => p.metadata.name)).toEqual(['d']);
  });
});

describe('C-27 pod-deletion-cost', () => {
  it.each([0, 1, 2])('the annotated pod (#%i) is the one deleted', (index) => {
    const c = cluster();
    c.create(replicaSet('fe', 3));
    c.reconcile();
    makePodsReady(c);
    expect(new Set(podsOf(c).map((p) => p.spec.nodeName)).size).toBe(3);
    const target = podsOf(c)[index] as Pod;
    c.update({
      ...target,
      metadata: {
        ...target.metadata,
        annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-100' },
      },
    });
    scale(c, 2);
    expect(notes(c, 'SuccessfulDelete').map((n) => n.message)).toEqual([
      `Deleted pod: ${target.metadata.name}`,
    ]);
  });
});

describe('C-29 relabeling a pod releases it', () => {
  it('the relabelled pod loses its ownerReference and keeps running; a replacement is created', () => {
    const c = cluster();
    c.create(replicaSet('fe', 3));
    c.reconcile();
    makePodsReady(c);
    const target = podsOf(c)[0] as Pod;
    c.update({ ...target, metadata: { ...target.metadata, labels: { app: 'debug' } } });
    c.reconcile();
    const released = c.get('Pod', 'default', target.metadata.name) as Pod;
    expect(released.metadata.ownerReferences).toBeUndefined();
    expect(released.metadata.deletionTimestamp).toBeUndefined();
    expect(released.status?.phase).toBe('Running');
    expect(live(podsOf(c))).toHaveLength(3);
    expect(podsOf(c).some((p) => p.metadata.name === target.metadata.name)).toBe(false);
    expect(rsOf(c).status).toMatchObject({ replicas: 3, readyReplicas: 2 });
  });
});
