// node-lifecycle-controller (kube-controller-manager's node lifecycle controller, with the taint eviction and
// pod GC controllers that act on what it decides). Spec A.6:
// - a node whose kubelet stopped posting status for nodeMonitorGracePeriodSeconds gets every condition Unknown,
//   the `unreachable` NoExecute/NoSchedule taints, and its pods Ready=False;
// - Ready=False (kubelet reports not ready) gives the `not-ready` taints; spec.unschedulable the `unschedulable`
//   taint; a returning kubelet's Ready=True removes them;
// - pods that do not tolerate a NoExecute taint are deleted at once, tolerating ones at start + tolerationSeconds;
// - pods bound to a node that no longer exists are force-deleted.
import type { Condition } from '../../api/meta';
import type { Node, Taint } from '../../api/node';
import type { Pod } from '../../api/pod';
import type { ClusterView } from '../../state/cluster-state';
import type { Actor } from '../../state/cluster-event';
import type { ReconcileContext, Reconciler, Write } from '../../runtime/reconciler';
import { parseTime, rfc3339 } from '../../time/time';
import { getCondition, setCondition } from '../shared/conditions';
import {
  sameTaint,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  toleratesTaint,
} from '../shared/taints';

export const NODE_LIFECYCLE_CONTROLLER = 'node-lifecycle-controller';
/** The event source the node lifecycle controller records under. */
const NODE_CONTROLLER_SOURCE = 'node-controller';
export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';
export const POD_GC_CONTROLLER = 'pod-garbage-collector';

const UNKNOWN_REASON = 'NodeStatusUnknown';
const UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';

