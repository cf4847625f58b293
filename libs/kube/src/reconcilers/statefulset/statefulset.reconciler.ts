// The StatefulSet controller (pkg/controller/statefulset, stateful_set_control.go): ControllerRevisions,
// ordered (OrderedReady) or burst (Parallel) creation and deletion by ordinal, PVCs from volumeClaimTemplates
// with the retention policy's ownerReferences, RollingUpdate with partition, OnDelete, and status. One call of
// syncStatefulSet is one sync of the real controller: what it decides is based on what it read.
import type { Pod } from '../../api/pod';
import type { ControllerRevision, StatefulSet } from '../../api/workloads';
import { matchesSelector } from '../../api/selectors';
import type { KubeEventNote } from '../../state/cluster-event';
import type { ClusterView } from '../../state/cluster-state';
import type { ReconcileContext, Reconciler, Write } from '../../runtime/reconciler';
import { controllerRef, controllerReference, withoutOwner } from '../shared/owners';
import { isPodAvailable, isPodReady, nextAvailableAt } from '../shared/pods';
import {
  adoptOrphanRevisions,
  controlledRevisions,
  nextRevisionNumber,
  revisionData,
  revisionMatches,
  snapshotRevision,
} from '../shared/revisions';
import {
  claimName,
  claimOwnersUpdate,
  claimsFor,
  identityLabels,
  identityMatches,
  isMemberOf,
  newStatefulSetPod,
  ordinalOf,
  podName,
  replicasOf,
  retentionPolicy,
  REVISION_HASH_LABEL,
  REVISION_LABEL,
  startOrdinal,
  storageMatches,
  volumesWithClaims,
} from './statefulset-identity';

const COMPONENT = 'statefulset-controller';

export function statefulSetReconciler(): Reconciler {
  return {
    name: COMPONENT,
    actor: { type: 'controller', name: COMPONENT },
    reconcile(ctx) {
      const writes: Write[] = [];
      for (const sts of ctx.view.objects.list('StatefulSet')) writes.push(...syncStatefulSet(ctx, sts));
      return writes;
    },
    nextWakeAt(view) {
      // Pods that are Ready but not yet available (minReadySeconds) unblock the controller later.
      return nextAvailableAt(view, view.objects.list('StatefulSet'));
    },
  };
}

// ---- pod predicates (stateful_set_utils.go) ------------------------------------------------------------

function isTerminating(pod: Pod | undefined): boolean {
  return !!pod?.metadata.deletionTimestamp;
}

function isRunningAndReady(pod: Pod | undefined): boolean {
  return !!pod && pod.status?.phase === 'Running' && isPodReady(pod);
}

function isRunningAndAvailable(pod: Pod | undefined, minReadySeconds: number, now: number): boolean {
  return !!pod && isRunningAndReady(pod) && isPodAvailable(pod, minReadySeconds, now);
}

/** Not available, or terminating. A pod not created yet is unavailable. */
function isUnavailable(pod: Pod | undefined, minReadySeconds: number, now: number): boolean {
  return !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
}

function isFinished(pod: Pod): boolean {
  return pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
}

function revisionOf(pod: Pod): string | undefined {
  return pod.metadata.labels?.[REVISION_LABEL];
}

// ---- one sync ------------------------------------------------------------------------------------------

/** A replica slot: the ordinal's pod if it exists, and the revision it has or would be created at. */
interface Slot {
  ordinal: number;
  pod: Pod | undefined;
  revision: string;
}

type StsStatus = NonNullable<StatefulSet['status']>;

class StatefulSetSync {
  readonly writes: Write[] = [];
  private readonly view: ClusterView;
  private readonly now: number;
  private readonly namespace: string;
  private readonly minReady: number;

  constructor(
    ctx: ReconcileContext,
    private readonly sts: StatefulSet,
  ) {
    this.view = ctx.view;
    this.now = ctx.now;
    this.namespace = sts.metadata.namespace ?? 'default';
    this.minReady = sts.spec.minReadySeconds ?? 0;
  }

  private note(reason: string, message: string, type: KubeEventNote['type'] = 'Normal'): KubeEventNote {
    const s = this.sts.metadata;
    return {
      type,
      reason,
      message,
      involvedObject: {
        kind: 'StatefulSet',
        namespace: this.namespace,
        name: s.name,
        uid: s.uid,
        apiVersion: 'apps/v1',
      },
      source: { component: COMPONENT },
    };
  }

