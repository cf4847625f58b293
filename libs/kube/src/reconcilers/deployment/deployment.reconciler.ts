// The Deployment controller (pkg/controller/deployment: deployment_controller.go syncDeployment, sync.go,
// rolling.go, recreate.go, progress.go). One call of `syncDeployment` is one sync of the real controller: it
// reads the Deployment and its ReplicaSets, makes at most one scale decision (rolling.go returns after a
// scale-up or a scale-down), and writes each touched object once, carrying the resourceVersion it read.
import type { Deployment, ReplicaSet } from '../../api/workloads';
import type { ObjectInput } from '../../api-server/api-server';
import { matchesSelector } from '../../api/selectors';
import { jsonEqual, computeHash } from '../../rng/template-hash';
import type { KubeEventNote } from '../../state/cluster-event';
import type { ClusterView } from '../../state/cluster-state';
import type { ReconcileContext, Reconciler, Write } from '../../runtime/reconciler';
import { rfc3339 } from '../../time/time';
import { controllerRef, controllerReference, isControlledBy, withoutOwner } from '../shared/owners';
import {
  calculateStatus,
  newDeploymentCondition,
  pausedConditionStatus,
  rolloutStatus,
  setDeploymentCondition,
} from './deployment-status';
import {
  activeReplicaSets,
  compareByRevision,
  compareBySizeNewer,
  compareBySizeOlder,
  deploymentCondition,
  deploymentComplete,
  desiredReplicasAnnotation,
  findActiveOrLatest,
  findNewReplicaSet,
  hasProgressDeadline,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  newReplicaSetAnnotations,
  newRSNewReplicas,
  NEW_RS_CREATED_REASON,
  FOUND_NEW_RS_REASON,
  POD_TEMPLATE_HASH_LABEL,
  progressDeadlineAt,
  proportion,
  replicasAnnotations,
  replicasOf,
  REVISION_ANNOTATION,
  specReplicaSum,
  statusReplicaSum,
} from './deployment-util';
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from './rolling';

const COMPONENT = 'deployment-controller';
/** Uids of ReplicaSets this sync is about to create (the API server assigns the real one). */
const PENDING_UID = 'pending:';
/** The controller re-checks a stuck Deployment a second after its deadline (requeueStuckDeployment). */
const DEADLINE_RECHECK_MS = 1000;

export function deploymentReconciler(): Reconciler {
  return {
    name: COMPONENT,
    actor: { type: 'controller', name: COMPONENT },
    watches: ['Deployment', 'ReplicaSet', 'Pod'],
    reconcile(ctx) {
      const orphans = orphanReplicaSets(ctx.view);
      const writes: Write[] = [];
      for (const d of ctx.view.objects.list('Deployment')) writes.push(...syncDeployment(ctx, d, orphans));
      return writes;
    },
    nextWakeAt(view) {
      let next: number | undefined;
      for (const d of view.objects.list('Deployment')) {
        if (d.spec.paused || d.metadata.deletionTimestamp) continue;
        const deadline = progressDeadlineAt(d, d.status);
        if (deadline === undefined) continue;
        const at = deadline + DEADLINE_RECHECK_MS;
        if (at > view.now && (next === undefined || at < next)) next = at;
      }
      return next;
    },
  };
}

/** ReplicaSets without a controller, by namespace: candidates for adoption. */
function orphanReplicaSets(view: ClusterView): Map<string, ReplicaSet[]> {
  const out = new Map<string, ReplicaSet[]>();
  for (const rs of view.objects.list('ReplicaSet')) {
    if (controllerRef(rs) || rs.metadata.deletionTimestamp) continue;
    const ns = rs.metadata.namespace ?? 'default';
    const list = out.get(ns);
    if (list) list.push(rs);
    else out.set(ns, [rs]);
  }
  return out;
}

export function syncDeployment(
  ctx: ReconcileContext,
  deployment: Deployment,
  orphans: ReadonlyMap<string, ReplicaSet[]> = orphanReplicaSets(ctx.view),
): Write[] {
  // An empty selector selects everything; validation forbids it, the controller refuses it.
  const sel = deployment.spec.selector;
  if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) return [];
  const sync = new DeploymentSync(ctx, deployment);
  sync.run(orphans.get(deployment.metadata.namespace ?? 'default') ?? []);
  return sync.writes();
}

interface Split {
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
  /** A hash collision stopped this sync (collisionCount was raised). */
  aborted?: boolean;
}

