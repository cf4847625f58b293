// garbagecollector (pkg/controller/garbagecollector, spec A.7): cascading deletion along ownerReferences.
// - Background: a dependent whose owners are all gone is deleted (pods gracefully, so they pass through
//   Terminating); a dependent that still has a live owner only loses the dangling references.
// - Foreground: an owner being deleted with the `foregroundDeletion` finalizer has its dependents deleted
//   (those with dependents of their own in foreground too) and keeps the finalizer until no dependent with
//   blockOwnerDeletion remains; removing the last finalizer lets the API server delete it.
// - Orphan: an owner with the `orphan` finalizer has its references removed from every dependent, then the
//   finalizer.
import type { ObjectMeta, OwnerReference } from '../../api/meta';
import { keyOf, RESOURCES, type Kind, type KubeObject } from '../../api/objects';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../../api-server/api-server';
import type { ClusterView } from '../../state/cluster-state';
import type { ChangeFeed, ReconcileContext, Reconciler, Write } from '../../runtime/reconciler';
import { parseTime } from '../../time/time';

export const GARBAGE_COLLECTOR = 'garbagecollector';

/** Kinds that can be owners or dependents (Events are never garbage-collected by owner here). */
const KINDS: readonly Kind[] = RESOURCES.map((r) => r.kind).filter((k) => k !== 'Event');
const NAMESPACED = new Map(RESOURCES.map((r) => [r.kind, r.namespaced]));

export function garbageCollectorReconciler(): Reconciler {
  return {
    name: GARBAGE_COLLECTOR,
    actor: { type: 'controller', name: GARBAGE_COLLECTOR },
    watches: KINDS,
    reconcile: (ctx) => collect(ctx),
    nextWakeAt: (view) => {
      let next: number | undefined;
      for (const pod of view.objects.list('Pod')) {
        const finalizers = pod.metadata.finalizers;
        if (!finalizers?.includes(FOREGROUND_FINALIZER) && !finalizers?.includes(ORPHAN_FINALIZER)) continue;
        const at = podTerminatedAt(pod);
        if (at !== undefined && at > view.now && (next === undefined || at < next)) next = at;
      }
      return next;
    },
  };
}

function collect({ view, changed }: ReconcileContext): Write[] {
  const dirty = changed && !changed.full ? objectsToCheck(view, changed) : undefined;
  const writes: Write[] = [];
  // Owners found alive and not deleting in this pass, with their namespace ('' when cluster-scoped): the many
  // pods of one ReplicaSet then cost one lookup.
  const solid = new Map<string, string>();
  const allSolid = (object: KubeObject) => {
    for (const ref of object.metadata.ownerReferences!) {
      const ns = solid.get(ref.uid);
      if (ns === undefined || (ns !== '' && ns !== object.metadata.namespace)) return false;
    }
    return true;
  };
  for (const kind of KINDS) {
    const objects = dirty ? (dirty.get(kind) ?? []) : view.objects.list(kind);
    for (const object of objects) {
      if (object.metadata.deletionTimestamp) {
        const finalizers = object.metadata.finalizers ?? [];
        if (finalizers.includes(ORPHAN_FINALIZER)) writes.push(...orphanDependents(view, object));
        else if (finalizers.includes(FOREGROUND_FINALIZER)) writes.push(...deleteDependents(view, object));
        continue;
      }
      if (object.metadata.ownerReferences?.length) {
        if (allSolid(object)) continue;
        const write = attemptToDelete(view, object);
        if (write) writes.push(write);
        else
          for (const ref of object.metadata.ownerReferences) {
            const owner = view.objects.byUid(ref.uid)!;
            solid.set(ref.uid, NAMESPACED.get(owner.kind) ? (owner.metadata.namespace ?? '') : '');
          }
      }
    }
  }
  return writes;
}

/**
 * The objects whose check may write something, from the change feed, by kind and in list order. Whatever
 * else a full pass looks at decides nothing new: the object, the liveness and deletion state of its owners,
 * and its own dependents are as they were when the collector last looked (time is covered by full passes).
 */
function objectsToCheck(view: ClusterView, changed: ChangeFeed): Map<Kind, KubeObject[]> | undefined {
  const uids = new Set<string>();
  // When most objects changed anyway, the full pass (with its per-owner cache) is the cheaper one.
  let objects = 0;
  for (const kind of KINDS) objects += view.objects.count(kind);
  if (changed.writes * 4 > objects) return undefined;
  for (const kind of KINDS) {
    for (const change of changed.of(kind)) {
      uids.add(change.uid);
      // Its owners: a foreground or orphaning owner waits on its dependents.
      for (const object of [change.previous, change.current])
        for (const ref of object?.metadata.ownerReferences ?? []) uids.add(ref.uid);
      // Its dependents, when it came, went, or started or changed its deletion.
      if (!ownerStateChanged(change.previous, change.current)) continue;
      for (const dependentKind of KINDS)
        for (const dependent of view.objects.dependents(change.uid, dependentKind))
          uids.add(dependent.metadata.uid);
    }
  }
  const byKind = new Map<Kind, { key: string; object: KubeObject }[]>();
  for (const uid of uids) {
    const object = view.objects.byUid(uid);
    if (!object || object.kind === 'Event') continue;
    let list = byKind.get(object.kind);
    if (!list) byKind.set(object.kind, (list = []));
    list.push({ key: keyOf(object.metadata.namespace, object.metadata.name), object });
  }
  const out = new Map<Kind, KubeObject[]>();
  for (const [kind, list] of byKind) {
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    out.set(
      kind,
      list.map((entry) => entry.object),
    );
  }
  return out;
}

