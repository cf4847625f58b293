// ControllerRevision history shared by the StatefulSet and DaemonSet controllers (pkg/controller/history) and
// the data `kubectl rollout history sts/x | ds/x` prints (kubectl polymorphichelpers/history.go).
import type { PodTemplateSpec } from '../../api/pod';
import type { ControllerRevision, DaemonSet, StatefulSet } from '../../api/workloads';
import type { ObjectInput } from '../../api-server/api-server';
import { jsonEqual, computeHash } from '../../rng/template-hash';
import type { Write } from '../../runtime/reconciler';
import type { ClusterView } from '../../state/cluster-state';
import { matchesSelector } from '../../api/selectors';
import { controllerRef, controllerReference } from './owners';

export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

export type RevisionSnapshot =
  | { collision: true; write: Write }
  | { collision: false; hash: string; revision: ControllerRevision; write: Write | undefined };

/**
 * A new ControllerRevision `<owner>-<hash>` holding `data` (history.NewControllerRevision), as the write that
 * creates it; or, when that name is taken by other data, the status write that bumps collisionCount so the next
 * sync hashes differently. An owner being deleted gets no new history: the garbage collector is removing what it
 * has, and a foreground deletion would otherwise never settle. The returned revision stands in for the one being
 * created (no uid yet) within this sync.
 */
export function snapshotRevision<T extends StatefulSet | DaemonSet>(
  view: ClusterView,
  owner: T,
  options: {
    data: ControllerRevision['data'];
    /** What the hash is computed over (the StatefulSet hashes the patch, the DaemonSet its template). */
    hashed: unknown;
    hashLabel: string;
    revision: number;
    /** The owner's status as this sync has it, to carry the bumped collisionCount. */
    status: NonNullable<T['status']>;
  },
): RevisionSnapshot {
  const namespace = owner.metadata.namespace ?? 'default';
  const collisionCount = owner.status?.collisionCount ?? 0;
  const hash = computeHash(options.hashed, collisionCount);
  const name = `${owner.metadata.name}-${hash}`;
  if (view.objects.get('ControllerRevision', namespace, name)) {
    return {
      collision: true,
      write: {
        op: 'update',
        object: { ...owner, status: { ...options.status, collisionCount: collisionCount + 1 } } as T,
        reason: 'RevisionHashCollision',
        causeUid: owner.metadata.uid,
      },
    };
  }
  const annotations = owner.metadata.annotations;
  const input = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace,
      labels: { ...(owner.spec.template.metadata?.labels ?? {}), [options.hashLabel]: hash },
      ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
      ownerReferences: [controllerReference(owner)],
    },
    data: options.data,
    revision: options.revision,
  };
  const revision = {
    ...input,
    metadata: { ...input.metadata, uid: '', resourceVersion: '', creationTimestamp: '' },
  } as ControllerRevision;
  const write: Write | undefined = owner.metadata.deletionTimestamp
    ? undefined
    : { op: 'create', object: input as ObjectInput, reason: 'RevisionCreated', causeUid: owner.metadata.uid };
  return { collision: false, hash, revision, write };
}

/** The revision's data: a patch that replaces the owner's pod template (getPatch in both controllers). */
export function revisionData(template: PodTemplateSpec): ControllerRevision['data'] {
  return { spec: { template } };
}

/** Same patch bytes: history.EqualRevision / daemon Match compare the stored data. */
export function revisionMatches(revision: ControllerRevision, data: ControllerRevision['data']): boolean {
  return jsonEqual(revision.data, data);
}

/** history.SortControllerRevisions: by revision number, then creation time, then name. */
export function compareRevisions(a: ControllerRevision, b: ControllerRevision): number {
  if (a.revision !== b.revision) return a.revision - b.revision;
  const ta = a.metadata.creationTimestamp;
  const tb = b.metadata.creationTimestamp;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** ControllerRevisions whose controller is `owner`, sorted oldest revision first. */
export function controlledRevisions(view: ClusterView, owner: StatefulSet | DaemonSet): ControllerRevision[] {
  return view.objects
    .dependents(owner.metadata.uid, 'ControllerRevision')
    .filter((r) => controllerRef(r)?.uid === owner.metadata.uid)
    .sort(compareRevisions);
}

/**
 * ClaimControllerRevisions' adoption: revisions without a controller whose labels match the owner's selector
 * (left by an orphaning delete) become the owner's again, as updates to write. None while the owner is being
 * deleted.
 */
export function adoptOrphanRevisions(
  view: ClusterView,
  owner: StatefulSet | DaemonSet,
): ControllerRevision[] {
  if (owner.metadata.deletionTimestamp) return [];
  return view.objects
    .list('ControllerRevision', owner.metadata.namespace ?? 'default')
    .filter((r) => !controllerRef(r) && matchesSelector(owner.spec.selector, r.metadata.labels))
    .map((r) => ({
      ...r,
      metadata: {
        ...r.metadata,
        ownerReferences: [...(r.metadata.ownerReferences ?? []), controllerReference(owner)],
      },
    }));
}

/** history.NextRevision: one more than the highest revision number, 1 for an empty history. */
export function nextRevisionNumber(revisions: readonly ControllerRevision[]): number {
  let max = 0;
  for (const r of revisions) if (r.revision > max) max = r.revision;
  return max + 1;
}

export interface RevisionHistoryEntry {
  revision: number;
  /** ControllerRevision name (`web-6d4f8b5c9`). */
  name: string;
  /** `kubernetes.io/change-cause` of the revision, undefined when absent (kubectl prints `<none>`). */
  changeCause: string | undefined;
  template: PodTemplateSpec;
}

/**
 * What `kubectl rollout history statefulset/x` or `daemonset/x` lists: the owner's ControllerRevisions by
 * ascending revision number (one row per number, as kubectl keys them by revision), with change-cause.
 */
export function controllerRevisionHistory(
  view: ClusterView,
  owner: StatefulSet | DaemonSet,
): RevisionHistoryEntry[] {
  const byNumber = new Map<number, ControllerRevision>();
  for (const r of controlledRevisions(view, owner)) byNumber.set(r.revision, r);
  return [...byNumber.values()]
    .sort((a, b) => a.revision - b.revision)
    .map((r) => ({
      revision: r.revision,
      name: r.metadata.name,
      changeCause: r.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] || undefined,
      template: r.data.spec.template,
    }));
}