/** The working state of one sync: the Deployment and its ReplicaSets as the sync has changed them so far. */
class DeploymentSync {
  private d: Deployment;
  private readonly original: Deployment;
  private readonly now: number;
  private readonly view: ClusterView;
  /** Claimed ReplicaSets, current (possibly changed) versions, by uid. */
  private readonly rss = new Map<string, ReplicaSet>();
  private readonly originals = new Map<string, ReplicaSet>();
  private readonly claimed: string[] = [];
  /** Writes in decision order: ReplicaSet uids (emitted as their final version) or ready-made writes. */
  private readonly ops: ({ uid: string } | { write: Write })[] = [];
  private readonly touched = new Set<string>();
  private readonly adopted = new Set<string>();
  private readonly notes = new Map<string, KubeEventNote[]>();

  constructor(ctx: ReconcileContext, deployment: Deployment) {
    this.view = ctx.view;
    this.now = ctx.now;
    this.original = deployment;
    this.d = deployment;
  }

  run(orphans: readonly ReplicaSet[]): void {
    this.claimReplicaSets(orphans);
    if (this.d.metadata.deletionTimestamp) {
      const split = this.getAllReplicaSetsAndSyncRevision(false);
      this.setStatus(calculateStatus(this.all(split), split.newRS, this.d, this.now));
      return;
    }
    const paused = pausedConditionStatus(this.d, this.now);
    if (paused) this.setStatus(paused);
    if (this.d.spec.paused || this.isScalingEvent()) {
      this.sync();
      return;
    }
    if (isRollingUpdate(this.d)) this.rolloutRolling();
    else this.rolloutRecreate();
  }

  // ---- ReplicaSets of this Deployment (ControllerRefManager.ClaimReplicaSets) ---------------------------

  private claimReplicaSets(orphans: readonly ReplicaSet[]): void {
    const d = this.d;
    const deleting = !!d.metadata.deletionTimestamp;
    for (const rs of this.view.objects.dependents(d.metadata.uid, 'ReplicaSet')) {
      if (!isControlledBy(rs, d)) continue;
      if (matchesSelector(d.spec.selector, rs.metadata.labels)) {
        this.track(rs);
      } else if (!deleting) {
        // Labels no longer match: let it go (it keeps its pods, now orphans of nobody's).
        this.ops.push({
          write: {
            op: 'update',
            reason: 'ReleaseReplicaSet',
            causeUid: d.metadata.uid,
            object: withoutOwner(rs, d.metadata.uid),
          },
        });
      }
    }
    if (deleting) return;
    for (const rs of orphans) {
      if (!matchesSelector(d.spec.selector, rs.metadata.labels)) continue;
      const refs = [...(rs.metadata.ownerReferences ?? []), controllerReference(d)];
      this.track(rs);
      this.adopted.add(rs.metadata.uid);
      this.put({ ...rs, metadata: { ...rs.metadata, ownerReferences: refs } });
    }
  }

  private track(rs: ReplicaSet): void {
    this.rss.set(rs.metadata.uid, rs);
    this.originals.set(rs.metadata.uid, rs);
    this.claimed.push(rs.metadata.uid);
  }

  private put(rs: ReplicaSet): ReplicaSet {
    const uid = rs.metadata.uid;
    this.rss.set(uid, rs);
    if (!this.touched.has(uid)) {
      this.touched.add(uid);
      this.ops.push({ uid });
    }
    return rs;
  }

  private current(rs: ReplicaSet): ReplicaSet {
    return this.rss.get(rs.metadata.uid) ?? rs;
  }

  private list(): ReplicaSet[] {
    return this.claimed.map((uid) => this.rss.get(uid) as ReplicaSet);
  }

  private all(split: Split): ReplicaSet[] {
    const old = split.oldRSs.map((rs) => this.current(rs));
    return split.newRS ? [...old, this.current(split.newRS)] : old;
  }

  // ---- new ReplicaSet and revisions (sync.go getNewReplicaSet) -------------------------------------------

