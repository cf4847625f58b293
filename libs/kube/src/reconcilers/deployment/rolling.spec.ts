// Upstream rolling_test.go tables (spec A.2.3), run against the pure rolling-update decisions.
import type { IntOrString } from '../../api/meta';
import type { Deployment, ReplicaSet } from '../../api/workloads';
import {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scaleDownOldReplicaSetsForRollingUpdate,
  type ScaleFn,
} from './rolling';

function deployment(replicas: number, maxSurge: IntOrString, maxUnavailable: IntOrString): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'foo', namespace: 'default', uid: 'd', resourceVersion: '1', creationTimestamp: '' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'foo' } },
      template: { metadata: { labels: { app: 'foo' } }, spec: { containers: [] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
    },
  };
}

function replicaSet(name: string, replicas: number, available: number, created: string): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: name, resourceVersion: '1', creationTimestamp: created },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'foo' } },
      template: { metadata: { labels: { app: 'foo' } }, spec: { containers: [] } },
    },
    status: { replicas, availableReplicas: available, readyReplicas: available },
  };
}

/** A ScaleFn that records the decisions instead of writing them. */
function recorder(): { scale: ScaleFn; scaled: Map<string, number> } {
  const scaled = new Map<string, number>();
  return {
    scaled,
    scale: (rs, replicas) => {
      scaled.set(rs.metadata.name, replicas);
      return { ...rs, spec: { ...rs.spec, replicas } };
    },
  };
}

const OLDER = '2026-01-01T00:00:00Z';
const NEWER = '2026-01-01T00:01:00Z';

describe('reconcileNewReplicaSet (TestDeploymentController_reconcileNewReplicaSet)', () => {
  it.each`
    deploymentReplicas | maxSurge | oldReplicas | newReplicas | expected
    ${10}              | ${0}     | ${10}       | ${0}        | ${undefined}
    ${10}              | ${2}     | ${10}       | ${0}        | ${2}
    ${10}              | ${2}     | ${5}        | ${0}        | ${7}
    ${10}              | ${2}     | ${10}       | ${2}        | ${undefined}
    ${10}              | ${2}     | ${2}        | ${11}       | ${10}
  `(
    'replicas $deploymentReplicas, maxSurge $maxSurge, old $oldReplicas, new $newReplicas → $expected',
    ({ deploymentReplicas, maxSurge, oldReplicas, newReplicas, expected }) => {
      const d = deployment(deploymentReplicas, maxSurge, 0);
      const oldRS = replicaSet('foo-old', oldReplicas, oldReplicas, OLDER);
      const newRS = replicaSet('foo-new', newReplicas, newReplicas, NEWER);
      const { scale, scaled } = recorder();
      const result = reconcileNewReplicaSet([oldRS, newRS], newRS, d, scale);
      expect(result).toBe(expected !== undefined);
      expect(scaled.get('foo-new')).toBe(expected);
      expect(scaled.has('foo-old')).toBe(false);
    },
  );
});

describe('reconcileOldReplicaSets (TestDeploymentController_reconcileOldReplicaSets)', () => {
  it.each`
    deploymentReplicas | maxUnavailable | oldReplicas | newReplicas | readyOld | readyNew | expected
    ${10}              | ${0}           | ${10}       | ${0}        | ${10}    | ${0}     | ${9}
    ${10}              | ${2}           | ${10}       | ${0}        | ${10}    | ${0}     | ${8}
    ${10}              | ${2}           | ${10}       | ${0}        | ${8}     | ${0}     | ${8}
    ${10}              | ${2}           | ${10}       | ${0}        | ${9}     | ${0}     | ${8}
    ${10}              | ${2}           | ${8}        | ${2}        | ${8}     | ${0}     | ${undefined}
  `(
    'replicas $deploymentReplicas, maxUnavailable $maxUnavailable, old $oldReplicas ($readyOld ready), new $newReplicas ($readyNew ready) → old $expected',
    ({ deploymentReplicas, maxUnavailable, oldReplicas, newReplicas, readyOld, readyNew, expected }) => {
      const d = deployment(deploymentReplicas, 0, maxUnavailable);
      const oldRS = replicaSet('foo-old', oldReplicas, readyOld, OLDER);
      const newRS = replicaSet('foo-new', newReplicas, readyNew, NEWER);
      const { scale, scaled } = recorder();
      const result = reconcileOldReplicaSets([oldRS, newRS], [oldRS], newRS, d, scale);
      expect(result).toBe(expected !== undefined);
      expect(scaled.get('foo-old')).toBe(expected);
      expect(scaled.has('foo-new')).toBe(false);
    },
  );
});

