// Taints and tolerations (k8s.io/api core/v1 toleration.go ToleratesTaint; component-helpers scheduling):
// shared by the scheduler, the taint eviction in node-lifecycle, and the DaemonSet controller.
import type { Taint } from '../../api/node';
import type { Toleration } from '../../api/pod';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Whether one toleration tolerates one taint (empty effect matches every effect; Exists with no key matches all). */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== 'Exists') return false;
  switch (toleration.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/**
 * The first taint with one of `effects` that the tolerations do not tolerate (what TaintToleration's filter
 * reports), or undefined when all are tolerated.
 */
export function firstUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  effects: readonly Taint['effect'][],
): Taint | undefined {
  return (taints ?? []).find((taint) => effects.includes(taint.effect) && !tolerates(tolerations, taint));
}

export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}
