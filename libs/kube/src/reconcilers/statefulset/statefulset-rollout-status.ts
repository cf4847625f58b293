// `kubectl rollout status statefulset/x` (kubectl@1.30 polymorphichelpers/rollout_status.go, spec B.3): a pure
// reading of the object, evaluated on every watch event. Messages end with a newline, as kubectl returns them.
import type { StatefulSet } from '../../api/workloads';

export interface RolloutStatus {
  message: string;
  done: boolean;
  /** kubectl prints it as `error: <text>` and exits 1. */
  error?: string;
}

export function statefulSetRolloutStatus(sts: StatefulSet): RolloutStatus {
  const strategy = sts.spec.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return {
      message: '',
      done: true,
      error: 'rollout status is only available for RollingUpdate strategy type',
    };
  }
  const status = sts.status;
  const observed = status?.observedGeneration ?? 0;
  if (observed === 0 || (sts.metadata.generation ?? 0) > observed) {
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  }
  const replicas = sts.spec.replicas;
  const ready = status?.readyReplicas ?? 0;
  const updated = status?.updatedReplicas ?? 0;
  if (replicas !== undefined && ready < replicas) {
    return { message: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  }
  if (strategy?.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition) {
      return {
        message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`,
        done: false,
      };
    }
    return {
      message: `partitioned roll out complete: ${updated} new pods have been updated...\n`,
      done: true,
    };
  }
  // Only reachable for objects stored without apps/v1 defaulting (rollingUpdate nil).
  if (status?.updateRevision !== status?.currentRevision) {
    return {
      message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status?.updateRevision ?? ''}...\n`,
      done: false,
    };
  }
  return {
    message: `statefulset rolling update complete ${status?.currentReplicas ?? 0} pods at revision ${status?.currentRevision ?? ''}...\n`,
    done: true,
  };
}
