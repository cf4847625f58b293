// Pod predicates the controllers share (pkg/api/v1/pod, controller_utils): ready, available, active.
import type { Condition } from '../../api/meta';
import type { Pod } from '../../api/pod';
import type { ClusterView } from '../../state/cluster-state';
import { parseTime } from '../../time/time';

export function podCondition(pod: Pod, type: string): Condition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds (Ready condition's lastTransitionTime + minReadySeconds <= now). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = parseTime(ready.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/** When a Ready pod becomes available, if that is still ahead of now (for controllers' timers). */
export function availableAt(pod: Pod, minReadySeconds: number): number | undefined {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True' || minReadySeconds <= 0) return undefined;
  const since = parseTime(ready.lastTransitionTime);
  return since === undefined ? undefined : since + minReadySeconds * 1000;
}

/** Not terminated and not being deleted: what ReplicaSets count (controller.FilterActivePods). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function isPodTerminating(pod: Pod): boolean {
  return !!pod.metadata.deletionTimestamp;
}

/**
 * The earliest instant after now at which a Ready pod of one of `owners` becomes available: controllers with
 * minReadySeconds must look again then.
 */
export function nextAvailableAt(
  view: ClusterView,
  owners: readonly { metadata: { uid: string }; spec: { minReadySeconds?: number } }[],
): number | undefined {
  let next: number | undefined;
  for (const owner of owners) {
    const minReady = owner.spec.minReadySeconds ?? 0;
    if (minReady <= 0) continue;
    for (const pod of view.objects.dependents(owner.metadata.uid, 'Pod')) {
      const at = availableAt(pod, minReady);
      if (at !== undefined && at > view.now && (next === undefined || at < next)) next = at;
    }
  }
  return next;
}
