// Deployment status and conditions (sync.go calculateStatus / checkPausedConditions, progress.go
// syncRolloutStatus): counts from the ReplicaSets, Available from maxUnavailable, Progressing from progress.
import type { Condition } from '../../api/meta';
import type { Deployment, ReplicaSet } from '../../api/workloads';
import { rfc3339 } from '../../time/time';
import {
  availableReplicaSum,
  deploymentComplete,
  deploymentCondition,
  deploymentProgressing,
  deploymentTimedOut,
  hasProgressDeadline,
  maxUnavailable,
  MIN_AVAILABLE_REASON,
  MIN_UNAVAILABLE_REASON,
  NEW_RS_AVAILABLE_REASON,
  PAUSED_REASON,
  readyReplicaSum,
  replicasOf,
  RESUMED_REASON,
  RS_UPDATED_REASON,
  specReplicaSum,
  statusReplicaSum,
  TIMED_OUT_REASON,
  type DeploymentStatus,
} from './deployment-util';

export function newDeploymentCondition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  now: number,
): Condition {
  const time = rfc3339(now);
  return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
}

/**
 * SetDeploymentCondition: a condition with the same status and reason is left alone (its lastUpdateTime too);
 * otherwise it is replaced and moved to the end, keeping lastTransitionTime when the status did not change.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: Condition): DeploymentStatus {
  const current = deploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return status;
  const next: Condition =
    current && current.status === condition.status && current.lastTransitionTime
      ? { ...condition, lastTransitionTime: current.lastTransitionTime }
      : condition;
  return { ...status, conditions: [...withoutCondition(status.conditions, condition.type), next] };
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): DeploymentStatus {
  if (!deploymentCondition(status, type)) return status;
  return { ...status, conditions: withoutCondition(status.conditions, type) };
}

function withoutCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/** Drops zero counts as the API's `omitempty` JSON does, so `-o yaml` shows what a real cluster shows. */
function compact(status: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  if (status.observedGeneration) out.observedGeneration = status.observedGeneration;
  if (status.replicas) out.replicas = status.replicas;
  if (status.updatedReplicas) out.updatedReplicas = status.updatedReplicas;
  if (status.readyReplicas) out.readyReplicas = status.readyReplicas;
  if (status.availableReplicas) out.availableReplicas = status.availableReplicas;
  if (status.unavailableReplicas) out.unavailableReplicas = status.unavailableReplicas;
  if (status.conditions?.length) out.conditions = status.conditions;
  if (status.collisionCount !== undefined) out.collisionCount = status.collisionCount;
  return out;
}

/** calculateStatus: counts from the ReplicaSets (unavailable from spec sums) plus the Available condition. */
export function calculateStatus(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const available = availableReplicaSum(allRSs);
  const unavailable = Math.max(0, specReplicaSum(allRSs) - available);
  let status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: statusReplicaSum(allRSs),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: readyReplicaSum(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    conditions: [...(d.status?.conditions ?? [])],
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
  };
  const condition =
    available >= replicasOf(d) - maxUnavailable(d)
      ? newDeploymentCondition(
          'Available',
          'True',
          MIN_AVAILABLE_REASON,
          'Deployment has minimum availability.',
          now,
        )
      : newDeploymentCondition(
          'Available',
          'False',
          MIN_UNAVAILABLE_REASON,
          'Deployment does not have minimum availability.',
          now,
        );
  status = setDeploymentCondition(status, condition);
  return compact(status);
}

/** checkPausedConditions: Unknown/DeploymentPaused or Unknown/DeploymentResumed, never over a timeout. */
export function pausedConditionStatus(d: Deployment, now: number): DeploymentStatus | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const status = d.status ?? {};
  const cond = deploymentCondition(status, 'Progressing');
  if (cond?.reason === TIMED_OUT_REASON) return undefined;
  const pausedExists = cond?.reason === PAUSED_REASON;
  if (d.spec.paused && !pausedExists)
    return setDeploymentCondition(
      status,
      newDeploymentCondition('Progressing', 'Unknown', PAUSED_REASON, 'Deployment is paused', now),
    );
  if (!d.spec.paused && pausedExists)
    return setDeploymentCondition(
      status,
      newDeploymentCondition('Progressing', 'Unknown', RESUMED_REASON, 'Deployment is resumed', now),
    );
  return undefined;
}

/** syncRolloutStatus' new status: calculateStatus plus the Progressing condition's estimate of progress. */
export function rolloutStatus(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  let status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) return compact(removeDeploymentCondition(status, 'Progressing'));
  const current = deploymentCondition(d.status, 'Progressing');
  // A finished rollout that nothing disturbed is not estimated again.
  const complete =
    (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === NEW_RS_AVAILABLE_REASON;
  if (complete) return status;
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (deploymentComplete(d, status)) {
    status = setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Progressing',
        'True',
        NEW_RS_AVAILABLE_REASON,
        `${subject} has successfully progressed.`,
        now,
      ),
    );
  } else if (deploymentProgressing(d, status)) {
    // Progress moves lastUpdateTime even when the reason stays ReplicaSetUpdated (that is what the deadline
    // is measured from); lastTransitionTime stays while the status stays True.
    let condition = newDeploymentCondition(
      'Progressing',
      'True',
      RS_UPDATED_REASON,
      `${subject} is progressing.`,
      now,
    );
    if (current) {
      if (current.status === 'True' && current.lastTransitionTime)
        condition = { ...condition, lastTransitionTime: current.lastTransitionTime };
      status = removeDeploymentCondition(status, 'Progressing');
    }
    status = setDeploymentCondition(status, condition);
  } else if (deploymentTimedOut(d, status, now)) {
    status = setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Progressing',
        'False',
        TIMED_OUT_REASON,
        `${subject} has timed out progressing.`,
        now,
      ),
    );
  }
  return status;
}
