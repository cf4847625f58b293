import type { IntOrString } from '../../api/meta';
import type { Deployment, ReplicaSet } from '../../api/workloads';
import {
  deploymentRolloutStatus,
  findNewReplicaSet,
  maxSurge,
  maxUnavailable,
  newReplicaSetAnnotations,
  newRSNewReplicas,
  proportion,
  resolveFenceposts,
  revisionOf,
  templatesEqualIgnoringHash,
} from './deployment-util';

function deployment(
  replicas: number,
  maxSurgeValue?: IntOrString,
  maxUnavailableValue?: IntOrString,
  extra: Partial<Deployment> = {},
): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'd',
      resourceVersion: '1',
      creationTimestamp: '',
      generation: 1,
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
      },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          ...(maxSurgeValue !== undefined ? { maxSurge: maxSurgeValue } : {}),
          ...(maxUnavailableValue !== undefined ? { maxUnavailable: maxUnavailableValue } : {}),
        },
      },
    },
    ...extra,
  };
}

function replicaSet(
  name: string,
  replicas: number,
  annotations: Record<string, string> = {},
  created = '2026-01-01T00:00:00Z',
): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: name,
      resourceVersion: '1',
      creationTimestamp: created,
      annotations,
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': name } },
        spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
      },
    },
    status: { replicas },
  };
}

describe('resolveFenceposts (TestResolveFenceposts)', () => {
  it.each`
    maxSurge     | maxUnavailable | desired | surge | unavailable
    ${'0%'}      | ${'0%'}        | ${0}    | ${0}  | ${1}
    ${'39%'}     | ${'39%'}       | ${10}   | ${4}  | ${3}
    ${undefined} | ${'39%'}       | ${10}   | ${0}  | ${3}
    ${'39%'}     | ${undefined}   | ${10}   | ${4}  | ${0}
    ${undefined} | ${undefined}   | ${10}   | ${0}  | ${1}
  `(
    '($maxSurge, $maxUnavailable, desired $desired) → surge $surge, unavailable $unavailable',
    ({ maxSurge: s, maxUnavailable: u, desired, surge, unavailable }) => {
      expect(resolveFenceposts(s, u, desired)).toEqual({ surge, unavailable });
    },
  );

  // Spec A.2.2 worked values: surge rounds up, unavailable rounds down, both-zero → unavailable 1.
  it.each`
    replicas | s        | u        | surge | unavailable
    ${4}     | ${'25%'} | ${'25%'} | ${1}  | ${1}
    ${3}     | ${'25%'} | ${'25%'} | ${1}  | ${0}
    ${10}    | ${'25%'} | ${'25%'} | ${3}  | ${2}
    ${8}     | ${'25%'} | ${'25%'} | ${2}  | ${2}
    ${1}     | ${'25%'} | ${'25%'} | ${1}  | ${0}
    ${2}     | ${'25%'} | ${'25%'} | ${1}  | ${0}
    ${5}     | ${'25%'} | ${'25%'} | ${2}  | ${1}
    ${3}     | ${0}     | ${'10%'} | ${0}  | ${1}
  `(
    'worked value: $replicas with $s/$u → ($surge,$unavailable)',
    ({ replicas, s, u, surge, unavailable }) => {
      expect(resolveFenceposts(s, u, replicas)).toEqual({ surge, unavailable });
      const d = deployment(replicas, s, u);
      expect([maxSurge(d), maxUnavailable(d)]).toEqual([surge, unavailable]);
    },
  );

  it('MaxUnavailable is 0 for Recreate and for 0 replicas, and never more than replicas', () => {
    expect(
      maxUnavailable({ ...deployment(3), spec: { ...deployment(3).spec, strategy: { type: 'Recreate' } } }),
    ).toBe(0);
    expect(maxUnavailable(deployment(0, 1, 1))).toBe(0);
    expect(maxUnavailable(deployment(2, 0, 5))).toBe(2);
    expect(
      maxSurge({ ...deployment(3), spec: { ...deployment(3).spec, strategy: { type: 'Recreate' } } }),
    ).toBe(0);
  });
});

describe('newRSNewReplicas', () => {
  it('grows the new ReplicaSet into the surge room, never past replicas; Recreate goes to replicas', () => {
    const d = deployment(4, 1, 1);
    const old = replicaSet('a', 4);
    const fresh = replicaSet('b', 0);
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(1);
    expect(newRSNewReplicas(d, [replicaSet('a', 1), replicaSet('b', 2)], replicaSet('b', 2))).toBe(4);
    expect(newRSNewReplicas(d, [replicaSet('a', 3), replicaSet('b', 2)], replicaSet('b', 2))).toBe(2);
    const recreate = { ...d, spec: { ...d.spec, strategy: { type: 'Recreate' as const } } };
    expect(newRSNewReplicas(recreate, [old, fresh], fresh)).toBe(4);
  });
});

