// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go syncReplicaSet): claim pods (adopt
// matching orphans, release owned pods whose labels stopped matching), create missing pods from the template,
// delete the excess by the deletion ranking, and report status. Terminating pods no longer count, so their
// replacement is created at once.
import type { Pod } from '../../api/pod';
import type { ReplicaSet } from '../../api/workloads';
import type { ObjectInput } from '../../api-server/api-server';
import { matchesSelector } from '../../api/selectors';
import { randomSuffix, type Rng } from '../../rng/rng';
import { jsonEqual } from '../../rng/template-hash';
import type { KubeEventNote } from '../../state/cluster-event';
import type { ClusterView } from '../../state/cluster-state';
import type { ReconcileContext, Reconciler, Write } from '../../runtime/reconciler';
import { controllerRef, controllerReference, isControlledBy, withoutOwner } from '../shared/owners';
import { availableAt, isPodActive, isPodAvailable, isPodReady } from '../shared/pods';
import { podsToDelete } from './pod-ranking';

const COMPONENT = 'replicaset-controller';
/** burstReplicas: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;
/** The API server's generated names keep at most 58 characters of the prefix (63 − 5 random). */
const MAX_GENERATED_PREFIX = 58;

export function replicaSetReconciler(): Reconciler {
  return {
    name: COMPONENT,
    actor: { type: 'controller', name: COMPONENT },
    watches: ['ReplicaSet', 'Pod', 'Namespace'],
    reconcile(ctx) {
      const replicaSets = ctx.view.objects.list('ReplicaSet');
      if (!replicaSets.length) return [];
      const dirty = replicaSetsToSync(ctx, replicaSets);
      if (dirty?.size === 0) return [];
      const run: SyncRun = {
        ctx,
        orphans: orphanPods(ctx.view),
        adopted: new Set(),
        names: { rng: ctx.rng('pod-names'), used: new Set() },
      };
      const writes: Write[] = [];
      for (const rs of replicaSets) {
        if (dirty && !dirty.has(rs.metadata.uid)) continue;
        for (const write of syncReplicaSet(run, rs)) writes.push(write);
      }
      return writes;
    },
    nextWakeAt(view) {
      // A Ready pod becomes available minReadySeconds later: status must flip at that instant.
      let next: number | undefined;
      for (const rs of view.objects.list('ReplicaSet')) {
        const minReady = rs.spec.minReadySeconds ?? 0;
        if (minReady <= 0) continue;
        for (const pod of view.objects.dependents(rs.metadata.uid, 'Pod')) {
          if (!isPodActive(pod) || !isControlledBy(pod, rs)) continue;
          const at = availableAt(pod, minReady);
          if (at !== undefined && at > view.now && (next === undefined || at < next)) next = at;
        }
      }
      return next;
    },
  };
}

interface SyncRun {
  ctx: ReconcileContext;
  /** Active pods without a controller, by namespace. */
  orphans: Map<string, Pod[]>;
  /** Orphans adopted earlier in this call (another ReplicaSet may match them too). */
  adopted: Set<string>;
  names: { rng: Rng; used: Set<string> };
}

/**
 * The ReplicaSets whose sync may write something, from the change feed (the work queue of the upstream
 * controller: the ReplicaSet itself changed, or a pod it controls or controlled, or an orphan it may adopt).
 * Undefined means all: a full pass. A ReplicaSet left out would decide nothing new: its inputs (its spec, its
 * pods, the orphans of its namespace, and `now`) are what they were when it last synced.
 */
