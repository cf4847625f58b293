// `kubectl rollout status daemonset/x` (kubectl@1.30 polymorphichelpers/rollout_status.go, spec B.3).
import type { DaemonSet } from '../../api/workloads';
import type { RolloutStatus } from '../statefulset/statefulset-rollout-status';

export function daemonSetRolloutStatus(ds: DaemonSet): RolloutStatus {
  if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return {
      message: '',
      done: true,
      error: 'rollout status is only available for RollingUpdate strategy type',
    };
  }
  const status = ds.status;
  if ((ds.metadata.generation ?? 0) > (status?.observedGeneration ?? 0)) {
    return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
  }
  const name = ds.metadata.name;
  const desired = status?.desiredNumberScheduled ?? 0;
  const updated = status?.updatedNumberScheduled ?? 0;
  const available = status?.numberAvailable ?? 0;
  if (updated < desired) {
    return {
      message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`,
      done: false,
    };
  }
  if (available < desired) {
    return {
      message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`,
      done: false,
    };
  }
  return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
}
