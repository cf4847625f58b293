// Fires a fault timeline (FaultsScheduled) at its instants. Each fault is due at an absolute simulated instant,
// which is also this reconciler's timer: a stepped advance and a LIVE sandbox's worker both stop the clock at every
// timer, so each fault fires exactly at its instant whatever the steps or the wake-ups were. Pure: the state says
// what is due; the runtime records the fault (or its skip, when the target is gone) and marks it done.
import type { Reconciler, Write } from '../../runtime/reconciler';
import type { Actor } from '../../state/cluster-event';
import type { ClusterView } from '../../state/cluster-state';

export const FAULT_TIMELINE = 'challenge-timeline';
export const FAULT_TIMELINE_ACTOR: Actor = { type: 'fault-injector', name: FAULT_TIMELINE };

export function faultTimelineReconciler(): Reconciler {
  return {
    name: FAULT_TIMELINE,
    actor: FAULT_TIMELINE_ACTOR,
    // Reads no objects: only time and the timeline (both global changes) can make a fault due.
    watches: [],
    reconcile({ view, now }): Write[] {
      const writes: Write[] = [];
      for (const entry of view.faultTimeline) {
        if (entry.done || entry.at > now) continue;
        writes.push({
          op: 'fault',
          fault: entry.fault,
          scheduled: entry.index,
          reason: `Fault:${entry.fault.kind}`,
        });
      }
      return writes;
    },
    nextWakeAt(view: ClusterView): number | undefined {
      let next: number | undefined;
      for (const entry of view.faultTimeline)
        if (!entry.done && entry.at > view.now && (next === undefined || entry.at < next)) next = entry.at;
      return next;
    },
  };
}
