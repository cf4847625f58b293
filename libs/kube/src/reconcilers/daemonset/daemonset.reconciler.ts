// The DaemonSet controller (pkg/controller/daemon: daemon_controller.go manage/podsShouldBeOnNode/
// updateDaemonSetStatus, update.go rollingUpdate/constructHistory/cleanupHistory): one pod per eligible node,
// pinned with a node-name affinity for the default scheduler to bind, ControllerRevisions `<ds>-<hash>`,
// RollingUpdate (maxUnavailable or maxSurge, both rounded up) and OnDelete. Nodes are visited in name order
// where upstream iterates a Go map, so decisions are deterministic.
import type { Node } from '../../api/node';
import type { Pod, Toleration } from '../../api/pod';
import type { ControllerRevision, DaemonSet } from '../../api/workloads';
import { matchesSelector } from '../../api/selectors';
import { randomSuffix, type Rng } from '../../rng/rng';
import type { KubeEventNote } from '../../state/cluster-event';
import type { ClusterView } from '../../state/cluster-state';
import type { ReconcileContext, Reconciler, Write } from '../../runtime/reconciler';
import { controllerRef, controllerReference, withoutOwner } from '../shared/owners';
import { isPodAvailable, isPodReady, nextAvailableAt } from '../shared/pods';
import {
  adoptOrphanRevisions,
  controlledRevisions,
  revisionData,
  revisionMatches,
  snapshotRevision,
} from '../shared/revisions';
import {
  allowsSurge,
  DAEMON_HASH_LABEL,
  daemonTolerations,
  isPodUpdated,
  newDaemonPod,
  nodeShouldRunDaemonPod,
  podPrefix,
  rollingBudgets,
  targetNodeName,
  templateGeneration,
  type Placement,
} from './daemon-pods';

const COMPONENT = 'daemonset-controller';

export function daemonSetReconciler(): Reconciler {
  return {
    name: COMPONENT,
    actor: { type: 'controller', name: COMPONENT },
    reconcile(ctx) {
      const daemonSets = ctx.view.objects.list('DaemonSet');
      if (!daemonSets.length) return [];
      const nodes = ctx.view.objects.list('Node');
      // Orphans (no controller) are the only adoption candidates. Listing every pod is costly in big
      // clusters, so it happens at most once per round and only when some DaemonSet misses a pod on a node.
      let orphans: Pod[] | undefined;
      const findOrphans = () =>
        (orphans ??= ctx.view.objects
          .list('Pod')
          .filter((p) => !controllerRef(p) && !p.metadata.deletionTimestamp));
      const writes: Write[] = [];
      for (const ds of daemonSets) writes.push(...new DaemonSetSync(ctx, ds, nodes, findOrphans).run());
      return writes;
    },
    nextWakeAt(view) {
      // Ready pods that become available after minReadySeconds change status and the rolling update.
      return nextAvailableAt(view, view.objects.list('DaemonSet'));
    },
  };
}

type DsStatus = NonNullable<DaemonSet['status']>;