function replicaSetsToSync(
  ctx: ReconcileContext,
  replicaSets: readonly ReplicaSet[],
): Set<string> | undefined {
  const changed = ctx.changed;
  // A namespace coming or going can make a failed create succeed: look at everything again.
  if (!changed || changed.full || changed.of('Namespace').length) return undefined;
  const dirty = new Set<string>();
  for (const change of changed.of('ReplicaSet')) if (change.current) dirty.add(change.uid);
  for (const change of changed.of('Pod')) {
    for (const pod of [change.previous, change.current]) {
      if (!pod) continue;
      const owner = controllerRef(pod);
      if (owner) {
        dirty.add(owner.uid);
        continue;
      }
      // An orphan: every ReplicaSet of its namespace whose selector matches may adopt it (the first one does).
      const namespace = pod.metadata.namespace ?? 'default';
      for (const rs of replicaSets)
        if (
          (rs.metadata.namespace ?? 'default') === namespace &&
          matchesSelector(rs.spec.selector, pod.metadata.labels)
        )
          dirty.add(rs.metadata.uid);
    }
  }
  // Deleting pods ranks them against the pods of sibling ReplicaSets (same controller): sync those together.
  const owners = new Set<string>();
  for (const rs of replicaSets) {
    const owner = controllerRef(rs);
    if (owner && dirty.has(rs.metadata.uid)) owners.add(owner.uid);
  }
  for (const rs of replicaSets) {
    const owner = controllerRef(rs);
    if (owner && owners.has(owner.uid)) dirty.add(rs.metadata.uid);
  }
  return dirty;
}

function orphanPods(view: ClusterView): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const pod of view.objects.uncontrolled('Pod')) {
    if (!isPodActive(pod)) continue;
    const ns = pod.metadata.namespace ?? 'default';
    const list = out.get(ns);
    if (list) list.push(pod);
    else out.set(ns, [pod]);
  }
  return out;
}