function ownerStateChanged(previous: KubeObject | undefined, current: KubeObject | undefined): boolean {
  if (!previous || !current) return true;
  if (previous.metadata.deletionTimestamp !== current.metadata.deletionTimestamp) return true;
  const a = previous.metadata.finalizers ?? [];
  const b = current.metadata.finalizers ?? [];
  return a.length !== b.length || a.some((f, i) => f !== b[i]);
}

/** The live owner a reference points to: same uid, and in the dependent's namespace when namespaced. */
function ownerOf(view: ClusterView, dependent: KubeObject, ref: OwnerReference): KubeObject | undefined {
  const owner = view.objects.byUid(ref.uid);
  if (!owner) return undefined;
  if (NAMESPACED.get(owner.kind) && owner.metadata.namespace !== dependent.metadata.namespace)
    return undefined;
  return owner;
}

function isDeletingDependents(owner: KubeObject): boolean {
  return !!owner.metadata.deletionTimestamp && !!owner.metadata.finalizers?.includes(FOREGROUND_FINALIZER);
}

function hasDependents(view: ClusterView, owner: KubeObject): boolean {
  return KINDS.some((kind) => view.objects.dependents(owner.metadata.uid, kind).length > 0);
}

/** attemptToDeleteItem: classify the owners as dangling, waiting for dependents' deletion, or solid. */
function attemptToDelete(view: ClusterView, object: KubeObject): Write | undefined {
  const refs = object.metadata.ownerReferences ?? [];
  const dangling: OwnerReference[] = [];
  const waiting: OwnerReference[] = [];
  let solid = 0;
  for (const ref of refs) {
    const owner = ownerOf(view, object, ref);
    if (!owner) dangling.push(ref);
    else if (isDeletingDependents(owner)) waiting.push(ref);
    else solid++;
  }
  if (!dangling.length && !waiting.length) return undefined;
  if (solid) {
    // A live owner keeps the object; only the references to gone (or going) owners are dropped.
    const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
    return {
      op: 'update',
      reason: 'OwnerReferenceRemoved',
      causeUid: object.metadata.uid,
      object: withRefs(
        object,
        refs.filter((r) => !drop.has(r.uid)),
      ),
    };
  }
  // No solid owner: collect it. An owner waiting on it makes it go in foreground when it has dependents itself.
  const propagationPolicy = waiting.length && hasDependents(view, object) ? 'Foreground' : 'Background';
  return {
    op: 'delete',
    kind: object.kind,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    name: object.metadata.name,
    options: { propagationPolicy, uid: object.metadata.uid },
    reason: 'GarbageCollected',
    causeUid: (dangling[0] ?? waiting[0])?.uid,
  };
}

/** Foreground: wait for the blocking dependents to be gone, then drop the finalizer. */
function deleteDependents(view: ClusterView, owner: KubeObject): Write[] {
  const uid = owner.metadata.uid;
  const blocking = KINDS.some((kind) =>
    view.objects
      .dependents(uid, kind)
      .some((d) => d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion)),
  );
  // (Dependents themselves are deleted by attemptToDelete: this owner counts as waiting for them.)
  if (blocking) return [];
  return removeFinalizer(view, owner, FOREGROUND_FINALIZER, 'DependentsDeleted');
}

/** Orphan: remove this owner from every dependent's ownerReferences, then drop the finalizer. */
function orphanDependents(view: ClusterView, owner: KubeObject): Write[] {
  const uid = owner.metadata.uid;
  const writes: Write[] = [];
  for (const kind of KINDS) {
    for (const dependent of view.objects.dependents(uid, kind)) {
      writes.push({
        op: 'update',
        reason: 'OrphanedDependent',
        causeUid: uid,
        object: withRefs(
          dependent,
          (dependent.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid),
        ),
      });
    }
  }
  return writes.length ? writes : removeFinalizer(view, owner, ORPHAN_FINALIZER, 'DependentsOrphaned');
}

/** A bound pod terminates gracefully: its finalizers may go once the kubelet confirmed or the grace ran out. */
function podTerminatedAt(owner: KubeObject): number | undefined {
  if (owner.kind !== 'Pod' || !owner.spec.nodeName || (owner.metadata.deletionGracePeriodSeconds ?? 0) <= 0)
    return undefined;
  return parseTime(owner.metadata.deletionTimestamp);
}

function removeFinalizer(view: ClusterView, owner: KubeObject, finalizer: string, reason: string): Write[] {
  // Otherwise the API server would delete a pod mid-termination when its last finalizer goes.
  const terminatedAt = podTerminatedAt(owner);
  if (terminatedAt !== undefined && terminatedAt > view.now) return [];
  const finalizers = (owner.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  const metadata: ObjectMeta = { ...owner.metadata, finalizers };
  if (!finalizers.length) delete metadata.finalizers;
  return [
    { op: 'update', reason, causeUid: owner.metadata.uid, object: { ...owner, metadata } as KubeObject },
  ];
}

function withRefs<T extends KubeObject>(object: T, refs: OwnerReference[]): T {
  const metadata = { ...object.metadata, ownerReferences: refs };
  if (!refs.length) delete (metadata as { ownerReferences?: OwnerReference[] }).ownerReferences;
  return { ...object, metadata };
}
