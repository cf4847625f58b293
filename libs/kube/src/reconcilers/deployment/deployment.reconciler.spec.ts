// Spec section C's Deployment scenarios at controller level, walked in waves (T0 = quiescent after the action,
// T1… = after every currently not-ready new pod became Ready).
import type { Deployment } from '../../api/workloads';
import { Cluster } from '../../runtime/cluster';
import { parseTime } from '../../time/time';
import { replicaSetReconciler } from '../replicaset/replicaset.reconciler';
import { deploymentReconciler } from './deployment.reconciler';
import { makePodsReady, testKubelet } from '../../testing/test-kubelet';
import { controllerRef } from '../shared/owners';
import { deploymentRolloutStatus, revisionOf } from './deployment-util';
import {
  condition,
  deploymentCluster,
  eventMessages,
  getDeployment,
  livePods,
  patchSpec,
  replicaSets,
  setImage,
  specCounts,
  webDeployment,
} from './deployment-test-helpers';

const HASH = /^[4-9bcdf]{1,10}$/;
const rolling = (
  maxSurge: number | string,
  maxUnavailable: number | string,
): Partial<Deployment['spec']> => ({
  strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
});

function created(replicas: number, spec: Partial<Deployment['spec']> = {}, seed = 1) {
  const cluster = deploymentCluster({ seed });
  const result = cluster.create(webDeployment(replicas, spec));
  if (!result.ok) throw new Error(result.error.message);
  cluster.reconcile();
  return cluster;
}

/** A Deployment complete at revision 1. */
function complete(replicas: number, spec: Partial<Deployment['spec']> = {}, seed = 1) {
  const cluster = created(replicas, spec, seed);
  makePodsReady(cluster);
  return cluster;
}

const statusLine = (cluster: ReturnType<typeof created>) =>
  deploymentRolloutStatus(getDeployment(cluster)).message;

describe('C-01 create a Deployment', () => {
  it('T0: one ReplicaSet web-<hash> with the annotations, 3 labelled owned pods, status and conditions', () => {
    const cluster = created(3);
    const [rs, ...others] = replicaSets(cluster);
    expect(others).toHaveLength(0);
    if (!rs) throw new Error('no rs');
    const hash = rs.metadata.labels?.['pod-template-hash'] as string;
    expect(hash).toMatch(HASH);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.replicas).toBe(3);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.template.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    const pods = livePods(cluster);
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(pod.metadata.generateName).toBe(`web-${hash}-`);
      expect(pod.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(pod.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name,
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    const d = getDeployment(cluster);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      unavailableReplicas: 3,
    });
    expect(d.status?.readyReplicas ?? 0).toBe(0);
    expect(d.status?.availableReplicas ?? 0).toBe(0);
    expect(condition(d, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "web-${hash}" is progressing.`,
    });
    expect(eventMessages(cluster, 'ScalingReplicaSet')).toEqual([
      `Scaled up replica set web-${hash} from 0 to 3`,
    ]);
    expect([...eventMessages(cluster, 'SuccessfulCreate')].sort()).toEqual(
      pods.map((p) => `Created pod: ${p.metadata.name}`).sort(),
    );
    expect(statusLine(cluster)).toBe(
      'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...\n',
    );
  });

  it('reports NewReplicaSetCreated before the ReplicaSet has reported its pods', () => {
    const cluster = deploymentCluster();
    cluster.create(webDeployment(3));
    const creations = cluster.newEvents().length;
    cluster.reconcile();
    const firstStatus = cluster
      .newEvents()
      .slice(creations)
      .find((e) => e.type === 'ObjectUpdated' && e.data.object.kind === 'Deployment');
    expect(
      firstStatus?.type === 'ObjectUpdated' && (firstStatus.data.object as Deployment).status?.conditions,
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'Progressing',
          reason: 'NewReplicaSetCreated',
          message: expect.stringMatching(/^Created new replica set "web-[4-9bcdf]+"$/),
        }),
      ]),
    );
  });

  it('T1: Available and NewReplicaSetAvailable, rollout done', () => {
    const cluster = complete(3);
    const d = getDeployment(cluster);
    const name = replicaSets(cluster)[0]?.metadata.name;
    expect(d.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status?.unavailableReplicas).toBeUndefined();
    expect(condition(d, 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${name}" has successfully progressed.`,
    });
    expect(d.status?.conditions?.map((c) => c.type)).toEqual(['Available', 'Progressing']);
    expect(statusLine(cluster)).toBe('deployment "web" successfully rolled out\n');
    expect(cluster.nextTimerAt()).toBeUndefined();
  });

  it("uses the older 'to' wording when configured", () => {
    const cluster = deploymentCluster({ config: { scalingEventWording: 'to' } });
    cluster.create(webDeployment(3));
    cluster.reconcile();
    expect(eventMessages(cluster, 'ScalingReplicaSet')).toEqual([
      `Scaled up replica set ${replicaSets(cluster)[0]?.metadata.name} to 3`,
    ]);
  });
});

