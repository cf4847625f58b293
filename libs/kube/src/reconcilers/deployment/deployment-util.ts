// Pure Deployment arithmetic and lookups (pkg/controller/deployment/util/deployment_util.go and the kubectl
// rollout-status viewer), shared by the deployment controller and kubectl. Read for behaviour, written anew.
import type { Condition, IntOrString } from '../../api/meta';
import type { PodTemplateSpec } from '../../api/pod';
import type { Deployment, ReplicaSet } from '../../api/workloads';
import { jsonEqual } from '../../rng/template-hash';
import { parseTime } from '../../time/time';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
/** deployment controller's maxRevHistoryLengthInChars. */
export const MAX_REVISION_HISTORY_CHARS = 2000;

/** Deployment annotations never copied onto its ReplicaSets (annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
]);

// Condition reasons (deployment util constants), observable in `kubectl describe` and `-o yaml`.
export const NEW_RS_CREATED_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const RS_UPDATED_REASON = 'ReplicaSetUpdated';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const PAUSED_REASON = 'DeploymentPaused';
export const RESUMED_REASON = 'DeploymentResumed';
export const MIN_AVAILABLE_REASON = 'MinimumReplicasAvailable';
export const MIN_UNAVAILABLE_REASON = 'MinimumReplicasUnavailable';

/** The value of an int-or-percent against `total` (intstr.GetScaledValueFromIntOrPercent); nil counts as 0. */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const match = /^(-?\d+)%$/.exec(value.trim());
  if (!match) {
    // Validation rejects non-percent strings; a plain number in a string is the closest sensible reading.
    const n = Number.parseInt(value, 10);
    return Number.isNaN(n) ? 0 : n;
  }
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down (percentages of `desired`); when both come
 * out 0, maxUnavailable becomes 1 so a rollout can always make progress.
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function replicasOf(object: { spec: { replicas?: number } }): number {
  return object.spec.replicas ?? 1;
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** MaxUnavailable(d): 0 unless RollingUpdate with replicas > 0; never more than replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

/** MaxSurge(d): 0 unless RollingUpdate. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

// ---- ReplicaSet counts -----------------------------------------------------------------------------------

export function specReplicaSum(rss: readonly ReplicaSet[]): number {
  return rss.reduce((sum, rs) => sum + replicasOf(rs), 0);
}

export function statusReplicaSum(rss: readonly ReplicaSet[]): number {
  return rss.reduce((sum, rs) => sum + (rs.status?.replicas ?? 0), 0);
}

export function readyReplicaSum(rss: readonly ReplicaSet[]): number {
  return rss.reduce((sum, rs) => sum + (rs.status?.readyReplicas ?? 0), 0);
}

export function availableReplicaSum(rss: readonly ReplicaSet[]): number {
  return rss.reduce((sum, rs) => sum + (rs.status?.availableReplicas ?? 0), 0);
}

export function activeReplicaSets(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => !!rs && replicasOf(rs) > 0);
}

/**
 * NewRSNewReplicas: how big the new ReplicaSet may be now. RollingUpdate grows it into the room left under
 * replicas + maxSurge (never past replicas); Recreate goes straight to replicas.
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d)) return replicas;
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge, replicas, true);
  const current = specReplicaSum(allRSs);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, replicas - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}

// ---- orderings (controller.ReplicaSetsByCreationTimestamp & co.) -----------------------------------------

function timeOf(rs: ReplicaSet): number {
  return parseTime(rs.metadata.creationTimestamp) ?? 0;
}

/** Oldest first; same second → name order. */
export function compareByCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = timeOf(a);
  const tb = timeOf(b);
  if (ta !== tb) return ta - tb;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** Largest first; ties newer first (scaling up). */
export function compareBySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = replicasOf(b) - replicasOf(a);
  return d !== 0 ? d : compareByCreation(b, a);
}

/** Largest first; ties older first (scaling down). */
export function compareBySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = replicasOf(b) - replicasOf(a);
  return d !== 0 ? d : compareByCreation(a, b);
}