/** What a healthy kubelet reports (bootstrap.ts writes the same at creation). */
const HEALTHY: Record<string, Omit<Condition, 'type'>> = {
  MemoryPressure: {
    status: 'False',
    reason: 'KubeletHasSufficientMemory',
    message: 'kubelet has sufficient memory available',
  },
  DiskPressure: {
    status: 'False',
    reason: 'KubeletHasNoDiskPressure',
    message: 'kubelet has no disk pressure',
  },
  PIDPressure: {
    status: 'False',
    reason: 'KubeletHasSufficientPID',
    message: 'kubelet has sufficient PID available',
  },
  Ready: { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
};

export function nodeLifecycleReconciler(): Reconciler {
  return {
    name: NODE_LIFECYCLE_CONTROLLER,
    actor: { type: 'controller', name: NODE_LIFECYCLE_CONTROLLER },
    reconcile: (ctx) => reconcileNodes(ctx),
    nextWakeAt: (view) => nextWake(view),
  };
}

function graceMs(view: ClusterView): number {
  return view.config.nodeMonitorGracePeriodSeconds * 1000;
}

/** The kubelet is down and its last status post is older than the grace period. */
/** A Node object nobody runs a kubelet for (created through the API, without `sim`). */
function hasNoKubelet(node: Node): boolean {
  return !node.sim;
}

/** When the node's status goes stale: the last heartbeat (or, without a kubelet, creation) + the grace period. */
function staleAt(view: ClusterView, node: Node): number | undefined {
  if (hasNoKubelet(node)) return (parseTime(node.metadata.creationTimestamp) ?? 0) + graceMs(view);
  if (node.sim?.kubeletDown) return (node.sim.lastHeartbeat ?? 0) + graceMs(view);
  return undefined;
}

/** The kubelet is down (or absent) and its last status post is older than the grace period. */
function isUnreachable(view: ClusterView, node: Node): boolean {
  const at = staleAt(view, node);
  return at !== undefined && view.now >= at;
}

function reconcileNodes(ctx: ReconcileContext): Write[] {
  const { view, now } = ctx;
  const time = rfc3339(now);
  const writes: Write[] = [];
  const nodes = view.objects.list('Node');
  const zones = zoneStates(nodes);
  for (const node of nodes) {
    const unreachable = isUnreachable(view, node);
    // Status first; the taints follow from the stored status in the next round of the same instant.
    const statusWrite = unreachable ? markUnknown(node, time) : markRecovered(node, time);
    const taintWrite = statusWrite ? undefined : syncTaints(node, time, zones.get(zoneOf(node)) ?? 'Normal');
    if (statusWrite) writes.push(statusWrite);
    if (taintWrite) writes.push(taintWrite);
    const podWrites = unreachable ? markPodsNotReady(view, node, time) : [];
    writes.push(...podWrites);
    // Evict once the pods' own status writes have landed, so nothing is decided on a stale pod.
    if (!podWrites.length) writes.push(...evictions(view, node, now));
  }
  writes.push(...podGc(view, nodes));
  return writes;
}

function nodeRef(node: Node) {
  return { kind: 'Node', name: node.metadata.name, uid: node.metadata.uid, apiVersion: 'v1' };
}

/** Every condition Unknown (lastHeartbeatTime kept: it is when the kubelet last posted), plus NodeNotReady. */
function markUnknown(node: Node, time: string): (Write & { op: 'update' }) | undefined {
  const conditions = node.status?.conditions ?? [];
  if (conditions.length && conditions.every((c) => c.status === 'Unknown')) return undefined;
  const wasReady = getCondition(conditions, 'Ready')?.status === 'True';
  // A node whose kubelet never posted gets the four conditions with the "never updated" wording.
  const never = !getCondition(conditions, 'Ready');
  const reason = never ? 'NodeStatusNeverUpdated' : UNKNOWN_REASON;
  const message = never ? 'Kubelet never posted node status.' : UNKNOWN_MESSAGE;
  const next = conditions.map((c) =>
    c.status === 'Unknown'
      ? c
      : { ...c, status: 'Unknown' as const, reason, message, lastTransitionTime: time },
  );
  for (const type of Object.keys(HEALTHY)) {
    if (!next.some((c) => c.type === type))
      next.push({
        type,
        status: 'Unknown',
        reason,
        message,
        lastHeartbeatTime: time,
        lastTransitionTime: time,
      });
  }
  return {
    op: 'update',
    reason: UNKNOWN_REASON,
    causeUid: node.metadata.uid,
    object: { ...node, status: { ...node.status!, conditions: next } },
    notes: wasReady
      ? [
          {
            type: 'Normal',
            reason: 'NodeNotReady',
            message: `Node ${node.metadata.name} status is now: NodeNotReady`,
            involvedObject: nodeRef(node),
            source: { component: NODE_CONTROLLER_SOURCE },
          },
        ]
      : [],
  };
}

/**
 * A kubelet that is running again posts a healthy status: conditions the controller had set to Unknown return
 * to their healthy values. Written as the kubelet of that node, which is who posts it on a real cluster.
 */
function markRecovered(node: Node, time: string): (Write & { op: 'update' }) | undefined {
  if (hasNoKubelet(node) || node.sim?.kubeletDown) return undefined;
  const conditions = node.status?.conditions ?? [];
  if (!conditions.some((c) => c.status === 'Unknown')) return undefined;
  let next: Condition[] = conditions;
  for (const c of conditions) {
    if (c.status !== 'Unknown') continue;
    const healthy = HEALTHY[c.type];
    if (!healthy) continue;
    next = next.map((x) =>
      x.type === c.type ? { ...x, ...healthy, lastHeartbeatTime: time, lastTransitionTime: time } : x,
    );
  }
  const actor: Actor = { type: 'kubelet', node: node.metadata.name };
  return {
    op: 'update',
    reason: 'NodeReady',
    actor,
    causeUid: node.metadata.uid,
    object: { ...node, status: { ...node.status!, conditions: next } },
    notes: [
      {
        type: 'Normal',
        reason: 'NodeReady',
        message: `Node ${node.metadata.name} status is now: NodeReady`,
        involvedObject: nodeRef(node),
        source: { component: 'kubelet', host: node.metadata.name },
      },
    ],
  };
}

/** The taints the controller owns, derived from Ready and spec.unschedulable; everything else is kept as is. */
function syncTaints(node: Node, time: string, zone: ZoneState): (Write & { op: 'update' }) | undefined {
  const ready = getCondition(node.status?.conditions, 'Ready')?.status;
  const key = ready === 'Unknown' ? TAINT_UNREACHABLE : ready === 'False' ? TAINT_NOT_READY : undefined;
  const wanted: Taint[] = [];
  if (key) {
    const noExecute: Taint = { key, effect: 'NoExecute' };
    const present = (node.spec.taints ?? []).some((t) => sameTaint(t, noExecute));
    // Disruption modes: a partially disrupted small zone gets no new NoExecute taints (eviction rate 0); a
    // fully disrupted zone loses them (the controller assumes its own connectivity is at fault).
    if (zone === 'Normal' || (zone === 'PartialDisruption' && present)) wanted.push(noExecute);
    wanted.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec.unschedulable) wanted.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const managed = (t: Taint) =>
    t.key === TAINT_UNREACHABLE || t.key === TAINT_NOT_READY || t.key === TAINT_UNSCHEDULABLE;

  const current = node.spec.taints ?? [];
  let changed = false;
  const next: Taint[] = [];
  for (const taint of current) {
    if (managed(taint) && !wanted.some((w) => sameTaint(w, taint))) {
      changed = true;
      continue;
    }
    // NoExecute taints need the instant they were added: eviction deadlines count from it.
    if (taint.effect === 'NoExecute' && !taint.timeAdded) {
      next.push({ ...taint, timeAdded: time });
      changed = true;
    } else next.push(taint);
  }
  for (const w of wanted) {
    if (next.some((t) => sameTaint(t, w))) continue;
    next.push(w.effect === 'NoExecute' ? { ...w, timeAdded: time } : w);
    changed = true;
  }
  if (!changed) return undefined;
  const spec: Node['spec'] = { ...node.spec, taints: next };
  if (!next.length) delete spec.taints;
  // The kubelet reports (un)cordoning as a node event when it sees spec.unschedulable change; the taint
  // following the same field marks that moment here.
  const unschedulable = { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' as const };
  const had = current.some((t) => sameTaint(t, unschedulable));
  const has = next.some((t) => sameTaint(t, unschedulable));
  const status =
    had === has || node.sim?.kubeletDown ? undefined : has ? 'NodeNotSchedulable' : 'NodeSchedulable';
  return {
    op: 'update',
    reason: 'NodeTaintsChanged',
    causeUid: node.metadata.uid,
    object: { ...node, spec },
    ...(status
      ? {
          notes: [
            {
              type: 'Normal' as const,
              reason: status,
              message: `Node ${node.metadata.name} status is now: ${status}`,
              involvedObject: nodeRef(node),
              source: { component: 'kubelet', host: node.metadata.name },
            },
          ],
        }
      : {}),
  };
}

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';
/** --unhealthy-zone-threshold and --large-cluster-size-threshold defaults. */
const UNHEALTHY_ZONE_THRESHOLD = 0.55;
const LARGE_CLUSTER_SIZE = 50;

function zoneOf(node: Node): string {
  return node.metadata.labels?.['topology.kubernetes.io/zone'] ?? '';
}

/**
 * ComputeZoneState per zone: no Ready node → FullDisruption; more than 2 not-ready nodes and at least 55% of
 * them → PartialDisruption, which for zones of at most 50 nodes stops NoExecute tainting (rate 0); else Normal.
 */
export function zoneStates(nodes: readonly Node[]): Map<string, ZoneState> {
  const counts = new Map<string, { ready: number; notReady: number }>();
  for (const node of nodes) {
    const zone = zoneOf(node);
    const c = counts.get(zone) ?? { ready: 0, notReady: 0 };
    if (getCondition(node.status?.conditions, 'Ready')?.status === 'True') c.ready++;
    else c.notReady++;
    counts.set(zone, c);
  }
  const states = new Map<string, ZoneState>();
  for (const [zone, { ready, notReady }] of counts) {
    let state: ZoneState = 'Normal';
    if (ready === 0 && notReady > 0) state = 'FullDisruption';
    else if (
      notReady > 2 &&
      notReady / (ready + notReady) >= UNHEALTHY_ZONE_THRESHOLD &&
      ready + notReady <= LARGE_CLUSTER_SIZE
    )
      state = 'PartialDisruption';
    states.set(zone, state);
  }
  return states;
}

/** MarkPodsNotReady: pods on an unreachable node lose Ready (READY 0/1, STATUS still Running). */
function markPodsNotReady(view: ClusterView, node: Node, time: string): Write[] {
  const writes: Write[] = [];
  for (const pod of view.objects.podsOnNode(node.metadata.name)) {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const ready = getCondition(pod.status?.conditions, 'Ready');
    const containersReady = (pod.status?.containerStatuses ?? []).some((c) => c.ready);
    if ((!ready || ready.status === 'False') && !containersReady) continue;
    const conditions = ready
      ? setCondition(pod.status?.conditions, { ...ready, status: 'False' }, time)
      : pod.status?.conditions;
    writes.push({
      op: 'update',
      reason: 'NodeNotReady',
      causeUid: node.metadata.uid,
      object: {
        ...pod,
        status: {
          ...pod.status!,
          ...(conditions ? { conditions } : {}),
          ...(pod.status?.containerStatuses
            ? { containerStatuses: pod.status.containerStatuses.map((c) => ({ ...c, ready: false })) }
            : {}),
        },
      },
      notes: [
        {
          type: 'Warning',
          reason: 'NodeNotReady',
          message: 'Node is not ready',
          involvedObject: podRef(pod),
          source: { component: NODE_CONTROLLER_SOURCE },
        },
      ],
    });
  }
  return writes;
}

function podRef(pod: Pod) {
  return {
    kind: 'Pod',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    uid: pod.metadata.uid,
    apiVersion: 'v1',
  };
}

/**
 * When a pod on a node with NoExecute taints must go: now if some taint is not tolerated; otherwise the earliest
 * NoExecute taint's timeAdded + the smallest tolerationSeconds among the tolerations in use; never when none
 * of those tolerations has seconds (taint manager getMinTolerationTime).
 */
export function evictionTime(pod: Pod, taints: readonly Taint[], now: number): number | undefined {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (!noExecute.length) return undefined;
  let minSeconds: number | undefined;
  for (const taint of noExecute) {
    const used = (pod.spec.tolerations ?? []).filter((t) => toleratesTaint(t, taint));
    if (!used.length) return now;
    for (const t of used)
      if (t.tolerationSeconds !== undefined && (minSeconds === undefined || t.tolerationSeconds < minSeconds))
        minSeconds = t.tolerationSeconds;
  }
  if (minSeconds === undefined) return undefined;
  if (minSeconds <= 0) return now;
  let start: number | undefined;
  for (const taint of noExecute) {
    const added = parseTime(taint.timeAdded);
    if (added !== undefined && (start === undefined || added < start)) start = added;
  }
  return (start ?? now) + minSeconds * 1000;
}

function isEvictable(pod: Pod): boolean {
  return (
    !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed'
  );
}

function evictions(view: ClusterView, node: Node, now: number): Write[] {
  const taints = node.spec.taints ?? [];
  if (!taints.some((t) => t.effect === 'NoExecute')) return [];
  const writes: Write[] = [];
  const actor: Actor = { type: 'controller', name: TAINT_EVICTION_CONTROLLER };
  for (const pod of view.objects.podsOnNode(node.metadata.name)) {
    if (!isEvictable(pod)) continue;
    const at = evictionTime(pod, taints, now);
    if (at === undefined || at > now) continue;
    const namespace = pod.metadata.namespace ?? 'default';
    // The pod records why it is going (DisruptionTarget, PodDisruptionConditions) before it is deleted.
    writes.push({
      op: 'update',
      reason: 'TaintManagerEviction',
      actor,
      causeUid: node.metadata.uid,
      object: {
        ...pod,
        status: {
          ...(pod.status ?? { phase: 'Pending' as const }),
          conditions: setCondition(
            pod.status?.conditions,
            {
              type: 'DisruptionTarget',
              status: 'True',
              reason: 'DeletionByTaintManager',
              message: 'Taint manager: deleting due to NoExecute taint',
            },
            rfc3339(now),
          ),
        },
      },
    });
    writes.push({
      op: 'delete',
      kind: 'Pod',
      namespace,
      name: pod.metadata.name,
      options: { uid: pod.metadata.uid },
      reason: 'TaintManagerEviction',
      actor,
      causeUid: node.metadata.uid,
      notes: [
        {
          type: 'Normal',
          reason: 'TaintManagerEviction',
          message: `Marking for deletion Pod ${namespace}/${pod.metadata.name}`,
          involvedObject: podRef(pod),
          source: { component: TAINT_EVICTION_CONTROLLER },
        },
      ],
    });
  }
  return writes;
}

/** PodGC: pods bound to a node that does not exist (any more) are force-deleted. */
function podGc(view: ClusterView, nodes: readonly Node[]): Write[] {
  const names = new Set(nodes.map((n) => n.metadata.name));
  const writes: Write[] = [];
  for (const pod of view.objects.list('Pod')) {
    const node = pod.spec.nodeName;
    if (!node || names.has(node)) continue;
    writes.push({
      op: 'delete',
      kind: 'Pod',
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      options: { gracePeriodSeconds: 0, uid: pod.metadata.uid },
      reason: 'PodGCOrphaned',
      actor: { type: 'controller', name: POD_GC_CONTROLLER },
    });
  }
  return writes;
}

function nextWake(view: ClusterView): number | undefined {
  let next: number | undefined;
  const consider = (at: number | undefined) => {
    if (at !== undefined && at > view.now && (next === undefined || at < next)) next = at;
  };
  for (const node of view.objects.list('Node')) {
    consider(staleAt(view, node));
    const taints = node.spec.taints ?? [];
    if (!taints.some((t) => t.effect === 'NoExecute')) continue;
    for (const pod of view.objects.podsOnNode(node.metadata.name))
      if (isEvictable(pod)) consider(evictionTime(pod, taints, view.now));
  }
  return next;
}
