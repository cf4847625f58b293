// kubectl's status viewers (kubectl@1.30 polymorphichelpers/rollout_status.go, spec B.3) come from @podlab/kube,
// where the controllers' engineers keep them next to the status they read; this module only picks the viewer
// for an object's kind.
import {
  daemonSetRolloutStatus,
  deploymentRolloutStatus,
  statefulSetRolloutStatus,
  type KubeObject,
  type RolloutStatusResult,
} from '@podlab/kube';

export type RolloutStatus = RolloutStatusResult;

/** The viewer's verdict for an object, or undefined when kubectl has no viewer for its kind. */
export function rolloutStatusOf(object: KubeObject, revision = 0): RolloutStatus | undefined {
  switch (object.kind) {
    case 'Deployment':
      return deploymentRolloutStatus(object, revision);
    case 'DaemonSet':
      return daemonSetRolloutStatus(object);
    case 'StatefulSet':
      return statefulSetRolloutStatus(object);
    default:
      return undefined;
  }
}