function syncReplicaSet(run: SyncRun, rs: ReplicaSet): Write[] {
  const { view, now } = run.ctx;
  const writes: Write[] = [];
  const namespace = rs.metadata.namespace ?? 'default';
  const uid = rs.metadata.uid;
  const deleting = !!rs.metadata.deletionTimestamp;

  // ---- claim (ControllerRefManager.ClaimPods over active pods) ----
  const pods: Pod[] = [];
  for (const pod of view.objects.dependents(uid, 'Pod')) {
    if (!isPodActive(pod) || !isControlledBy(pod, rs)) continue;
    if (matchesSelector(rs.spec.selector, pod.metadata.labels)) pods.push(pod);
    else if (!deleting)
      writes.push({ op: 'update', reason: 'ReleasePod', causeUid: uid, object: withoutOwner(pod, uid) });
  }
  if (!deleting) {
    for (const pod of run.orphans.get(namespace) ?? []) {
      if (run.adopted.has(pod.metadata.uid) || !matchesSelector(rs.spec.selector, pod.metadata.labels))
        continue;
      run.adopted.add(pod.metadata.uid);
      const adopted: Pod = {
        ...pod,
        metadata: {
          ...pod.metadata,
          ownerReferences: [...(pod.metadata.ownerReferences ?? []), controllerReference(rs)],
        },
      };
      writes.push({ op: 'update', reason: 'AdoptPod', causeUid: uid, object: adopted });
      pods.push(adopted);
    }
  }

  // ---- manage replicas ----
  const replicas = rs.spec.replicas ?? 1;
  let created = 0;
  let remaining = pods;
  if (!deleting) {
    const diff = pods.length - replicas;
    if (diff < 0) {
      created = Math.min(-diff, BURST_REPLICAS);
      for (let i = 0; i < created; i++) {
        const pod = podFromTemplate(rs, generateName(run, rs, namespace));
        writes.push({
          op: 'create',
          reason: 'SuccessfulCreate',
          causeUid: uid,
          object: pod,
          notes: [note(rs, 'SuccessfulCreate', `Created pod: ${pod.metadata.name as string}`)],
        });
      }
    } else if (diff > 0) {
      const victims = podsToDelete(pods, relatedPods(view, rs), Math.min(diff, BURST_REPLICAS), now);
      const gone = new Set(victims.map((p) => p.metadata.uid));
      remaining = pods.filter((p) => !gone.has(p.metadata.uid));
      for (const pod of victims) {
        writes.push({
          op: 'delete',
          kind: 'Pod',
          namespace,
          name: pod.metadata.name,
          options: { uid: pod.metadata.uid },
          reason: 'SuccessfulDelete',
          causeUid: uid,
          notes: [note(rs, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`)],
        });
      }
    }
  }

  // ---- status (counted as it will be once these writes land; new pods are never ready yet) ----
  const status = calculateStatus(rs, remaining, created, now);
  if (!jsonEqual(status, rs.status ?? {}))
    writes.push({
      op: 'update',
      reason: 'ReplicaSetStatusUpdated',
      causeUid: uid,
      object: { ...rs, status },
    });
  return writes;
}

function calculateStatus(
  rs: ReplicaSet,
  pods: readonly Pod[],
  created: number,
  now: number,
): NonNullable<ReplicaSet['status']> {
  const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
  const minReady = rs.spec.minReadySeconds ?? 0;
  let fullyLabeled = created;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (hasLabels(pod, templateLabels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
  }
  // Zero counts are omitted, as the API's omitempty JSON does; `replicas` is always present.
  return {
    replicas: pods.length + created,
    ...(fullyLabeled ? { fullyLabeledReplicas: fullyLabeled } : {}),
    ...(ready ? { readyReplicas: ready } : {}),
    ...(available ? { availableReplicas: available } : {}),
    ...(rs.metadata.generation ? { observedGeneration: rs.metadata.generation } : {}),
    ...(rs.status?.conditions?.length ? { conditions: rs.status.conditions } : {}),
  };
}

function hasLabels(pod: Pod, required: readonly [string, string][]): boolean {
  const labels = pod.metadata.labels;
  for (const [key, value] of required) if (labels?.[key] !== value) return false;
  return true;
}

/** Active pods of every ReplicaSet sharing this one's controller (none for a standalone ReplicaSet). */
function relatedPods(view: ClusterView, rs: ReplicaSet): Pod[] {
  const owner = controllerRef(rs);
  if (!owner) return [];
  const out: Pod[] = [];
  for (const sibling of view.objects.dependents(owner.uid, 'ReplicaSet')) {
    if (controllerRef(sibling)?.uid !== owner.uid) continue;
    for (const pod of view.objects.dependents(sibling.metadata.uid, 'Pod'))
      if (isPodActive(pod) && isControlledBy(pod, sibling)) out.push(pod);
  }
  return out;
}

/**
 * The name the API server would generate for `<rs>-`: decided here so the SuccessfulCreate event can name
 * the pod. Same alphabet and prefix rule; drawn from the seeded stream, never colliding.
 */
function generateName(run: SyncRun, rs: ReplicaSet, namespace: string): string {
  const prefix = `${rs.metadata.name}-`.slice(0, MAX_GENERATED_PREFIX);
  for (;;) {
    const name = prefix + randomSuffix(run.names.rng);
    const key = `${namespace}/${name}`;
    if (run.names.used.has(key) || run.ctx.view.objects.get('Pod', namespace, name)) continue;
    run.names.used.add(key);
    return name;
  }
}

/** GetPodFromTemplate: template labels/annotations/spec, generateName `<rs>-`, the controller reference. */
function podFromTemplate(rs: ReplicaSet, name: string): ObjectInput {
  const meta = rs.spec.template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace ?? 'default',
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations && Object.keys(meta.annotations).length
        ? { annotations: { ...meta.annotations } }
        : {}),
      ownerReferences: [controllerReference(rs)],
    },
    spec: rs.spec.template.spec,
  } as ObjectInput;
}

function note(rs: ReplicaSet, reason: string, message: string): KubeEventNote {
  return {
    type: 'Normal',
    reason,
    message,
    involvedObject: {
      kind: 'ReplicaSet',
      namespace: rs.metadata.namespace ?? 'default',
      name: rs.metadata.name,
      uid: rs.metadata.uid,
      apiVersion: 'apps/v1',
    },
    source: { component: COMPONENT },
  };
}
