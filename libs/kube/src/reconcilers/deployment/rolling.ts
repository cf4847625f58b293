// The RollingUpdate decisions of one sync (pkg/controller/deployment/rolling.go): grow the new ReplicaSet into
// the surge room, or shrink old ones within maxUnavailable — unhealthy replicas first, then oldest first.
// Pure over the ReplicaSets handed in; `scale` applies a decision and returns the ReplicaSet as it now is.
import type { Deployment, ReplicaSet } from '../../api/workloads';
import {
  availableReplicaSum,
  compareByCreation,
  maxUnavailable,
  newRSNewReplicas,
  replicasOf,
  specReplicaSum,
} from './deployment-util';

/** Scales `rs` to `replicas` (recording the event) and returns the updated ReplicaSet. */
export type ScaleFn = (rs: ReplicaSet, replicas: number) => ReplicaSet;

/** reconcileNewReplicaSet: true when the new ReplicaSet was resized (the sync then stops). */
export function reconcileNewReplicaSet(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
  scale: ScaleFn,
): boolean {
  const replicas = replicasOf(d);
  const current = replicasOf(newRS);
  if (current === replicas) return false;
  const target = current > replicas ? replicas : newRSNewReplicas(d, allRSs, newRS);
  if (target === current) return false;
  scale(newRS, target);
  return true;
}

/** reconcileOldReplicaSets: true when any old ReplicaSet was scaled down. */
export function reconcileOldReplicaSets(
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
  scale: ScaleFn,
): boolean {
  if (specReplicaSum(oldRSs) === 0) return false;
  const allPods = specReplicaSum(allRSs);
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;

  // Unhealthy replicas go first, or they would block the rollout until it times out (kubernetes#16737).
  const cleaned = cleanupUnhealthyReplicas(oldRSs, maxScaledDown, scale);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(
    [...cleaned.oldRSs, newRS],
    cleaned.oldRSs,
    d,
    scale,
  );
  return cleaned.scaledDown + scaledDown > 0;
}

/**
 * cleanupUnhealthyReplicas: oldest first, each old RS loses up to its unavailable replicas, `maxCleanup` in
 * total. The ReplicaSet controller deletes not-ready pods first, so this never lowers availability.
 */
export function cleanupUnhealthyReplicas(
  oldRSs: readonly ReplicaSet[],
  maxCleanup: number,
  scale: ScaleFn,
): { oldRSs: ReplicaSet[]; scaledDown: number } {
  const sorted = [...oldRSs].sort(compareByCreation);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sorted[i] as ReplicaSet;
    const replicas = replicasOf(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    const target = replicas - count;
    if (target > replicas)
      throw new Error(`invalid cleanup of ${rs.metadata.name}: ${replicas} -> ${target}`);
    sorted[i] = scale(rs, target);
    total += count;
  }
  return { oldRSs: sorted, scaledDown: total };
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: removes what is available beyond replicas − maxUnavailable, oldest
 * ReplicaSet first. Returns how many replicas it removed.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
  scale: ScaleFn,
): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = availableReplicaSum(allRSs);
  if (available <= minAvailable) return 0;
  const toRemove = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(compareByCreation)) {
    if (total >= toRemove) break;
    const replicas = replicasOf(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, toRemove - total);
    scale(rs, replicas - count);
    total += count;
  }
  return total;
}
