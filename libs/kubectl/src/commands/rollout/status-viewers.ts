// kubectl's status viewers (kubectl@1.30 polymorphichelpers/rollout_status.go, spec B.3): a pure reading of the
// object, evaluated for every watch event. The kube engineers own the same helpers in @podlab/kube
// (deploymentRolloutStatus, statefulSetRolloutStatus, daemonSetRolloutStatus); until they are exported from its
// index this module carries the spec's rules, and it is the one place to switch over.
import type { DaemonSet, Deployment, KubeObject, StatefulSet } from '@podlab/kube';

export interface RolloutStatus {
  /** The line kubectl prints (with its newline); empty when `error` is set. */
  message: string;
  done: boolean;
  /** kubectl prints `error: <error>` and exits 1. */
  error?: string;
}

const ONLY_ROLLING = 'rollout status is only available for RollingUpdate strategy type';

export function deploymentStatus(d: Deployment, revision = 0): RolloutStatus {
  const name = d.metadata.name;
  if (revision > 0) {
    const running = Number(d.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
    if (running !== revision)
      return {
        message: '',
        done: false,
        error: `desired revision (${revision}) is different from the running revision (${running})`,
      };
  }
  const status = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (status.observedGeneration ?? 0))
    return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
  const replicas = d.spec.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const waiting = (what: string): RolloutStatus => ({
    message: `Waiting for deployment "${name}" rollout to finish: ${what}...\n`,
    done: false,
  });
  if (updated < replicas) return waiting(`${updated} out of ${replicas} new replicas have been updated`);
  if (total > updated) return waiting(`${total - updated} old replicas are pending termination`);
  if (available < updated) return waiting(`${available} of ${updated} updated replicas are available`);
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}

export function daemonSetStatus(ds: DaemonSet): RolloutStatus {
  if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate')
    return { message: '', done: false, error: ONLY_ROLLING };
  const status = ds.status;
  if ((ds.metadata.generation ?? 0) > (status?.observedGeneration ?? 0))
    return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
  const name = ds.metadata.name;
  const desired = status?.desiredNumberScheduled ?? 0;
  const updated = status?.updatedNumberScheduled ?? 0;
  const available = status?.numberAvailable ?? 0;
  if (updated < desired)
    return {
      message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`,
      done: false,
    };
  if (available < desired)
    return {
      message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`,
      done: false,
    };
  return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
}

export function statefulSetStatus(sts: StatefulSet): RolloutStatus {
  const strategy = sts.spec.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate')
    return { message: '', done: false, error: ONLY_ROLLING };
  const status = sts.status;
  const observed = status?.observedGeneration ?? 0;
  if (observed === 0 || (sts.metadata.generation ?? 0) > observed)
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = sts.spec.replicas ?? 1;
  const ready = status?.readyReplicas ?? 0;
  const updated = status?.updatedReplicas ?? 0;
  if (ready < replicas)
    return { message: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  if (strategy?.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition ?? 0;
    if (updated < replicas - partition)
      return {
        message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`,
        done: false,
      };
    return {
      message: `partitioned roll out complete: ${updated} new pods have been updated...\n`,
      done: true,
    };
  }
  if (status?.updateRevision !== status?.currentRevision)
    return {
      message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status?.updateRevision ?? ''}...\n`,
      done: false,
    };
  return {
    message: `statefulset rolling update complete ${status?.currentReplicas ?? 0} pods at revision ${status?.currentRevision ?? ''}...\n`,
    done: true,
  };
}

/** The viewer for an object, or undefined when kubectl has none for its kind. */
export function rolloutStatusOf(object: KubeObject, revision = 0): RolloutStatus | undefined {
  switch (object.kind) {
    case 'Deployment':
      return deploymentStatus(object, revision);
    case 'DaemonSet':
      return daemonSetStatus(object);
    case 'StatefulSet':
      return statefulSetStatus(object);
    default:
      return undefined;
  }
}
