// Property tests over random sizes, strategies and readiness orders (spec A.2.3 invariants): at every event of
// a rolling update, Σ ReplicaSet spec.replicas ≤ replicas + maxSurge and Ready pods ≥ replicas − maxUnavailable
// (pods do not fail here); the rollout always completes; and the same inputs give the same stream.
import fc from 'fast-check';
import type { IntOrString } from '../../api/meta';
import type { Deployment } from '../../api/workloads';
import { evolve, initialState } from '../../state/evolve';
import type { ClusterState } from '../../state/cluster-state';
import { clusterConfig } from '../../state/cluster-config';
import { makePodsReady } from '../../testing/test-kubelet';
import { isPodReady } from '../shared/pods';
import { isControlledBy } from '../shared/owners';
import { deploymentRolloutStatus, resolveFenceposts } from './deployment-util';
import { deploymentCluster, getDeployment, setImage, webDeployment } from './deployment-test-helpers';

const intOrPercent = fc.oneof(
  fc.integer({ min: 0, max: 4 }),
  fc.integer({ min: 0, max: 20 }).map((n) => `${n * 5}%`),
);

const zero = (v: IntOrString) => v === 0 || v === '0%';

interface Case {
  replicas: number;
  maxSurge: IntOrString;
  maxUnavailable: IntOrString;
  /** Each wave makes Ready the not-ready pods whose index bit is set in the mask (at least one). */
  waves: number[];
  seed: number;
}

const cases = fc
  .record({
    replicas: fc.integer({ min: 1, max: 12 }),
    maxSurge: intOrPercent,
    maxUnavailable: intOrPercent,
    waves: fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 30 }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .filter((c) => !(zero(c.maxSurge) && zero(c.maxUnavailable)));

/** Runs the rollout; returns the cluster and the stream position where the template change began. */
function rollout(c: Case) {
  const cluster = deploymentCluster({ seed: c.seed });
  const created = cluster.create(
    webDeployment(c.replicas, {
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: c.maxSurge, maxUnavailable: c.maxUnavailable },
      },
    }),
  );
  if (!created.ok) throw new Error(created.error.message);
  cluster.reconcile();
  while (makePodsReady(cluster) > 0);
  const from = cluster.newEvents().length;
  setImage(cluster, 'nginx:1.26');
  let wave = 0;
  for (let step = 0; step < 500 && !deploymentRolloutStatus(getDeployment(cluster)).done; step++) {
    const mask = c.waves[wave++ % c.waves.length] as number;
    const pending = cluster
      .view()
      .objects.list('Pod')
      .filter((p) => p.spec.nodeName && !p.metadata.deletionTimestamp && !isPodReady(p));
    const chosen = new Set(pending.filter((_, i) => (mask >> (i % 16)) & 1).map((p) => p.metadata.uid));
    if (!chosen.size && pending[0]) chosen.add(pending[0].metadata.uid);
    makePodsReady(cluster, (p) => chosen.has(p.metadata.uid));
  }
  return { cluster, from };
}

function replicaSetSpecSum(state: ClusterState, d: Deployment): number {
  return state.objects
    .list('ReplicaSet', 'default')
    .filter((rs) => isControlledBy(rs, d))
    .reduce((sum, rs) => sum + (rs.spec.replicas ?? 1), 0);
}

describe('rolling update properties', () => {
  it('never exceeds replicas + maxSurge, never drops below replicas − maxUnavailable, always completes', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const { cluster, from } = rollout(c);
        const final = getDeployment(cluster);
        expect(deploymentRolloutStatus(final).done).toBe(true);
        const { surge, unavailable } = resolveFenceposts(c.maxSurge, c.maxUnavailable, c.replicas);
        const maxTotal = c.replicas + surge;
        const minAvailable = c.replicas - Math.min(unavailable, c.replicas);
        // Replay the stream and check both invariants after every single event of the rollout.
        const state = initialState(clusterConfig());
        const events = cluster.newEvents();
        events.forEach((event, i) => {
          evolve(state, event);
          if (i < from) return;
          const d = state.objects.get('Deployment', 'default', 'web') as Deployment;
          expect(replicaSetSpecSum(state, d)).toBeLessThanOrEqual(maxTotal);
          const ready = state.objects
            .list('Pod', 'default')
            .filter((p) => !p.metadata.deletionTimestamp && isPodReady(p)).length;
          expect(ready).toBeGreaterThanOrEqual(minAvailable);
        });
        const pods = cluster.view().objects.list('Pod', 'default');
        expect(pods).toHaveLength(c.replicas);
        expect(pods.every((p) => p.spec.containers[0]?.image === 'nginx:1.26')).toBe(true);
      }),
      { numRuns: 50, seed: 20260101 },
    );
  });

  it('is deterministic: the same seed and inputs give the identical event stream', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const first = JSON.stringify(rollout(c).cluster.newEvents());
        const second = JSON.stringify(rollout(c).cluster.newEvents());
        expect(second).toBe(first);
      }),
      { numRuns: 15, seed: 7 },
    );
  });
});