describe('C-02 rolling update walk: replicas 4, maxSurge 1, maxUnavailable 1', () => {
  it('walks (3,2) → (1,4) → (0,4) with the event sequence and statuses of the spec', () => {
    const cluster = complete(4, rolling(1, 1));
    const before = eventMessages(cluster, 'ScalingReplicaSet').length;
    setImage(cluster, 'nginx:1.26');
    const [a, b] = replicaSets(cluster).map((rs) => rs.metadata.name);
    // T0
    expect(specCounts(cluster)).toEqual([3, 2]);
    expect(replicaSets(cluster)[1]?.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '2',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
    expect(getDeployment(cluster).status).toMatchObject({
      replicas: 5,
      updatedReplicas: 2,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 2,
    });
    expect(livePods(cluster)).toHaveLength(5);
    expect(eventMessages(cluster, 'ScalingReplicaSet').slice(before)).toEqual([
      `Scaled up replica set ${b} from 0 to 1`,
      `Scaled down replica set ${a} from 4 to 3`,
      `Scaled up replica set ${b} from 1 to 2`,
    ]);
    expect(statusLine(cluster)).toBe(
      'Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas have been updated...\n',
    );
    // T1
    makePodsReady(cluster);
    expect(specCounts(cluster)).toEqual([1, 4]);
    expect(getDeployment(cluster).status).toMatchObject({
      replicas: 5,
      updatedReplicas: 4,
      availableReplicas: 3,
    });
    expect(statusLine(cluster)).toBe(
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n',
    );
    // T2
    makePodsReady(cluster);
    expect(specCounts(cluster)).toEqual([0, 4]);
    const d = getDeployment(cluster);
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(statusLine(cluster)).toBe('deployment "web" successfully rolled out\n');
    expect(replicaSets(cluster).map(revisionOf)).toEqual([1, 2]);
    expect(replicaSets(cluster)[0]?.status).toMatchObject({ replicas: 0 });
    expect(eventMessages(cluster, 'ScalingReplicaSet').slice(before)).toEqual([
      `Scaled up replica set ${b} from 0 to 1`,
      `Scaled down replica set ${a} from 4 to 3`,
      `Scaled up replica set ${b} from 1 to 2`,
      `Scaled down replica set ${a} from 3 to 1`,
      `Scaled up replica set ${b} from 2 to 4`,
      `Scaled down replica set ${a} from 1 to 0`,
    ]);
  });
});

describe('C-03 percent rounding: replicas 10, 25%/25%', () => {
  it('walks (8,5) → (3,10) → (0,10) with max-replicas 13', () => {
    const cluster = complete(10);
    setImage(cluster, 'nginx:1.26');
    expect(specCounts(cluster)).toEqual([8, 5]);
    expect(replicaSets(cluster)[1]?.metadata.annotations?.['deployment.kubernetes.io/max-replicas']).toBe(
      '13',
    );
    expect(statusLine(cluster)).toBe(
      'Waiting for deployment "web" rollout to finish: 5 out of 10 new replicas have been updated...\n',
    );
    makePodsReady(cluster);
    expect(specCounts(cluster)).toEqual([3, 10]);
    expect(statusLine(cluster)).toBe(
      'Waiting for deployment "web" rollout to finish: 3 old replicas are pending termination...\n',
    );
    makePodsReady(cluster);
    expect(specCounts(cluster)).toEqual([0, 10]);
  });
});

describe('C-07 stalled rollout: new pods never become ready', () => {
  it('stays at (3,2), keeps Available, and times out progressing after the deadline', () => {
    const cluster = complete(4, rolling(1, 1));
    const t0 = cluster.now;
    setImage(cluster, 'nginx:doesnotexist');
    const b = replicaSets(cluster)[1]?.metadata.name;
    expect(specCounts(cluster)).toEqual([3, 2]);
    const d0 = getDeployment(cluster);
    expect(d0.status).toMatchObject({
      replicas: 5,
      updatedReplicas: 2,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 2,
    });
    expect(condition(d0, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(condition(d0, 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    // The deadline timer: lastUpdateTime + 600 s, re-checked a second later.
    const lastUpdate = parseTime(condition(d0, 'Progressing')?.lastUpdateTime) as number;
    expect(cluster.nextTimerAt()).toBe(lastUpdate + 601_000);
    cluster.advanceTo(t0 + 600_000);
    expect(condition(getDeployment(cluster), 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    expect(statusLine(cluster)).toBe(
      'Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas have been updated...\n',
    );
    cluster.advance(1_000);
    const d1 = getDeployment(cluster);
    expect(condition(d1, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${b}" has timed out progressing.`,
    });
    expect(specCounts(cluster)).toEqual([3, 2]);
    expect(deploymentRolloutStatus(d1)).toEqual({
      message: '',
      done: false,
      error: 'deployment "web" exceeded its progress deadline',
    });
    expect(cluster.nextTimerAt()).toBeUndefined();
    cluster.advance(3_600_000);
    expect(specCounts(cluster)).toEqual([3, 2]);
  });

  it('variant replicas 3 with the default strategy is stuck at (3,1)', () => {
    const cluster = complete(3);
    setImage(cluster, 'nginx:doesnotexist');
    expect(specCounts(cluster)).toEqual([3, 1]);
    expect(getDeployment(cluster).status).toMatchObject({
      readyReplicas: 3,
      updatedReplicas: 1,
      availableReplicas: 3,
    });
    expect(statusLine(cluster)).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    );
  });

  it('progress made later moves the deadline', () => {
    const cluster = complete(4, rolling(1, 1));
    setImage(cluster, 'nginx:1.26');
    cluster.advance(300_000);
    makePodsReady(
      cluster,
      (p) =>
        p.metadata.labels?.['pod-template-hash'] ===
        replicaSets(cluster)[1]?.metadata.labels?.['pod-template-hash'],
    );
    const cond = condition(getDeployment(cluster), 'Progressing');
    expect(parseTime(cond?.lastUpdateTime)).toBe(cluster.now);
    expect(cluster.nextTimerAt()).toBe(cluster.now + 601_000);
  });
});

function withCause(cluster: ReturnType<typeof created>, image: string, cause: string) {
  const d = getDeployment(cluster);
  const containers = d.spec.template.spec.containers.map((c) => ({ ...c, image }));
  const result = cluster.update({
    ...d,
    metadata: {
      ...d.metadata,
      annotations: { ...(d.metadata.annotations ?? {}), 'kubernetes.io/change-cause': cause },
    },
    spec: { ...d.spec, template: { ...d.spec.template, spec: { ...d.spec.template.spec, containers } } },
  });
  if (!result.ok) throw new Error(result.error.message);
  cluster.reconcile();
  while (makePodsReady(cluster) > 0);
}

function history(cluster: ReturnType<typeof created>) {
  return replicaSets(cluster).map((rs) => [
    revisionOf(rs),
    rs.metadata.annotations?.['kubernetes.io/change-cause'] ?? '<none>',
  ]);
}

describe('C-09 roll back to a specific revision', () => {
  it('the RS of revision 1 becomes revision 4 with revision-history 1 and takes the replicas again', () => {
    const cluster = deploymentCluster();
    cluster.create({
      ...webDeployment(2, {}, 'nginx:1.24'),
      metadata: { name: 'web', annotations: { 'kubernetes.io/change-cause': 'v1.24' } },
    });
    cluster.reconcile();
    while (makePodsReady(cluster) > 0);
    cluster.advance(60_000);
    withCause(cluster, 'nginx:1.25', 'v1.25');
    cluster.advance(60_000);
    withCause(cluster, 'nginx:1.26', 'v1.26');
    expect(history(cluster)).toEqual([
      [1, 'v1.24'],
      [2, 'v1.25'],
      [3, 'v1.26'],
    ]);
    // kubectl rollout undo --to-revision=1: template of revision 1 (hash label removed) and its annotations.
    const target = replicaSets(cluster)[0];
    if (!target) throw new Error('no rs');
    const d = getDeployment(cluster);
    const labels = { ...(target.spec.template.metadata?.labels ?? {}) };
    delete labels['pod-template-hash'];
    cluster.advance(60_000);
    const undo = cluster.update({
      ...d,
      metadata: {
        ...d.metadata,
        annotations: { ...d.metadata.annotations, 'kubernetes.io/change-cause': 'v1.24' },
      },
      spec: {
        ...d.spec,
        template: { ...target.spec.template, metadata: { ...target.spec.template.metadata, labels } },
      },
    });
    expect(undo.ok).toBe(true);
    cluster.reconcile();
    while (makePodsReady(cluster) > 0);
    const after = getDeployment(cluster);
    expect(after.spec.template.spec.containers[0]?.image).toBe('nginx:1.24');
    expect(after.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
    const rolledBack = cluster.get('ReplicaSet', 'default', target.metadata.name);
    expect(rolledBack?.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '4',
      'deployment.kubernetes.io/revision-history': '1',
      'kubernetes.io/change-cause': 'v1.24',
    });
    expect(rolledBack?.spec.replicas).toBe(2);
    expect(history(cluster)).toEqual([
      [2, 'v1.25'],
      [3, 'v1.26'],
      [4, 'v1.24'],
    ]);
    expect(specCounts(cluster)).toEqual([0, 0, 2]);
    expect(replicaSets(cluster)).toHaveLength(3);
  });
});

describe('C-12 paused Deployment: several edits, one rollout', () => {
  it('accumulates edits without a new RS, then rolls out one new revision on resume', () => {
    const cluster = complete(3);
    patchSpec(cluster, { paused: true });
    setImage(cluster, 'nginx:1.26');
    const d = getDeployment(cluster);
    const withEnv = d.spec.template.spec.containers.map((c) => ({
      ...c,
      env: [{ name: 'FOO', value: 'bar' }],
    }));
    patchSpec(cluster, {
      template: { ...d.spec.template, spec: { ...d.spec.template.spec, containers: withEnv } },
    });
    const d2 = getDeployment(cluster);
    const withLimits = d2.spec.template.spec.containers.map((c) => ({
      ...c,
      resources: { limits: { cpu: '200m' } },
    }));
    patchSpec(cluster, {
      template: { ...d2.spec.template, spec: { ...d2.spec.template.spec, containers: withLimits } },
    });

    const p = getDeployment(cluster);
    expect(replicaSets(cluster)).toHaveLength(1);
    expect(livePods(cluster)).toHaveLength(3);
    expect(p.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(p.metadata.generation).toBe(5);
    expect(p.status?.observedGeneration).toBe(5);
    expect(p.status?.updatedReplicas ?? 0).toBe(0);
    expect(p.status).toMatchObject({ readyReplicas: 3, availableReplicas: 3 });
    expect(condition(p, 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    expect(statusLine(cluster)).toBe(
      'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...\n',
    );
    expect(cluster.nextTimerAt()).toBeUndefined();

    patchSpec(cluster, { paused: false });
    expect(replicaSets(cluster)).toHaveLength(2);
    while (makePodsReady(cluster) > 0);
    const final = getDeployment(cluster);
    expect(replicaSets(cluster).map(revisionOf)).toEqual([1, 2]);
    expect(specCounts(cluster)).toEqual([0, 3]);
    const container = replicaSets(cluster)[1]?.spec.template.spec.containers[0];
    expect(container).toMatchObject({
      image: 'nginx:1.26',
      env: [{ name: 'FOO', value: 'bar' }],
      resources: { limits: { cpu: '200m' } },
    });
    expect(condition(final, 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('reports DeploymentResumed on resume and scales proportionally while paused', () => {
    const cluster = complete(3);
    patchSpec(cluster, { paused: true });
    patchSpec(cluster, { replicas: 5 });
    expect(specCounts(cluster)).toEqual([5]);
    patchSpec(cluster, { paused: false });
    // No template change: resuming only flips the condition, and the complete rollout is re-confirmed.
    const events = cluster.newEvents();
    const statuses = events
      .filter(
        (e) =>
          e.type === 'ObjectUpdated' && e.data.object.kind === 'Deployment' && e.actor.type === 'controller',
      )
      .map((e) => (e.type === 'ObjectUpdated' ? (e.data.object as Deployment) : undefined));
    expect(
      statuses.some((d) => condition(d as Deployment, 'Progressing')?.reason === 'DeploymentResumed'),
    ).toBe(true);
  });
});

describe('C-15 plain scale', () => {
  it('scales the same RS 3 → 5 with new annotations, same revision', () => {
    const cluster = complete(3);
    const rs = replicaSets(cluster)[0];
    const generation = getDeployment(cluster).metadata.generation as number;
    patchSpec(cluster, { replicas: 5 });
    expect(getDeployment(cluster).metadata.generation).toBe(generation + 1);
    expect(replicaSets(cluster)).toHaveLength(1);
    expect(specCounts(cluster)).toEqual([5]);
    expect(replicaSets(cluster)[0]?.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '5',
      'deployment.kubernetes.io/max-replicas': '7',
    });
    expect(eventMessages(cluster, 'ScalingReplicaSet').at(-1)).toBe(
      `Scaled up replica set ${rs?.metadata.name} from 3 to 5`,
    );
    expect(livePods(cluster)).toHaveLength(5);
  });
});

describe('proportional scaling during a rollout (A.2.6)', () => {
  it('replicas 10 (surge 3, unavailable 2) at (8,5) scaled to 15 → (11,7)', () => {
    const cluster = complete(10, rolling(3, 2));
    setImage(cluster, 'nginx:1.26');
    expect(specCounts(cluster)).toEqual([8, 5]);
    const [a, b] = replicaSets(cluster).map((rs) => rs.metadata.name);
    const before = eventMessages(cluster, 'ScalingReplicaSet').length;
    patchSpec(cluster, { replicas: 15 });
    expect(specCounts(cluster)).toEqual([11, 7]);
    expect(eventMessages(cluster, 'ScalingReplicaSet').slice(before)).toEqual([
      `Scaled up replica set ${a} from 8 to 11`,
      `Scaled up replica set ${b} from 5 to 7`,
    ]);
    for (const rs of replicaSets(cluster))
      expect(rs.metadata.annotations).toMatchObject({
        'deployment.kubernetes.io/desired-replicas': '15',
        'deployment.kubernetes.io/max-replicas': '18',
      });
    while (makePodsReady(cluster) > 0);
    expect(specCounts(cluster)).toEqual([0, 15]);
  });
});

describe('C-16 Recreate', () => {
  it('scales the old RS to 0, waits for its pods to go, then creates the new RS at full size', () => {
    const cluster = deploymentCluster({ terminationSeconds: 30 });
    cluster.create(webDeployment(3, { strategy: { type: 'Recreate' } }));
    cluster.reconcile();
    makePodsReady(cluster);
    const a = replicaSets(cluster)[0]?.metadata.name;
    const start = cluster.newEvents().length;
    setImage(cluster, 'nginx:1.26');
    // T0
    expect(eventMessages(cluster, 'ScalingReplicaSet').at(-1)).toBe(
      `Scaled down replica set ${a} from 3 to 0`,
    );
    expect(replicaSets(cluster)).toHaveLength(1);
    const terminating = cluster
      .view()
      .objects.list('Pod')
      .filter((p) => p.metadata.deletionTimestamp);
    expect(terminating).toHaveLength(3);
    const d0 = getDeployment(cluster);
    expect(d0.status?.replicas ?? 0).toBe(0);
    expect(d0.status?.updatedReplicas ?? 0).toBe(0);
    expect(d0.status?.availableReplicas ?? 0).toBe(0);
    expect(condition(d0, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    expect(statusLine(cluster)).toBe(
      'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...\n',
    );
    // T0′: the old pods are gone
    cluster.advance(30_000);
    const rss = replicaSets(cluster);
    expect(rss).toHaveLength(2);
    expect(specCounts(cluster)).toEqual([0, 3]);
    expect(eventMessages(cluster, 'ScalingReplicaSet').at(-1)).toBe(
      `Scaled up replica set ${rss[1]?.metadata.name} from 0 to 3`,
    );
    expect(revisionOf(rss[1] as never)).toBe(2);
    makePodsReady(cluster);
    expect(statusLine(cluster)).toBe('deployment "web" successfully rolled out\n');
    // At no moment do old and new pods coexist.
    const oldUid = rss[0]?.metadata.uid;
    const newUid = rss[1]?.metadata.uid;
    const live = new Map<string, string | undefined>();
    for (const event of cluster.newEvents().slice(start)) {
      if (event.type === 'ObjectCreated' && event.data.object.kind === 'Pod') {
        live.set(event.data.object.metadata.uid, controllerRef(event.data.object)?.uid);
        if (controllerRef(event.data.object)?.uid === newUid)
          expect([...live.values()]).not.toContain(oldUid);
      }
      if (event.type === 'ObjectDeleted' && event.data.kind === 'Pod') live.delete(event.data.uid);
    }
  });
});

describe('C-18 change-cause propagation', () => {
  it('annotating the Deployment changes the current revision; the stale cause is copied to the next', () => {
    const cluster = complete(2);
    setImage(cluster, 'nginx:1.26');
    const annotate = (cause: string) => {
      const d = getDeployment(cluster);
      cluster.update({
        ...d,
        metadata: {
          ...d.metadata,
          annotations: { ...d.metadata.annotations, 'kubernetes.io/change-cause': cause },
        },
      });
      cluster.reconcile();
    };
    annotate('upgrade to 1.25');
    expect(history(cluster)).toEqual([
      [1, '<none>'],
      [2, 'upgrade to 1.25'],
    ]);
    annotate('oops');
    expect(history(cluster)).toEqual([
      [1, '<none>'],
      [2, 'oops'],
    ]);
    setImage(cluster, 'nginx:1.27');
    expect(history(cluster)).toEqual([
      [1, '<none>'],
      [2, 'oops'],
      [3, 'oops'],
    ]);
  });
});

describe('C-20 rollout restart (template annotation)', () => {
  it('a restartedAt template annotation makes a new revision and a normal rolling update', () => {
    const cluster = complete(3);
    const d = getDeployment(cluster);
    patchSpec(cluster, {
      template: {
        ...d.spec.template,
        metadata: {
          ...d.spec.template.metadata,
          annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' },
        },
      },
    });
    expect(replicaSets(cluster).map(revisionOf)).toEqual([1, 2]);
    expect(specCounts(cluster)).toEqual([3, 1]);
    const newPods = livePods(cluster).filter(
      (p) => p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'],
    );
    expect(newPods).toHaveLength(1);
    while (makePodsReady(cluster) > 0);
    expect(specCounts(cluster)).toEqual([0, 3]);
  });
});

describe('C-22 selector is immutable', () => {
  it('rejects a selector change and leaves the Deployment as it was', () => {
    const cluster = complete(3);
    const d = getDeployment(cluster);
    const result = cluster.update({
      ...d,
      spec: {
        ...d.spec,
        selector: { matchLabels: { app: 'web2' } },
        template: { ...d.spec.template, metadata: { labels: { app: 'web2' } } },
      },
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.message).toMatch(
        /^Deployment "web" is invalid: spec\.selector: Invalid value: .*: field is immutable$/,
      );
    expect(getDeployment(cluster)).toBe(d);
  });
});

describe('history cleanup (revisionHistoryLimit)', () => {
  it.each`
    limit | remaining
    ${1}  | ${[3, 4]}
    ${0}  | ${[4]}
    ${10} | ${[1, 2, 3, 4]}
  `('limit $limit keeps revisions $remaining after a completed rollout', ({ limit, remaining }) => {
    const cluster = complete(2, { revisionHistoryLimit: limit });
    for (const image of ['nginx:1.26', 'nginx:1.27', 'nginx:1.28']) {
      setImage(cluster, image);
      while (makePodsReady(cluster) > 0);
    }
    expect(replicaSets(cluster).map(revisionOf)).toEqual(remaining);
  });
});

describe('adoption and release of ReplicaSets', () => {
  it('adopts a matching orphan ReplicaSet and rolls it over', () => {
    const cluster = deploymentCluster();
    cluster.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-legacy', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.24' }] },
        },
      },
    } as never);
    cluster.reconcile();
    makePodsReady(cluster);
    cluster.create(webDeployment(2));
    cluster.reconcile();
    const legacy = cluster.get('ReplicaSet', 'default', 'web-legacy');
    expect(controllerRef(legacy as never)?.name).toBe('web');
    while (makePodsReady(cluster) > 0);
    expect(cluster.get('ReplicaSet', 'default', 'web-legacy')?.spec.replicas).toBe(0);
    expect(specCounts(cluster)).toEqual([0, 2]);
  });

  it('releases a ReplicaSet whose labels stop matching, then resolves the name collision with collisionCount', () => {
    const cluster = complete(2);
    const rs = replicaSets(cluster)[0];
    if (!rs) throw new Error('no rs');
    cluster.update({ ...rs, metadata: { ...rs.metadata, labels: { app: 'other' } } });
    cluster.reconcile();
    expect(controllerRef(cluster.get('ReplicaSet', 'default', rs.metadata.name) as never)).toBeUndefined();
    const d = getDeployment(cluster);
    expect(d.status?.collisionCount).toBe(1);
    const fresh = replicaSets(cluster);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.metadata.name).not.toBe(rs.metadata.name);
    expect(fresh[0]?.spec.replicas).toBe(2);
  });
});

describe('minReadySeconds', () => {
  it('is copied to the new RS, and availability (hence the rollout) waits for it', () => {
    const cluster = created(2, { minReadySeconds: 10 });
    expect(replicaSets(cluster)[0]?.spec.minReadySeconds).toBe(10);
    makePodsReady(cluster);
    expect(getDeployment(cluster).status?.availableReplicas ?? 0).toBe(0);
    expect(statusLine(cluster)).toBe(
      'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...\n',
    );
    expect(cluster.nextTimerAt()).toBe(cluster.now + 10_000);
    cluster.advance(10_000);
    expect(getDeployment(cluster).status?.availableReplicas).toBe(2);
    expect(statusLine(cluster)).toBe('deployment "web" successfully rolled out\n');
    patchSpec(cluster, { minReadySeconds: 5 });
    expect(replicaSets(cluster)).toHaveLength(1);
    expect(replicaSets(cluster)[0]?.spec.minReadySeconds).toBe(5);
  });
});

describe('determinism', () => {
  it('a cluster folded from the stream mid-rollout decides exactly what the original decides', () => {
    const original = complete(6, {}, 9);
    setImage(original, 'nginx:1.26');
    const reloaded = Cluster.load(original.newEvents(), {
      reconcilers: [deploymentReconciler(), replicaSetReconciler(), testKubelet()],
      freezeObjects: true,
    });
    const continueRollout = (c: Cluster) => {
      const from = c.newEvents().length;
      while (makePodsReady(c) > 0);
      return JSON.stringify(
        c
          .newEvents()
          .slice(from)
          .map(({ version: _v, ...e }) => e),
      );
    };
    expect(continueRollout(reloaded)).toBe(continueRollout(original));
  });

  it('the same seed and inputs give the same event stream', () => {
    const run = () => {
      const cluster = complete(5, {}, 42);
      setImage(cluster, 'nginx:1.26');
      while (makePodsReady(cluster) > 0);
      return JSON.stringify(cluster.newEvents());
    };
    expect(run()).toBe(run());
  });
});