describe('cleanupUnhealthyReplicas (TestDeploymentController_cleanupUnhealthyReplicas)', () => {
  it.each`
    oldReplicas | readyPods | unhealthyPods | maxCleanup | expected
    ${10}       | ${8}      | ${2}          | ${1}       | ${1}
    ${10}       | ${8}      | ${2}          | ${3}       | ${2}
    ${10}       | ${8}      | ${2}          | ${0}       | ${0}
    ${10}       | ${10}     | ${0}          | ${3}       | ${0}
  `(
    'old $oldReplicas with $readyPods ready and $unhealthyPods unhealthy, maxCleanup $maxCleanup → $expected',
    ({ oldReplicas, readyPods, maxCleanup, expected }) => {
      const oldRS = replicaSet('foo-old', oldReplicas, readyPods, OLDER);
      const { scale, scaled } = recorder();
      const result = cleanupUnhealthyReplicas([oldRS], maxCleanup, scale);
      expect(result.scaledDown).toBe(expected);
      expect(scaled.get('foo-old')).toBe(expected ? oldReplicas - expected : undefined);
      expect(result.oldRSs[0]?.spec.replicas).toBe(oldReplicas - expected);
    },
  );

  it('cleans the oldest ReplicaSet first and stops at maxCleanup across several', () => {
    const older = replicaSet('a', 3, 1, OLDER);
    const newer = replicaSet('b', 3, 0, NEWER);
    const { scale, scaled } = recorder();
    const result = cleanupUnhealthyReplicas([newer, older], 3, scale);
    expect(result.scaledDown).toBe(3);
    expect(scaled.get('a')).toBe(1);
    expect(scaled.get('b')).toBe(2);
  });
});

describe('scaleDownOldReplicaSetsForRollingUpdate (TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate)', () => {
  it.each`
    deploymentReplicas | maxUnavailable | readyPods | oldReplicas | expected
    ${10}              | ${0}           | ${10}     | ${10}       | ${9}
    ${10}              | ${2}           | ${10}     | ${10}       | ${8}
    ${10}              | ${2}           | ${8}      | ${10}       | ${undefined}
    ${10}              | ${2}           | ${1}      | ${10}       | ${undefined}
  `(
    'replicas $deploymentReplicas, maxUnavailable $maxUnavailable, $readyPods of $oldReplicas ready → $expected',
    ({ deploymentReplicas, maxUnavailable, readyPods, oldReplicas, expected }) => {
      const d = deployment(deploymentReplicas, 0, maxUnavailable);
      const oldRS = replicaSet('foo-old', oldReplicas, readyPods, OLDER);
      const { scale, scaled } = recorder();
      const removed = scaleDownOldReplicaSetsForRollingUpdate([oldRS], [oldRS], d, scale);
      expect(removed).toBe(expected === undefined ? 0 : oldReplicas - expected);
      expect(scaled.get('foo-old')).toBe(expected);
    },
  );

  it('takes replicas from the oldest ReplicaSet first', () => {
    const d = deployment(10, 0, 2);
    const oldest = replicaSet('x-oldest', 3, 3, OLDER);
    const newer = replicaSet('a-newer', 7, 7, NEWER);
    const { scale, scaled } = recorder();
    expect(scaleDownOldReplicaSetsForRollingUpdate([newer, oldest], [newer, oldest], d, scale)).toBe(2);
    expect(scaled.get('x-oldest')).toBe(1);
    expect(scaled.has('a-newer')).toBe(false);
  });
});