/** podByCreationTimestampAndPhase: bound pods first, then oldest, then by name. */
function compareDaemonPods(a: Pod, b: Pod): number {
  const boundA = !!a.spec.nodeName;
  const boundB = !!b.spec.nodeName;
  if (boundA !== boundB) return boundA ? -1 : 1;
  const ta = a.metadata.creationTimestamp;
  const tb = b.metadata.creationTimestamp;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

class DaemonSetSync {
  private readonly writes: Write[] = [];
  private readonly view: ClusterView;
  private readonly now: number;
  private readonly namespace: string;
  private readonly minReady: number;
  private readonly tolerations: Toleration[];
  private readonly nodesByName: Map<string, Node>;
  private readonly placements = new Map<string, Placement>();
  private readonly takenNames = new Set<string>();
  private nameRng: Rng | undefined;

  constructor(
    private readonly ctx: ReconcileContext,
    private readonly ds: DaemonSet,
    private readonly nodes: readonly Node[],
    private readonly findOrphans: () => readonly Pod[],
  ) {
    this.view = ctx.view;
    this.now = ctx.now;
    this.namespace = ds.metadata.namespace ?? 'default';
    this.minReady = ds.spec.minReadySeconds ?? 0;
    this.tolerations = daemonTolerations(ds.spec.template.spec);
    this.nodesByName = new Map(nodes.map((n) => [n.metadata.name, n]));
  }

  private placement(node: Node): Placement {
    let p = this.placements.get(node.metadata.name);
    if (!p) {
      p = nodeShouldRunDaemonPod(node, this.ds, this.tolerations);
      this.placements.set(node.metadata.name, p);
    }
    return p;
  }

  private available(pod: Pod): boolean {
    return isPodAvailable(pod, this.minReady, this.now);
  }

  private note(reason: string, message: string, type: KubeEventNote['type'] = 'Normal'): KubeEventNote {
    const m = this.ds.metadata;
    return {
      type,
      reason,
      message,
      involvedObject: {
        kind: 'DaemonSet',
        namespace: this.namespace,
        name: m.name,
        uid: m.uid,
        apiVersion: 'apps/v1',
      },
      source: { component: COMPONENT },
    };
  }

  run(): Write[] {
    const ds = this.ds;
    if (ds.metadata.deletionTimestamp) return [];
    const pods = this.claimPods();
    for (const revision of adoptOrphanRevisions(this.view, ds))
      this.writes.push({
        op: 'update',
        object: revision,
        reason: 'AdoptRevision',
        causeUid: ds.metadata.uid,
      });
    if (this.writes.length) return this.writes;

    const nodeToPods = new Map<string, Pod[]>();
    for (const pod of pods) {
      const node = targetNodeName(pod);
      if (node === undefined) continue;
      const list = nodeToPods.get(node);
      if (list) list.push(pod);
      else nodeToPods.set(node, [pod]);
    }
    // Adoption only matters where a pod would otherwise be created (a DaemonSet re-created after an orphan
    // delete); with every eligible node served, orphans are not looked for.
    if (this.nodes.some((n) => this.placement(n).shouldRun && !nodeToPods.has(n.metadata.name))) {
      this.adoptOrphans();
      if (this.writes.length) return this.writes;
    }

    const history = this.constructHistory();
    if (!history) return this.writes;
    const { hash, old } = history;

    const before = this.writes.length;
    this.manage(nodeToPods, hash);
    // Like the expectations of the real controller: a sync that created or deleted pods waits to see them
    // before it considers the rolling update.
    if (
      this.writes.length === before &&
      (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
    ) {
      this.rollingUpdate(nodeToPods, hash);
    }
    this.cleanupHistory(old, pods);
    this.updateStatus(nodeToPods, hash);
    return this.writes;
  }

  /** getDaemonPods (ClaimPods): owned pods that still match; the others are released. */
  private claimPods(): Pod[] {
    const uid = this.ds.metadata.uid;
    const pods: Pod[] = [];
    for (const pod of this.view.objects.dependents(uid, 'Pod')) {
      if (controllerRef(pod)?.uid !== uid) continue;
      if (!matchesSelector(this.ds.spec.selector, pod.metadata.labels)) {
        this.writes.push({
          op: 'update',
          object: withoutOwner(pod, uid),
          reason: 'ReleasePod',
          causeUid: pod.metadata.uid,
        });
        continue;
      }
      pods.push(pod);
    }
    return pods;
  }

  /** ClaimPods' adoption: orphans in the namespace whose labels match get this DaemonSet as controller. */
  private adoptOrphans(): void {
    for (const pod of this.findOrphans()) {
      if (
        pod.metadata.namespace !== this.namespace ||
        !matchesSelector(this.ds.spec.selector, pod.metadata.labels)
      )
        continue;
      this.writes.push({
        op: 'update',
        object: {
          ...pod,
          metadata: {
            ...pod.metadata,
            ownerReferences: [...(pod.metadata.ownerReferences ?? []), controllerReference(this.ds)],
          },
        },
        reason: 'AdoptPod',
        causeUid: pod.metadata.uid,
      });
    }
  }

  /**
   * constructHistory: the revision whose data equals the template is current (duplicates are merged into the
   * newest), its number raised above every old one; none → a new `<ds>-<hash>` snapshot. Undefined when a
   * hash collision has to be recorded in status first.
   */
  private constructHistory(): { hash: string; old: ControllerRevision[] } | undefined {
    const ds = this.ds;
    const data = revisionData(ds.spec.template);
    const revisions = controlledRevisions(this.view, ds);
    const current = revisions.filter((r) => revisionMatches(r, data));
    const old = revisions.filter((r) => !revisionMatches(r, data));
    let maxOld = 0;
    for (const r of old) if (r.revision > maxOld) maxOld = r.revision;
    const nextNumber = maxOld + 1;
    if (!current.length) {
      const snapshot = snapshotRevision(this.view, ds, {
        data,
        hashed: ds.spec.template,
        hashLabel: DAEMON_HASH_LABEL,
        revision: nextNumber,
        status: this.baseStatus(),
      });
      if (snapshot.write) this.writes.push(snapshot.write);
      return snapshot.collision ? undefined : { hash: snapshot.hash, old };
    }
    // dedupCurHistories: keep the highest revision, relabel pods to its hash, delete the others.
    let keep = current[0] as ControllerRevision;
    for (const r of current) if (r.revision >= keep.revision) keep = r;
    const hash = keep.metadata.labels?.[DAEMON_HASH_LABEL] ?? keep.metadata.name;
    if (current.length > 1) {
      for (const pod of this.view.objects.dependents(ds.metadata.uid, 'Pod')) {
        if (pod.metadata.labels?.[DAEMON_HASH_LABEL] === hash) continue;
        if (
          !current.some(
            (r) => r.metadata.labels?.[DAEMON_HASH_LABEL] === pod.metadata.labels?.[DAEMON_HASH_LABEL],
          )
        )
          continue;
        this.writes.push({
          op: 'update',
          object: {
            ...pod,
            metadata: {
              ...pod.metadata,
              labels: { ...(pod.metadata.labels ?? {}), [DAEMON_HASH_LABEL]: hash },
            },
          },
          reason: 'RevisionDeduplicated',
          causeUid: ds.metadata.uid,
        });
      }
      for (const r of current) {
        if (r === keep) continue;
        this.writes.push({
          op: 'delete',
          kind: 'ControllerRevision',
          namespace: this.namespace,
          name: r.metadata.name,
          options: { uid: r.metadata.uid },
          reason: 'RevisionDeduplicated',
          causeUid: ds.metadata.uid,
        });
      }
    }
    if (keep.revision < nextNumber) {
      // A template reverted to an older revision: that revision becomes the newest again.
      this.writes.push({
        op: 'update',
        object: { ...keep, revision: nextNumber },
        reason: 'RevisionReused',
        causeUid: ds.metadata.uid,
      });
    }
    return { hash, old };
  }

  // ---- pods --------------------------------------------------------------------------------------------

  private generateName(): string {
    const prefix = podPrefix(this.ds);
    // One stream per sync: a fresh stream per pod would repeat the same names.
    this.nameRng ??= this.ctx.rng(`pod-name/${this.namespace}/${this.ds.metadata.name}`);
    const rng = this.nameRng;
    for (;;) {
      const name = `${prefix}${randomSuffix(rng)}`;
      if (this.takenNames.has(name) || this.view.objects.get('Pod', this.namespace, name)) continue;
      this.takenNames.add(name);
      return name;
    }
  }

  private createPod(node: string, hash: string): void {
    const name = this.generateName();
    this.writes.push({
      op: 'create',
      object: newDaemonPod(this.ds, node, hash, name),
      reason: 'SuccessfulCreate',
      causeUid: this.ds.metadata.uid,
      notes: [this.note('SuccessfulCreate', `Created pod: ${name}`)],
    });
  }

  private deletePod(pod: Pod, extra: KubeEventNote[] = []): void {
    this.writes.push({
      op: 'delete',
      kind: 'Pod',
      namespace: this.namespace,
      name: pod.metadata.name,
      options: { uid: pod.metadata.uid },
      reason: 'SuccessfulDelete',
      causeUid: pod.metadata.uid,
      notes: [...extra, this.note('SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`)],
    });
  }

  /** syncNodes: delete the given pods, create one pod on each given node. */
  private syncNodes(toDelete: readonly Pod[], toCreateOn: readonly string[], hash: string): void {
    for (const node of toCreateOn) this.createPod(node, hash);
    for (const pod of toDelete) this.deletePod(pod);
  }

  /** manage + podsShouldBeOnNode: missing pods created, failed, excess and misplaced pods deleted. */
  private manage(nodeToPods: Map<string, Pod[]>, hash: string): void {
    const create: string[] = [];
    const remove: Pod[] = [];
    const surge = allowsSurge(this.ds);
    for (const node of this.nodes) {
      const name = node.metadata.name;
      const { shouldRun, shouldContinueRunning } = this.placement(node);
      const daemonPods = nodeToPods.get(name);
      if (shouldRun && !daemonPods) {
        create.push(name);
        continue;
      }
      if (!daemonPods) continue;
      if (!shouldContinueRunning) {
        for (const pod of daemonPods) if (!pod.metadata.deletionTimestamp) remove.push(pod);
        continue;
      }
      const running: Pod[] = [];
      for (const pod of daemonPods) {
        if (pod.metadata.deletionTimestamp) continue;
        const phase = pod.status?.phase;
        if (phase === 'Failed') {
          this.deletePod(pod, [
            this.note(
              'FailedDaemonPod',
              `Found failed daemon pod ${this.namespace}/${pod.metadata.name} on node ${name}, will try to kill it`,
              'Warning',
            ),
          ]);
        } else if (phase === 'Succeeded') {
          remove.push(pod);
        } else {
          running.push(pod);
        }
      }
      running.sort(compareDaemonPods);
      if (!surge) {
        // Without surge only the oldest pod stays.
        remove.push(...running.slice(1));
        continue;
      }
      if (running.length <= 1) {
        if (running.length === 0 && shouldRun) create.push(name);
        continue;
      }
      // Surging: keep the oldest new and the oldest old pod while the new one is not yet available.
      let oldestNew: Pod | undefined;
      let oldestOld: Pod | undefined;
      for (const pod of running) {
        if (pod.metadata.labels?.[DAEMON_HASH_LABEL] === hash) {
          if (!oldestNew) {
            oldestNew = pod;
            continue;
          }
        } else if (!oldestOld) {
          oldestOld = pod;
          continue;
        }
        remove.push(pod);
      }
      if (oldestNew && oldestOld && (!isPodReady(oldestOld) || this.available(oldestNew)))
        remove.push(oldestOld);
    }
    // getUnscheduledPodsWithoutNode: unbound pods pinned to a node that no longer exists.
    for (const [name, list] of [...nodeToPods.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (this.nodesByName.has(name)) continue;
      for (const pod of list) if (!pod.spec.nodeName && !pod.metadata.deletionTimestamp) remove.push(pod);
    }
    this.syncNodes(remove, create, hash);
  }

  /** rollingUpdate (update.go): old pods replaced within maxUnavailable, or surged within maxSurge. */
  private rollingUpdate(nodeToPods: Map<string, Pod[]>, hash: string): void {
    const generation = templateGeneration(this.ds);
    // Nothing old left: neither branch below would delete or surge (the common steady state).
    let anyOld = false;
    for (const pods of nodeToPods.values())
      if (pods.some((p) => !p.metadata.deletionTimestamp && !isPodUpdated(p, hash, generation)))
        anyOld = true;
    if (!anyOld) return;
    const byNode = new Map(nodeToPods);
    let desired = 0;
    for (const node of this.nodes) {
      if (!this.placement(node).shouldRun) continue;
      desired++;
      if (!byNode.has(node.metadata.name)) byNode.set(node.metadata.name, []);
    }
    const { maxSurge, maxUnavailable } = rollingBudgets(this.ds, desired);
    const entries = [...byNode.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

    const split = (pods: readonly Pod[]): { newPod?: Pod; oldPod?: Pod; ok: boolean } => {
      let newPod: Pod | undefined;
      let oldPod: Pod | undefined;
      for (const pod of pods) {
        if (pod.metadata.deletionTimestamp) continue;
        if (isPodUpdated(pod, hash, generation)) {
          if (newPod) return { ok: false };
          newPod = pod;
        } else {
          if (oldPod) return { ok: false };
          oldPod = pod;
        }
      }
      return { newPod, oldPod, ok: true };
    };

    if (maxSurge === 0) {
      let numUnavailable = 0;
      const replacements: Pod[] = [];
      const candidates: Pod[] = [];
      for (const [, pods] of entries) {
        const { newPod, oldPod, ok } = split(pods);
        if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
          numUnavailable++;
        } else if (newPod) {
          if (!this.available(newPod)) numUnavailable++;
        } else if (oldPod) {
          if (!this.available(oldPod)) {
            replacements.push(oldPod);
            numUnavailable++;
          } else if (numUnavailable < maxUnavailable) {
            candidates.push(oldPod);
          }
        }
      }
      const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
      this.syncNodes([...replacements, ...candidates.slice(0, remaining)], [], hash);
      return;
    }

    const toDelete: Pod[] = [];
    const shouldNotRun: Pod[] = [];
    const candidateNodes: string[] = [];
    const allowedNodes: string[] = [];
    let numSurge = 0;
    let numAvailable = 0;
    for (const [nodeName, pods] of entries) {
      const { newPod, oldPod, ok } = split(pods);
      if (!ok) {
        numSurge++;
        continue;
      }
      if (oldPod) {
        if (this.available(oldPod)) numAvailable++;
      } else if (newPod && this.available(newPod)) numAvailable++;
      if (!oldPod) continue;
      const node = this.nodesByName.get(nodeName);
      if (!newPod) {
        const shouldRun = node ? this.placement(node).shouldRun : false;
        if (!this.available(oldPod)) {
          if (!shouldRun) toDelete.push(oldPod);
          else allowedNodes.push(nodeName);
        } else if (!shouldRun) {
          shouldNotRun.push(oldPod);
        } else if (numSurge < maxSurge) {
          candidateNodes.push(nodeName);
        }
        continue;
      }
      if (!this.available(newPod)) {
        numSurge++;
        continue;
      }
      toDelete.push(oldPod);
    }
    // With surge the owner expects full availability: pods on nodes that no longer qualify go only once
    // enough pods are available elsewhere.
    const deletable = Math.min(numAvailable - desired, shouldNotRun.length);
    if (deletable > 0) toDelete.push(...shouldNotRun.slice(0, deletable));
    const remainingSurge = Math.min(Math.max(maxSurge - numSurge, 0), candidateNodes.length);
    this.syncNodes(toDelete, [...allowedNodes, ...candidateNodes.slice(0, remainingSurge)], hash);
  }

  /** cleanupHistory: old revisions beyond revisionHistoryLimit go, oldest first, unless a pod still uses them. */
  private cleanupHistory(old: ControllerRevision[], pods: readonly Pod[]): void {
    const limit = this.ds.spec.revisionHistoryLimit ?? 10;
    let toKill = old.length - limit;
    if (toKill <= 0) return;
    const liveHashes = new Set<string>();
    for (const pod of pods) {
      const hash = pod.metadata.labels?.[DAEMON_HASH_LABEL];
      if (hash) liveHashes.add(hash);
    }
    for (const r of [...old].sort((a, b) => a.revision - b.revision)) {
      if (toKill <= 0) break;
      if (liveHashes.has(r.metadata.labels?.[DAEMON_HASH_LABEL] ?? '')) continue;
      this.writes.push({
        op: 'delete',
        kind: 'ControllerRevision',
        namespace: this.namespace,
        name: r.metadata.name,
        options: { uid: r.metadata.uid },
        reason: 'RevisionHistoryTruncated',
        causeUid: this.ds.metadata.uid,
      });
      toKill--;
    }
  }

  private baseStatus(): DsStatus {
    return {
      ...(this.ds.status ?? {
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0,
      }),
    };
  }

  /** updateDaemonSetStatus: counted per node from its oldest daemon pod; written only when changed. */
  private updateStatus(nodeToPods: Map<string, Pod[]>, hash: string): void {
    const generation = templateGeneration(this.ds);
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    for (const node of this.nodes) {
      const { shouldRun } = this.placement(node);
      const pods = nodeToPods.get(node.metadata.name) ?? [];
      if (!shouldRun) {
        if (pods.length) misscheduled++;
        continue;
      }
      desired++;
      if (!pods.length) continue;
      current++;
      const pod = [...pods].sort(compareDaemonPods)[0] as Pod;
      if (isPodReady(pod)) {
        ready++;
        if (this.available(pod)) available++;
      }
      if (isPodUpdated(pod, hash, generation)) updated++;
    }
    const unavailable = desired - available;
    const ds = this.ds;
    const old = ds.status;
    const observedGeneration = ds.metadata.generation ?? 1;
    if (
      old &&
      old.desiredNumberScheduled === desired &&
      old.currentNumberScheduled === current &&
      old.numberMisscheduled === misscheduled &&
      old.numberReady === ready &&
      (old.updatedNumberScheduled ?? 0) === updated &&
      (old.numberAvailable ?? 0) === available &&
      (old.numberUnavailable ?? 0) === unavailable &&
      (old.observedGeneration ?? 0) >= observedGeneration
    ) {
      return;
    }
    const status: DsStatus = {
      ...(old?.conditions ? { conditions: old.conditions } : {}),
      ...(old?.collisionCount !== undefined ? { collisionCount: old.collisionCount } : {}),
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration,
      ...(updated ? { updatedNumberScheduled: updated } : {}),
      ...(available ? { numberAvailable: available } : {}),
      ...(unavailable ? { numberUnavailable: unavailable } : {}),
    };
    this.writes.push({ op: 'update', object: { ...ds, status }, reason: 'StatusUpdated' });
  }
}
