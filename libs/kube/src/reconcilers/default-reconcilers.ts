// The controllers of a simulated cluster, in the order one reconcile round runs them. Order matters only for
// how many rounds an instant takes to settle, never for the settled state.
import type { Reconciler } from '../runtime/reconciler';
import { endpointsReconciler } from './endpoints/endpoints.reconciler';
import { garbageCollectorReconciler } from './garbage-collector/garbage-collector.reconciler';
import { nodeLifecycleReconciler } from './node-lifecycle/node-lifecycle.reconciler';
import { persistentVolumeReconciler } from './persistent-volume/persistent-volume.reconciler';
import { schedulerReconciler } from './scheduler/scheduler.reconciler';
import { deploymentReconciler } from './deployment/deployment.reconciler';
import { replicaSetReconciler } from './replicaset/replicaset.reconciler';
import { daemonSetReconciler } from './daemonset/daemonset.reconciler';
import { statefulSetReconciler } from './statefulset/statefulset.reconciler';
import { kubeletReconciler } from './kubelet/kubelet.reconciler';
import { faultTimelineReconciler } from './fault-timeline/fault-timeline.reconciler';

export function defaultReconcilers(): Reconciler[] {
  return [
    nodeLifecycleReconciler(),
    garbageCollectorReconciler(),
    deploymentReconciler(),
    replicaSetReconciler(),
    statefulSetReconciler(),
    daemonSetReconciler(),
    persistentVolumeReconciler(),
    schedulerReconciler(),
    kubeletReconciler(),
    endpointsReconciler(),
    // Last: at a fault's instant the other controllers have had their first look before the fault lands.
    faultTimelineReconciler(),
    // node-lifecycle, garbage-collector, deployment, replicaset, statefulset, daemonset,
    // persistent-volume, scheduler, kubelet, endpoints — each added as it lands.
  ];
}