/** Lowest revision first; ties by creation. */
export function compareByRevision(a: ReplicaSet, b: ReplicaSet): number {
  const d = revisionOf(a) - revisionOf(b);
  return d !== 0 ? d : compareByCreation(a, b);
}

// ---- new / old ReplicaSets -------------------------------------------------------------------------------

/** Semantic equality of templates ignoring the pod-template-hash label (EqualIgnoreHash). */
export function templatesEqualIgnoringHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return jsonEqual(withoutHash(a), withoutHash(b));
}

function withoutHash(template: PodTemplateSpec): unknown {
  const metadata = { ...(template.metadata ?? {}) };
  const labels = { ...(metadata.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  // Semantic.DeepEqual treats nil and empty maps alike.
  if (Object.keys(labels).length) metadata.labels = labels;
  else delete metadata.labels;
  if (metadata.annotations && !Object.keys(metadata.annotations).length) delete metadata.annotations;
  return { ...template, metadata };
}

/** The ReplicaSet whose template matches the Deployment's; the oldest if several (FindNewReplicaSet). */
export function findNewReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList]
    .sort(compareByCreation)
    .find((rs) => templatesEqualIgnoringHash(rs.spec.template, d.spec.template));
}

/** Every ReplicaSet but the new one (FindOldReplicaSets' second result). */
export function findOldReplicaSets(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, rsList);
  return rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
}

/** The `deployment.kubernetes.io/revision` annotation as a number (0 when missing or not a number). */
export function revisionOf(object: { metadata: { annotations?: Record<string, string> } }): number {
  const value = object.metadata.annotations?.[REVISION_ANNOTATION];
  if (value === undefined || !/^\d+$/.test(value)) return 0;
  return Number(value);
}

export function maxRevision(rss: readonly ReplicaSet[]): number {
  return rss.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const value = rs.metadata.annotations?.[key];
  if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
  return Number(value);
}

export function desiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

export function maxReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
}

/** The desired/max annotations a scaled ReplicaSet carries, or undefined when they are already right. */
export function replicasAnnotations(
  annotations: Record<string, string> | undefined,
  desired: number,
  max: number,
): Record<string, string> | undefined {
  const a = annotations ?? {};
  if (a[DESIRED_REPLICAS_ANNOTATION] === String(desired) && a[MAX_REPLICAS_ANNOTATION] === String(max))
    return undefined;
  return { ...a, [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) };
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations (minus the skip list), raises the revision
 * to `newRevision` when it is lower (recording the old number in revision-history, as a rollback does), and,
 * for a ReplicaSet about to be created, the desired/max annotations. Returns the new map and whether it changed.
 */
export function newReplicaSetAnnotations(
  d: Deployment,
  rsAnnotations: Record<string, string> | undefined,
  newRevision: number,
  exists: boolean,
): { annotations: Record<string, string>; changed: boolean } {
  const annotations: Record<string, string> = { ...(rsAnnotations ?? {}) };
  let changed = false;
  for (const key of Object.keys(d.metadata.annotations ?? {}).sort()) {
    const value = (d.metadata.annotations ?? {})[key] as string;
    if (ANNOTATIONS_TO_SKIP.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const oldRevision = annotations[REVISION_ANNOTATION];
  let oldRevisionNumber = 0;
  if (oldRevision !== undefined && oldRevision !== '') {
    if (!/^-?\d+$/.test(oldRevision)) return { annotations, changed };
    oldRevisionNumber = Number(oldRevision);
  }
  if (oldRevisionNumber < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) {
      const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
      if (history === '') {
        annotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
      } else {
        // Keep the newest entries within the length limit, dropping the oldest first.
        const entries = history.split(',');
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > MAX_REVISION_HISTORY_CHARS && start < entries.length) {
          total -= (entries[start] as string).length + 1;
          start++;
        }
        if (total <= MAX_REVISION_HISTORY_CHARS)
          annotations[REVISION_HISTORY_ANNOTATION] = [...entries.slice(start), oldRevision].join(',');
      }
    }
  }
  if (!exists) {
    const replicas = replicasOf(d);
    const next = replicasAnnotations(annotations, replicas, replicas + maxSurge(d));
    if (next) {
      Object.assign(annotations, next);
      changed = true;
    }
  }
  return { annotations, changed };
}

// ---- proportional scaling (GetProportion / getReplicaSetFraction) ---------------------------------------

/** IsSaturated: the new RS is at full size, was sized for it, and all of it is available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const replicas = replicasOf(d);
  return (
    replicasOf(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas
  );
}

/** How many replicas this RS should gain (or lose) for its share of a resize. */
export function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = replicasOf(d);
  if (replicas === 0) return -replicasOf(rs);
  const maxReplicas = replicas + maxSurge(d);
  let before = maxReplicasAnnotation(rs);
  if (before === undefined || before === 0) {
    // Someone else scaled the RS, or the Deployment was paused: use the Deployment's current size.
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  const size = (replicasOf(rs) * maxReplicas) / before;
  return roundHalfAwayFromZero(size) - replicasOf(rs);
}

export function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, addedSoFar: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === addedSoFar) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - addedSoFar;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** FindActiveOrLatest: the only active RS, or the newest when none is active; undefined with several. */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => compareByCreation(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  if (active.length === 1) return active[0];
  return undefined;
}