describe('proportional scaling (GetProportion)', () => {
  it('distributes the documented example: 8 + 5 (max 13) scaled to 15 with maxSurge 3 → 11 + 7', () => {
    const d = deployment(15, 3, 2);
    const ann = {
      'deployment.kubernetes.io/max-replicas': '13',
      'deployment.kubernetes.io/desired-replicas': '10',
    };
    const old = replicaSet('old', 8, ann);
    const fresh = replicaSet('new', 5, ann, '2026-01-01T00:05:00Z');
    const toAdd = 15 + 3 - 13;
    const first = proportion(old, d, toAdd, 0);
    const second = proportion(fresh, d, toAdd, first);
    expect([8 + first, 5 + second]).toEqual([11, 7]);
  });

  it('scales down to zero by the whole size, and falls back to status.replicas without the annotation', () => {
    expect(proportion(replicaSet('a', 4), deployment(0, 1, 1), -4, 0)).toBe(-4);
    const d = deployment(20, 0, 1, { status: { replicas: 10 } });
    expect(proportion(replicaSet('a', 5), d, 10, 0)).toBe(5);
  });
});

describe('templates, new ReplicaSet, revisions', () => {
  it('compares templates ignoring pod-template-hash and finds the oldest match', () => {
    const d = deployment(3);
    const a = replicaSet('a', 1, {}, '2026-01-01T00:00:02Z');
    const b = replicaSet('b', 1, {}, '2026-01-01T00:00:01Z');
    expect(templatesEqualIgnoringHash(a.spec.template, d.spec.template)).toBe(true);
    expect(findNewReplicaSet(d, [a, b])?.metadata.name).toBe('b');
    const changed = {
      ...d,
      spec: {
        ...d.spec,
        template: { ...d.spec.template, spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } },
      },
    };
    expect(findNewReplicaSet(changed, [a, b])).toBeUndefined();
  });

  it('reads the revision annotation (0 when missing)', () => {
    expect(revisionOf(replicaSet('a', 1, { 'deployment.kubernetes.io/revision': '7' }))).toBe(7);
    expect(revisionOf(replicaSet('a', 1))).toBe(0);
  });

  it('copies annotations except the skip list and records the old revision when it is raised', () => {
    const d = deployment(3, 1, 1, {
      metadata: {
        ...deployment(3).metadata,
        annotations: {
          'kubernetes.io/change-cause': 'v1.24',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          'deployment.kubernetes.io/revision': '3',
        },
      },
    });
    const result = newReplicaSetAnnotations(
      d,
      { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/revision-history': '' },
      4,
      true,
    );
    expect(result.changed).toBe(true);
    expect(result.annotations).toEqual({
      'kubernetes.io/change-cause': 'v1.24',
      'deployment.kubernetes.io/revision': '4',
      'deployment.kubernetes.io/revision-history': '1',
    });
    const again = newReplicaSetAnnotations(
      d,
      { 'deployment.kubernetes.io/revision': '5', 'deployment.kubernetes.io/revision-history': '1,3' },
      7,
      true,
    );
    expect(again.annotations['deployment.kubernetes.io/revision-history']).toBe('1,3,5');
    const created = newReplicaSetAnnotations(d, undefined, 1, false);
    expect(created.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(created.annotations['deployment.kubernetes.io/revision-history']).toBeUndefined();
  });
});

describe('deploymentRolloutStatus (spec B.3)', () => {
  const withStatus = (status: Deployment['status'], generation = 1, revision = '2') =>
    deployment(4, 1, 1, {
      metadata: {
        ...deployment(4).metadata,
        generation,
        annotations: { 'deployment.kubernetes.io/revision': revision },
      },
      status,
    });

  it.each`
    case                      | status                                                                              | generation | message
    ${'spec not observed'}    | ${{ observedGeneration: 1 }}                                                        | ${2}       | ${'Waiting for deployment spec update to be observed...\n'}
    ${'updating'}             | ${{ observedGeneration: 2, replicas: 5, updatedReplicas: 2, availableReplicas: 3 }} | ${2}       | ${'Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas have been updated...\n'}
    ${'old pending'}          | ${{ observedGeneration: 2, replicas: 5, updatedReplicas: 4, availableReplicas: 3 }} | ${2}       | ${'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n'}
    ${'waiting availability'} | ${{ observedGeneration: 2, replicas: 4, updatedReplicas: 4, availableReplicas: 2 }} | ${2}       | ${'Waiting for deployment "web" rollout to finish: 2 of 4 updated replicas are available...\n'}
    ${'done'}                 | ${{ observedGeneration: 2, replicas: 4, updatedReplicas: 4, availableReplicas: 4 }} | ${2}       | ${'deployment "web" successfully rolled out\n'}
  `('$case', ({ status, generation, message }) => {
    const result = deploymentRolloutStatus(withStatus(status, generation));
    expect(result.message).toBe(message);
    expect(result.done).toBe(message.startsWith('deployment'));
    expect(result.error).toBeUndefined();
  });

  it('reports an exceeded deadline and a revision mismatch as errors', () => {
    const timedOut = withStatus({
      observedGeneration: 1,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    });
    expect(deploymentRolloutStatus(timedOut)).toEqual({
      message: '',
      done: false,
      error: 'deployment "web" exceeded its progress deadline',
    });
    expect(deploymentRolloutStatus(withStatus({ observedGeneration: 1 }), 3).error).toBe(
      'desired revision (3) is different from the running revision (2)',
    );
  });
});