  private get name(): string {
    return this.sts.metadata.name;
  }

  /** getPodsForStatefulSet: owned members; orphans with a member name and matching labels are adopted. */
  claimPods(): { pods: Pod[]; changed: boolean } {
    const uid = this.sts.metadata.uid;
    const pods: Pod[] = [];
    let changed = false;
    for (const pod of this.view.objects.dependents(uid, 'Pod')) {
      if (controllerRef(pod)?.uid !== uid) continue;
      if (!matchesSelector(this.sts.spec.selector, pod.metadata.labels) || !isMemberOf(this.sts, pod)) {
        if (!this.sts.metadata.deletionTimestamp) {
          this.writes.push({
            op: 'update',
            object: withoutOwner(pod, uid),
            reason: 'ReleasePod',
            causeUid: pod.metadata.uid,
          });
          changed = true;
        }
        continue;
      }
      pods.push(pod);
    }
    if (!this.sts.metadata.deletionTimestamp) {
      // Orphans can only be members of this set by name, so looking them up by name is enough.
      const start = startOrdinal(this.sts);
      for (let ordinal = start; ordinal < start + replicasOf(this.sts); ordinal++) {
        const pod = this.view.objects.get('Pod', this.namespace, podName(this.sts, ordinal));
        if (!pod || controllerRef(pod) || pod.metadata.deletionTimestamp) continue;
        if (!matchesSelector(this.sts.spec.selector, pod.metadata.labels)) continue;
        this.writes.push({
          op: 'update',
          object: {
            ...pod,
            metadata: {
              ...pod.metadata,
              ownerReferences: [...(pod.metadata.ownerReferences ?? []), controllerReference(this.sts)],
            },
          },
          reason: 'AdoptPod',
          causeUid: pod.metadata.uid,
        });
        changed = true;
      }
    }
    return { pods, changed };
  }

  /**
   * getStatefulSetRevisions: the update revision is the one equal to the current template (the newest such, its
   * number bumped if it is not the last one: a rollback reuses it), created if none; the current revision is
   * status.currentRevision, or the update revision for a new set. Undefined when a hash collision must be
   * recorded first.
   */
  revisions(
    revisions: ControllerRevision[],
  ): { current: ControllerRevision; update: ControllerRevision } | undefined {
    const sts = this.sts;
    const data = revisionData(sts.spec.template);
    const next = nextRevisionNumber(revisions);
    const equal = revisions.filter((r) => revisionMatches(r, data));
    const last = revisions[revisions.length - 1];
    const lastEqual = equal[equal.length - 1];
    let update: ControllerRevision;
    if (lastEqual && last && lastEqual.metadata.uid === last.metadata.uid) {
      update = last;
    } else if (lastEqual) {
      update = { ...lastEqual, revision: next };
      this.writes.push({
        op: 'update',
        object: update,
        reason: 'RevisionReused',
        causeUid: sts.metadata.uid,
      });
    } else {
      const snapshot = snapshotRevision(this.view, sts, {
        data,
        hashed: data,
        hashLabel: REVISION_HASH_LABEL,
        revision: next,
        status: this.baseStatus(),
      });
      if (snapshot.write) this.writes.push(snapshot.write);
      if (snapshot.collision) return undefined;
      update = snapshot.revision;
    }
    const current = revisions.find((r) => r.metadata.name === sts.status?.currentRevision) ?? update;
    return { current, update };
  }

  private baseStatus(): StsStatus {
    return { ...(this.sts.status ?? { replicas: 0 }) };
  }

  computeStatus(pods: readonly Pod[], current: string, update: string): StsStatus {
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let currentReplicas = 0;
    let updated = 0;
    for (const pod of pods) {
      replicas++;
      if (isRunningAndReady(pod)) {
        ready++;
        if (isRunningAndAvailable(pod, this.minReady, this.now)) available++;
      }
      if (!isTerminating(pod)) {
        const revision = revisionOf(pod);
        if (revision === current) currentReplicas++;
        if (revision === update) updated++;
      }
    }
    return {
      ...(this.sts.status?.conditions ? { conditions: this.sts.status.conditions } : {}),
      observedGeneration: this.sts.metadata.generation ?? 1,
      replicas,
      ...(ready ? { readyReplicas: ready } : {}),
      ...(currentReplicas ? { currentReplicas } : {}),
      ...(updated ? { updatedReplicas: updated } : {}),
      availableReplicas: available,
      currentRevision: current,
      updateRevision: update,
      collisionCount: this.sts.status?.collisionCount ?? 0,
    };
  }