  private getAllReplicaSetsAndSyncRevision(create: boolean): Split {
    const rsList = this.list();
    const existing = findNewReplicaSet(this.d, rsList);
    const oldRSs = rsList.filter((rs) => rs.metadata.uid !== existing?.metadata.uid);
    const newRevision = maxRevision(oldRSs) + 1;
    const d = this.d;

    if (existing) {
      const { annotations, changed } = newReplicaSetAnnotations(
        d,
        existing.metadata.annotations,
        newRevision,
        true,
      );
      const minReady = d.spec.minReadySeconds ?? 0;
      let newRS = existing;
      if (changed || (existing.spec.minReadySeconds ?? 0) !== minReady) {
        const spec = { ...existing.spec };
        if (minReady) spec.minReadySeconds = minReady;
        else delete spec.minReadySeconds;
        newRS = this.put({ ...existing, metadata: { ...existing.metadata, annotations }, spec });
      }
      this.setRevision(newRS.metadata.annotations?.[REVISION_ANNOTATION]);
      if (hasProgressDeadline(this.d) && !deploymentCondition(this.d.status, 'Progressing')) {
        this.setStatus(
          setDeploymentCondition(
            this.d.status ?? {},
            newDeploymentCondition(
              'Progressing',
              'True',
              FOUND_NEW_RS_REASON,
              `Found new replica set "${newRS.metadata.name}"`,
              this.now,
            ),
          ),
        );
      }
      return { newRS, oldRSs };
    }
    if (!create) return { newRS: undefined, oldRSs };

    const hash = computeHash(d.spec.template, d.status?.collisionCount);
    const labels = { ...(d.spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const template = { ...d.spec.template, metadata: { ...(d.spec.template.metadata ?? {}), labels } };
    const name = `${d.metadata.name}-${hash}`;
    const namespace = d.metadata.namespace ?? 'default';
    const draft: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace,
        uid: `${PENDING_UID}${name}`,
        resourceVersion: '',
        creationTimestamp: rfc3339(this.now),
        labels,
        ownerReferences: [controllerReference(d)],
      },
      spec: {
        replicas: 0,
        ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
        selector: {
          ...d.spec.selector,
          matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
        },
        template,
      },
    };
    const replicas = newRSNewReplicas(d, [...oldRSs, draft], draft);
    const { annotations } = newReplicaSetAnnotations(d, undefined, newRevision, false);
    const newRS: ReplicaSet = {
      ...draft,
      metadata: { ...draft.metadata, annotations },
      spec: { ...draft.spec, replicas },
    };

    const clash = this.view.objects.get('ReplicaSet', namespace, name);
    if (clash) {
      // Ours with the same template (claimed elsewhere): use it. Anything else is a hash collision: bump
      // collisionCount so the next sync hashes differently.
      if (isControlledBy(clash, d) && findNewReplicaSet(d, [clash])) {
        this.setRevision(String(newRevision));
        return { newRS: clash, oldRSs };
      }
      this.setStatus({ ...(this.d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 });
      return { newRS: undefined, oldRSs, aborted: true };
    }

    this.put(newRS);
    if (replicas > 0) this.recordScaling(newRS, 'up', 0, replicas);
    this.setRevision(String(newRevision));
    if (hasProgressDeadline(this.d)) {
      this.setStatus(
        setDeploymentCondition(
          this.d.status ?? {},
          newDeploymentCondition(
            'Progressing',
            'True',
            NEW_RS_CREATED_REASON,
            `Created new replica set "${name}"`,
            this.now,
          ),
        ),
      );
    }
    return { newRS, oldRSs };
  }

  private setRevision(revision: string | undefined): void {
    if (revision === undefined || this.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return;
    this.d = {
      ...this.d,
      metadata: {
        ...this.d.metadata,
        annotations: { ...(this.d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision },
      },
    };
  }

  private setStatus(status: NonNullable<Deployment['status']>): void {
    this.d = { ...this.d, status };
  }

  // ---- scaling (sync.go scaleReplicaSet / scaleReplicaSetAndRecordEvent) ---------------------------------

  private scaleReplicaSet(target: ReplicaSet, replicas: number, operation: 'up' | 'down' | ''): ReplicaSet {
    const rs = this.current(target);
    const d = this.d;
    const old = replicasOf(rs);
    const sizeChanged = old !== replicas;
    const annotations = replicasAnnotations(
      rs.metadata.annotations,
      replicasOf(d),
      replicasOf(d) + maxSurge(d),
    );
    if (!sizeChanged && !annotations) return rs;
    const next = this.put({
      ...rs,
      metadata: annotations ? { ...rs.metadata, annotations } : rs.metadata,
      spec: { ...rs.spec, replicas },
    });
    if (sizeChanged) this.recordScaling(next, operation, old, replicas);
    return next;
  }

  private scaleAndRecord = (target: ReplicaSet, replicas: number): ReplicaSet => {
    const rs = this.current(target);
    const old = replicasOf(rs);
    if (old === replicas) return rs;
    return this.scaleReplicaSet(rs, replicas, old < replicas ? 'up' : 'down');
  };

  private recordScaling(rs: ReplicaSet, operation: 'up' | 'down' | '', from: number, to: number): void {
    const wording = this.view.config.scalingEventWording;
    const message =
      wording === 'to'
        ? `Scaled ${operation} replica set ${rs.metadata.name} to ${to}`
        : `Scaled ${operation} replica set ${rs.metadata.name} from ${from} to ${to}`;
    const d = this.original;
    const note: KubeEventNote = {
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message,
      involvedObject: {
        kind: 'Deployment',
        namespace: d.metadata.namespace ?? 'default',
        name: d.metadata.name,
        uid: d.metadata.uid,
        apiVersion: 'apps/v1',
      },
      source: { component: COMPONENT },
    };
    const list = this.notes.get(rs.metadata.uid);
    if (list) list.push(note);
    else this.notes.set(rs.metadata.uid, [note]);
  }

  // ---- scaling events and proportional scaling (sync.go sync / scale / isScalingEvent) ------------------

  private isScalingEvent(): boolean {
    const split = this.getAllReplicaSetsAndSyncRevision(false);
    const replicas = replicasOf(this.d);
    return activeReplicaSets(this.all(split)).some((rs) => {
      const desired = desiredReplicasAnnotation(rs);
      return desired !== undefined && desired !== replicas;
    });
  }

  private sync(): void {
    const split = this.getAllReplicaSetsAndSyncRevision(false);
    this.scale(split);
    if (this.d.spec.paused) this.cleanupDeployment(split.oldRSs);
    this.setStatus(
      calculateStatus(this.all(split), split.newRS && this.current(split.newRS), this.d, this.now),
    );
  }

  private scale(split: Split): void {
    const d = this.d;
    const replicas = replicasOf(d);
    const newRS = split.newRS && this.current(split.newRS);
    const oldRSs = split.oldRSs.map((rs) => this.current(rs));
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (replicasOf(activeOrLatest) !== replicas) this.scaleAndRecord(activeOrLatest, replicas);
      return;
    }
    // A saturated new ReplicaSet (e.g. after adopting one) makes every old one redundant.
    if (isSaturated(d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) this.scaleAndRecord(old, 0);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const active = activeReplicaSets([...oldRSs, newRS]);
    const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
    const toAdd = allowed - specReplicaSum(active);
    let operation: 'up' | 'down' | '' = '';
    if (toAdd > 0) {
      active.sort(compareBySizeNewer);
      operation = 'up';
    } else if (toAdd < 0) {
      active.sort(compareBySizeOlder);
      operation = 'down';
    }
    // Each active ReplicaSet gets its share, largest first; the rounding leftover goes to the largest.
    let added = 0;
    const sizes = active.map((rs) => {
      if (toAdd === 0) return replicasOf(rs);
      const share = proportion(rs, d, toAdd, added);
      added += share;
      return replicasOf(rs) + share;
    });
    active.forEach((rs, i) => {
      let size = sizes[i] as number;
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      this.scaleReplicaSet(rs, size, operation);
    });
  }

  // ---- strategies --------------------------------------------------------------------------------------

  private rolloutRolling(): void {
    const split = this.getAllReplicaSetsAndSyncRevision(true);
    if (split.aborted || !split.newRS) return;
    const newRS = this.current(split.newRS);
    const all = this.all(split);
    if (reconcileNewReplicaSet(all, newRS, this.d, this.scaleAndRecord)) return this.syncRolloutStatus(split);
    const oldActive = activeReplicaSets(split.oldRSs.map((rs) => this.current(rs)));
    if (reconcileOldReplicaSets(this.all(split), oldActive, this.current(newRS), this.d, this.scaleAndRecord))
      return this.syncRolloutStatus(split);
    if (deploymentComplete(this.d, this.original.status)) this.cleanupDeployment(split.oldRSs);
    this.syncRolloutStatus(split);
  }

  private rolloutRecreate(): void {
    let split = this.getAllReplicaSetsAndSyncRevision(false);
    let scaledDown = false;
    for (const old of activeReplicaSets(split.oldRSs.map((rs) => this.current(rs)))) {
      if (replicasOf(this.scaleAndRecord(old, 0)) !== replicasOf(old)) scaledDown = true;
    }
    if (scaledDown || this.oldPodsRunning(split)) return this.syncRolloutStatus(split);
    if (!split.newRS) {
      split = this.getAllReplicaSetsAndSyncRevision(true);
      if (split.aborted || !split.newRS) return;
    }
    this.scaleAndRecord(split.newRS, replicasOf(this.d));
    if (deploymentComplete(this.d, this.original.status)) this.cleanupDeployment(split.oldRSs);
    this.syncRolloutStatus(split);
  }

  /** Recreate waits until no pod of an old ReplicaSet exists in a non-terminal phase (Terminating counts). */
  private oldPodsRunning(split: Split): boolean {
    const oldRSs = split.oldRSs.map((rs) => this.current(rs));
    if (statusReplicaSum(oldRSs) > 0) return true;
    return oldRSs.some((rs) =>
      this.view.objects
        .dependents(rs.metadata.uid, 'Pod')
        .some(
          (pod) =>
            isControlledBy(pod, rs) && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed',
        ),
    );
  }

  private syncRolloutStatus(split: Split): void {
    const newRS = split.newRS && this.current(split.newRS);
    this.setStatus(rolloutStatus(this.all(split), newRS, this.d, this.now));
  }

  /** History cleanup: beyond revisionHistoryLimit, delete the lowest revisions that are fully scaled down. */
  private cleanupDeployment(oldRSs: readonly ReplicaSet[]): void {
    const limit = this.d.spec.revisionHistoryLimit;
    if (limit === undefined || limit === 2147483647) return;
    const alive = oldRSs.map((rs) => this.current(rs)).filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = alive.length - limit;
    if (diff <= 0) return;
    const sorted = [...alive].sort(compareByRevision);
    for (let i = 0; i < diff; i++) {
      const rs = sorted[i] as ReplicaSet;
      const observed = rs.status?.observedGeneration ?? 0;
      if (
        (rs.status?.replicas ?? 0) !== 0 ||
        replicasOf(rs) !== 0 ||
        (rs.metadata.generation ?? 1) > observed ||
        this.touched.has(rs.metadata.uid)
      )
        continue;
      this.ops.push({
        write: {
          op: 'delete',
          kind: 'ReplicaSet',
          namespace: rs.metadata.namespace ?? 'default',
          name: rs.metadata.name,
          options: { uid: rs.metadata.uid },
          reason: 'DeploymentHistoryCleanup',
          causeUid: this.original.metadata.uid,
        },
      });
    }
  }

  // ---- output -----------------------------------------------------------------------------------------

  writes(): Write[] {
    const causeUid = this.original.metadata.uid;
    const out: Write[] = [];
    for (const op of this.ops) {
      if ('write' in op) {
        out.push(op.write);
        continue;
      }
      const rs = this.rss.get(op.uid) as ReplicaSet;
      const notes = this.notes.get(op.uid) ?? [];
      if (op.uid.startsWith(PENDING_UID)) {
        const input: ObjectInput = {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: rs.metadata.name,
            namespace: rs.metadata.namespace ?? 'default',
            labels: rs.metadata.labels ?? {},
            annotations: rs.metadata.annotations ?? {},
            ownerReferences: rs.metadata.ownerReferences ?? [],
          },
          spec: rs.spec,
        } as ObjectInput;
        out.push({
          op: 'create',
          object: input,
          reason: 'ScalingReplicaSet',
          causeUid,
          ...(notes.length ? { notes } : {}),
        });
        continue;
      }
      const original = this.originals.get(op.uid);
      if (original && jsonEqual(original, rs)) continue;
      const reason = notes.length
        ? 'ScalingReplicaSet'
        : this.adopted.has(op.uid)
          ? 'AdoptReplicaSet'
          : 'ReplicaSetAnnotationsUpdated';
      out.push({ op: 'update', object: rs, reason, causeUid, ...(notes.length ? { notes } : {}) });
    }
    const before = this.original;
    const after = this.d;
    if (
      !jsonEqual(before.metadata.annotations ?? {}, after.metadata.annotations ?? {}) ||
      !jsonEqual(before.status ?? {}, after.status ?? {})
    ) {
      out.push({ op: 'update', object: after, reason: 'DeploymentStatusUpdated', causeUid });
    }
    return out;
  }
}
