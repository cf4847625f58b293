// Which pods a ReplicaSet deletes first when it scales down (controller_utils.go ActivePodsWithRanks.Less with
// PodDeletionCost and LogarithmicScaleDown on, as in 1.30): the cheapest to lose go first.
import type { Pod } from '../../api/pod';
import { parseTime } from '../../time/time';
import { isPodReady, podCondition } from '../shared/pods';

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankedPod {
  pod: Pod;
  /** Active pods of the same controller family on this pod's node. */
  rank: number;
}

/** The pod-deletion-cost annotation as an int32; anything else counts as 0. */
export function podDeletionCost(pod: Pod): number {
  const value = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return 0;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function readyTime(pod: Pod): number | undefined {
  const ready = podCondition(pod, 'Ready');
  return ready?.status === 'True' ? parseTime(ready.lastTransitionTime) : undefined;
}

function maxRestarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((max, c) => Math.max(max, c.restartCount ?? 0), 0);
}

/** floor(log2(age in ns)), or -1 for an age ≤ 0: the LogarithmicScaleDown bucket. */
export function logBucket(time: number, now: number): number {
  const ns = (now - time) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

/**
 * Compares two timestamps for "delete first": newer first, but with LogarithmicScaleDown two times in the same
 * log2 bucket of age are equal and the lower uid goes first (upstream's tie-break, deterministic here).
 * A missing time goes first (afterOrZero).
 */
function compareTimes(
  t1: number | undefined,
  t2: number | undefined,
  uid1: string,
  uid2: string,
  now: number,
): number {
  if (t1 === t2) return 0;
  if (!t1) return -1;
  if (!t2) return 1;
  const diff = logBucket(t1, now) - logBucket(t2, now);
  if (diff === 0) return uid1 < uid2 ? -1 : uid1 > uid2 ? 1 : 0;
  return diff < 0 ? -1 : 1;
}

/** Negative when `a` should be deleted before `b` (criteria 1–8 of spec A.3). */
export function compareForDeletion(a: RankedPod, b: RankedPod, now: number): number {
  const pa = a.pod;
  const pb = b.pod;
  // 1. Unassigned before assigned.
  const na = pa.spec.nodeName ?? '';
  const nb = pb.spec.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  // 2. Pending < Unknown < Running.
  const phaseA = PHASE_ORDINAL[pa.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDINAL[pb.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  // 3. Not ready before ready.
  const readyA = isPodReady(pa);
  const readyB = isPodReady(pb);
  if (readyA !== readyB) return readyA ? 1 : -1;
  // 4. Lower pod-deletion-cost first.
  const costA = podDeletionCost(pa);
  const costB = podDeletionCost(pb);
  if (costA !== costB) return costA < costB ? -1 : 1;
  // 5. More pods of the same family on the node first.
  if (a.rank !== b.rank) return b.rank - a.rank;
  // 6. Both ready: more recently ready first (log2 buckets).
  if (readyA && readyB) {
    const ta = readyTime(pa);
    const tb = readyTime(pb);
    const c = compareTimes(ta, tb, pa.metadata.uid, pb.metadata.uid, now);
    if (c !== 0) return c;
  }
  // 7. Higher restart count first.
  const ra = maxRestarts(pa);
  const rb = maxRestarts(pb);
  if (ra !== rb) return rb - ra;
  // 8. Newer first (log2 buckets).
  const ca = parseTime(pa.metadata.creationTimestamp);
  const cb = parseTime(pb.metadata.creationTimestamp);
  return compareTimes(ca, cb, pa.metadata.uid, pb.metadata.uid, now);
}

/**
 * getPodsToDelete: the `count` pods to delete first. `related` are the active pods of the whole controller
 * family (all ReplicaSets of the same Deployment), which set each pod's node rank; none for a standalone RS.
 */
export function podsToDelete(
  pods: readonly Pod[],
  related: readonly Pod[],
  count: number,
  now: number,
): Pod[] {
  if (count >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const pod of related) {
    const node = pod.spec.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec.nodeName ?? '') ?? 0 }));
  // A total order: equal pods fall back to uid so the result never depends on the input order.
  ranked.sort(
    (a, b) =>
      compareForDeletion(a, b, now) ||
      (a.pod.metadata.uid < b.pod.metadata.uid ? -1 : a.pod.metadata.uid > b.pod.metadata.uid ? 1 : 0),
  );
  return ranked.slice(0, count).map((r) => r.pod);
}