// ---- progress (progress.go helpers) ----------------------------------------------------------------------

export type DeploymentStatus = NonNullable<Deployment['status']>;

export function deploymentCondition(
  status: DeploymentStatus | undefined,
  type: string,
): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec.progressDeadlineSeconds;
  return s !== undefined && s !== 2147483647;
}

/** DeploymentComplete: every replica updated and available, and the latest spec observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus | undefined): boolean {
  const replicas = replicasOf(d);
  return (
    (status?.updatedReplicas ?? 0) === replicas &&
    (status?.replicas ?? 0) === replicas &&
    (status?.availableReplicas ?? 0) === replicas &&
    (status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

/** DeploymentProgressing: more updated/ready/available replicas, or fewer old ones, than last reported. */
export function deploymentProgressing(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** When the Progressing condition would time out (the controller re-checks a second later), if it can. */
export function progressDeadlineAt(d: Deployment, status: DeploymentStatus | undefined): number | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const cond = deploymentCondition(status, 'Progressing');
  if (!cond || cond.reason === NEW_RS_AVAILABLE_REASON || cond.reason === TIMED_OUT_REASON) return undefined;
  const from = parseTime(cond.lastUpdateTime);
  if (from === undefined) return undefined;
  return from + (d.spec.progressDeadlineSeconds ?? 600) * 1000;
}

/** DeploymentTimedOut: no progress reported for progressDeadlineSeconds (strictly past the deadline). */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = deploymentCondition(status, 'Progressing');
  if (!cond || cond.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (cond.reason === TIMED_OUT_REASON) return true;
  const deadline = progressDeadlineAt(d, status);
  return deadline !== undefined && deadline < now;
}

// ---- kubectl rollout status (B.3) --------------------------------------------------------------------------

export interface RolloutStatusResult {
  /** The line kubectl prints (with its trailing newline); empty when `error` is set. */
  message: string;
  done: boolean;
  /** kubectl prints `error: <error>` and exits 1. */
  error?: string;
}

/** kubectl's DeploymentStatusViewer.Status (rollout_status.go), `revision` from `--revision` (0 = any). */
export function deploymentRolloutStatus(d: Deployment, revision = 0): RolloutStatusResult {
  const name = d.metadata.name;
  if (revision > 0) {
    const running = revisionOf(d);
    if (running !== revision)
      return {
        message: '',
        done: false,
        error: `desired revision (${revision}) is different from the running revision (${running})`,
      };
  }
  const status = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const cond = deploymentCondition(status, 'Progressing');
    if (cond?.reason === TIMED_OUT_REASON)
      return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
    const replicas = replicasOf(d);
    const updated = status.updatedReplicas ?? 0;
    const total = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    if (updated < replicas)
      return {
        message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`,
        done: false,
      };
    if (total > updated)
      return {
        message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...\n`,
        done: false,
      };
    if (available < updated)
      return {
        message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`,
        done: false,
      };
    return { message: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}