  /** updateStatefulSetStatus: completeRollingUpdate, then write only what changed. */
  writeStatus(status: StsStatus): void {
    const sts = this.sts;
    const replicas = status.replicas;
    if (
      (sts.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
      (status.updatedReplicas ?? 0) === replicas &&
      (status.readyReplicas ?? 0) === replicas
    ) {
      status = { ...status, currentRevision: status.updateRevision };
      if (status.updatedReplicas) status.currentReplicas = status.updatedReplicas;
      else delete status.currentReplicas;
    }
    const old = sts.status;
    const same =
      !!old &&
      old.observedGeneration === status.observedGeneration &&
      old.replicas === status.replicas &&
      (old.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
      (old.currentReplicas ?? 0) === (status.currentReplicas ?? 0) &&
      (old.updatedReplicas ?? 0) === (status.updatedReplicas ?? 0) &&
      (old.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
      old.currentRevision === status.currentRevision &&
      old.updateRevision === status.updateRevision &&
      (old.collisionCount ?? 0) === (status.collisionCount ?? 0);
    if (same) return;
    this.writes.push({ op: 'update', object: { ...sts, status }, reason: 'StatusUpdated' });
  }

  // ---- pod and claim operations (stateful_pod_control.go) ----

  private deletePod(pod: Pod, reason: string): void {
    this.writes.push({
      op: 'delete',
      kind: 'Pod',
      namespace: this.namespace,
      name: pod.metadata.name,
      options: { uid: pod.metadata.uid },
      reason,
      causeUid: pod.metadata.uid,
      notes: [
        this.note(
          'SuccessfulDelete',
          `delete Pod ${pod.metadata.name} in StatefulSet ${this.name} successful`,
        ),
      ],
    });
  }

  /** createPersistentVolumeClaims: false when a claim is still being deleted (the pod must wait). */
  private createMissingClaims(ordinal: number, podUid: string | undefined): boolean {
    let ok = true;
    for (const claim of claimsFor(this.sts, ordinal, podUid)) {
      const existing = this.view.objects.get(
        'PersistentVolumeClaim',
        this.namespace,
        claim.metadata.name ?? '',
      );
      if (existing) {
        if (existing.metadata.deletionTimestamp) ok = false;
        continue;
      }
      this.writes.push({
        op: 'create',
        object: claim,
        reason: 'SuccessfulCreate',
        causeUid: this.sts.metadata.uid,
        notes: [
          this.note(
            'SuccessfulCreate',
            `create Claim ${claim.metadata.name} Pod ${podName(this.sts, ordinal)} in StatefulSet ${this.name} success`,
          ),
        ],
      });
    }
    return ok;
  }

  /** PodClaimIsStale: a claim still owned by an earlier pod of this ordinal (whenScaled=Delete) blocks it. */
  private claimIsStale(ordinal: number): boolean {
    if (retentionPolicy(this.sts).whenScaled === 'Retain') return false;
    const name = podName(this.sts, ordinal);
    return (this.sts.spec.volumeClaimTemplates ?? []).some((t) => {
      const claim = this.view.objects.get(
        'PersistentVolumeClaim',
        this.namespace,
        claimName(t.metadata.name, this.sts, ordinal),
      );
      return !!claim?.metadata.ownerReferences?.some((r) => r.kind === 'Pod' && r.name === name);
    });
  }

  private createPod(slot: Slot, template: StatefulSet['spec']['template']): boolean {
    if (!this.createMissingClaims(slot.ordinal, undefined)) return false;
    this.writes.push({
      op: 'create',
      object: newStatefulSetPod(this.sts, template, slot.ordinal, slot.revision),
      reason: 'SuccessfulCreate',
      causeUid: this.sts.metadata.uid,
      notes: [
        this.note(
          'SuccessfulCreate',
          `create Pod ${podName(this.sts, slot.ordinal)} in StatefulSet ${this.name} successful`,
        ),
      ],
    });
    return true;
  }

  /** Claims whose ownerReferences disagree with the retention policy get them fixed (ClaimsMatchRetentionPolicy). */
  private fixClaimOwners(pod: Pod): boolean {
    let changed = false;
    for (const t of this.sts.spec.volumeClaimTemplates ?? []) {
      const claim = this.view.objects.get(
        'PersistentVolumeClaim',
        this.namespace,
        claimName(t.metadata.name, this.sts, ordinalOf(pod)),
      );
      if (!claim) continue;
      const refs = claimOwnersUpdate(claim, this.sts, pod);
      if (!refs) continue;
      const metadata = { ...claim.metadata, ownerReferences: refs };
      if (!refs.length) delete (metadata as { ownerReferences?: unknown }).ownerReferences;
      this.writes.push({
        op: 'update',
        object: { ...claim, metadata },
        reason: 'ClaimRetentionPolicyApplied',
        causeUid: this.sts.metadata.uid,
        notes: [
          this.note(
            'SuccessfulUpdate',
            `update Pod ${pod.metadata.name} in StatefulSet ${this.name} successful`,
          ),
        ],
      });
      changed = true;
    }
    return changed;
  }

  /** UpdateStatefulPod: restore identity labels and claim volumes if they drifted. */
  private fixIdentityAndStorage(pod: Pod): void {
    const identityOk = identityMatches(this.sts, pod);
    const storageOk = storageMatches(this.sts, pod);
    const claimsChanged = this.fixClaimOwners(pod);
    if (identityOk && storageOk) return;
    const ordinal = ordinalOf(pod);
    if (!storageOk) this.createMissingClaims(ordinal, pod.metadata.uid);
    this.writes.push({
      op: 'update',
      object: {
        ...pod,
        metadata: {
          ...pod.metadata,
          labels: { ...(pod.metadata.labels ?? {}), ...identityLabels(this.sts, ordinal) },
        },
        spec: storageOk
          ? pod.spec
          : { ...pod.spec, volumes: volumesWithClaims(this.sts, ordinal, pod.spec.volumes ?? []) },
      },
      reason: 'SuccessfulUpdate',
      causeUid: pod.metadata.uid,
      ...(claimsChanged
        ? {}
        : {
            notes: [
              this.note(
                'SuccessfulUpdate',
                `update Pod ${pod.metadata.name} in StatefulSet ${this.name} successful`,
              ),
            ],
          }),
    });
  }

  /** processReplica: true when an OrderedReady set must stop here for this sync. */
  processReplica(slot: Slot, template: StatefulSet['spec']['template'], monotonic: boolean): boolean {
    const pod = slot.pod;
    if (pod && isFinished(pod)) {
      // A finished pod is deleted and recreated under the same name once it is gone.
      if (!isTerminating(pod)) this.deletePod(pod, 'SuccessfulDelete');
      return true;
    }
    if (!pod) {
      if (this.claimIsStale(slot.ordinal)) return true;
      if (!this.createPod(slot, template)) return true;
      return monotonic;
    }
    if (pod.status?.phase === 'Pending' || !pod.status)
      this.createMissingClaims(slot.ordinal, pod.metadata.uid);
    if (monotonic && isTerminating(pod)) return true;
    if (monotonic && !isRunningAndReady(pod)) return true;
    if (monotonic && !isRunningAndAvailable(pod, this.minReady, this.now)) return true;
    this.fixIdentityAndStorage(pod);
    return false;
  }

  /** processCondemned: true when an OrderedReady set must stop here for this sync. */
  processCondemned(pod: Pod, firstUnhealthy: Pod | undefined, monotonic: boolean): boolean {
    if (isTerminating(pod)) return monotonic;
    if (monotonic && pod !== firstUnhealthy) {
      if (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, this.minReady, this.now)) return true;
    }
    this.deletePod(pod, 'SuccessfulDelete');
    return true;
  }

  run(): Write[] {
    const sts = this.sts;
    const { pods, changed } = this.claimPods();
    if (changed) return this.writes;
    for (const revision of adoptOrphanRevisions(this.view, sts))
      this.writes.push({
        op: 'update',
        object: revision,
        reason: 'AdoptRevision',
        causeUid: sts.metadata.uid,
      });
    if (this.writes.length) return this.writes;

    const history = controlledRevisions(this.view, sts);
    const revisions = this.revisions(history);
    if (!revisions) return this.writes;
    const { current, update } = revisions;

    const replicaCount = replicasOf(sts);
    const start = startOrdinal(sts);
    const partition =
      sts.spec.updateStrategy?.type === 'OnDelete'
        ? 0
        : (sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0);
    const onDelete = sts.spec.updateStrategy?.type === 'OnDelete';

    const byOrdinal = new Map<number, Pod>();
    const condemned: Pod[] = [];
    for (const pod of pods) {
      const ordinal = ordinalOf(pod);
      if (ordinal >= start && ordinal < start + replicaCount) byOrdinal.set(ordinal, pod);
      else if (ordinal >= 0) condemned.push(pod);
    }
    // newVersionedStatefulSetPod: below the partition at the current revision, else the update revision.
    const slots: Slot[] = [];
    for (let i = 0; i < replicaCount; i++) {
      const ordinal = start + i;
      const pod = byOrdinal.get(ordinal);
      const planned = !onDelete && i < partition ? current.metadata.name : update.metadata.name;
      slots.push({ ordinal, pod, revision: pod ? (revisionOf(pod) ?? '') : planned });
    }
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));

    const status = this.computeStatus(
      [...byOrdinal.values(), ...condemned],
      current.metadata.name,
      update.metadata.name,
    );
    this.truncateHistory(history, pods, current, update);

    if (sts.metadata.deletionTimestamp) {
      this.writeStatus(status);
      return this.writes;
    }

    // The first unhealthy pod, among replicas in ordinal order (a missing one counts), then condemned ones.
    let firstUnhealthy: Pod | undefined;
    const unhealthySlot = slots.find((slot) => isUnavailable(slot.pod, this.minReady, this.now));
    if (unhealthySlot) firstUnhealthy = unhealthySlot.pod;
    else firstUnhealthy = [...condemned].reverse().find((pod) => isUnavailable(pod, this.minReady, this.now));

    const monotonic = (sts.spec.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
    const blocked = this.processAll(slots, condemned, firstUnhealthy, monotonic, update, current);
    if (!blocked && !onDelete) this.rollingUpdate(slots, partition, update.metadata.name);
    this.writeStatus(status);
    return this.writes;
  }

  private processAll(
    slots: Slot[],
    condemned: Pod[],
    firstUnhealthy: Pod | undefined,
    monotonic: boolean,
    update: ControllerRevision,
    current: ControllerRevision,
  ): boolean {
    for (const slot of slots) {
      const revision = slot.revision === update.metadata.name ? update : current;
      const stop = this.processReplica(slot, revision.data.spec.template, monotonic);
      if (stop && monotonic) return true;
    }
    // Condemned claims get their retention ownerReferences before their pods go.
    for (const pod of condemned) this.fixClaimOwners(pod);
    for (const pod of condemned) {
      const stop = this.processCondemned(pod, firstUnhealthy, monotonic);
      if (stop && monotonic) return true;
    }
    return false;
  }

  /** RollingUpdate: replace the highest-ordinal pod not at the update revision, one at a time, down to partition. */
  private rollingUpdate(slots: Slot[], partition: number, update: string): void {
    for (let target = slots.length - 1; target >= partition; target--) {
      const slot = slots[target];
      if (!slot) continue;
      if (slot.pod && slot.revision !== update && !isTerminating(slot.pod)) {
        this.deletePod(slot.pod, 'SuccessfulDelete');
        return;
      }
      if (isUnavailable(slot.pod, this.minReady, this.now)) return;
    }
  }

  /** truncateHistory: non-live revisions beyond revisionHistoryLimit are deleted, oldest first. */
  private truncateHistory(
    revisions: readonly ControllerRevision[],
    pods: readonly Pod[],
    current: ControllerRevision,
    update: ControllerRevision,
  ): void {
    const live = new Set<string>([current.metadata.name, update.metadata.name]);
    for (const pod of pods) {
      const revision = revisionOf(pod);
      if (revision) live.add(revision);
    }
    const history = revisions.filter((r) => !live.has(r.metadata.name));
    const limit = this.sts.spec.revisionHistoryLimit ?? 10;
    if (limit < 0 || history.length <= limit) return;
    for (const r of history.slice(0, history.length - limit)) {
      this.writes.push({
        op: 'delete',
        kind: 'ControllerRevision',
        namespace: this.namespace,
        name: r.metadata.name,
        options: { uid: r.metadata.uid },
        reason: 'RevisionHistoryTruncated',
        causeUid: this.sts.metadata.uid,
      });
    }
  }
}

function syncStatefulSet(ctx: ReconcileContext, sts: StatefulSet): Write[] {
  return new StatefulSetSync(ctx, sts).run();
}
