// kube-scheduler (`default-scheduler`): binds pending pods to nodes. Filters and messages follow spec A.8
// (framework plugins NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodeResourcesFit,
// VolumeBinding's unbound-claim pre-filter, required pod anti-affinity on the hostname); scoring spreads replicas
// (LeastAllocated + BalancedAllocation on non-zero requests, plus spreading of the same owner's pods); ties are
// broken with the seeded RNG. One reconcile schedules every pending pod, keeping per-node totals incrementally,
// so 10,000 pods over 500 nodes stay well under a second.
import type { Node } from '../../api/node';
import type { Pod } from '../../api/pod';
import { matchesSelector } from '../../api/selectors';
import type { Rng } from '../../rng/rng';
import type { ClusterView } from '../../state/cluster-state';
import type { KubeEventNote } from '../../state/cluster-event';
import type { ReconcileContext, Reconciler, Write } from '../../runtime/reconciler';
import { rfc3339 } from '../../time/time';
import { getCondition, setCondition } from '../shared/conditions';
import { controllerRef } from '../shared/owners';
import { matchesNodeSelectorAndAffinity, preferredNodeAffinityScore } from '../shared/node-affinity';
import { bytes, cpuMillis, podRequests, type PodRequests } from '../shared/quantity';
import { firstUntoleratedTaint, TAINT_UNSCHEDULABLE, tolerates } from '../shared/taints';

export const SCHEDULER_NAME = 'default-scheduler';
// Bound once: the scoring loop runs millions of times, and a global lookup per call is slow inside vm contexts
// (Jest) where the global object is an interceptor.
const { abs, floor, max, min } = Math;
const HOSTNAME_KEY = 'kubernetes.io/hostname';

// Filter reasons, as the plugins word them.
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const REASON_NODE_NAME = "node(s) didn't match the requested node name";
export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const REASON_UNBOUND_PVC = 'pod has unbound immediate PersistentVolumeClaims';
const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

/** Per-node totals for one pass; updated as pods are bound so later pods see earlier bindings. */
interface NodeInfo {
  index: number;
  node: Node;
  name: string;
  allocatableCpu: number;
  allocatableMemory: number;
  allocatablePods: number;
  requestedCpu: number;
  requestedMemory: number;
  /** Requests with the 100m / 200Mi substitutes: what the score plugins use. */
  nonZeroCpu: number;
  nonZeroMemory: number;
  pods: number;
  /** Pods on the node (including the ones bound in this pass), only built when anti-affinity needs them. */
  podList?: Pod[];
}

/** Result of the node-only filters for one set of placement constraints (shared by a ReplicaSet's pods). */
interface StaticFit {
  key: string;
  feasible: NodeInfo[];
  reasons: Map<string, number>;
}

/** Feasible nodes of one class of pods grouped by identical totals: any node of a group scores the same. */
interface Bucket {
  nodes: NodeInfo[];
}

interface PodClass {
  owner: string | undefined;
  /** By node index: intolerable PreferNoSchedule taints (static for the class: its tolerations are in the key). */
  penalty: Int32Array;
  requests: PodRequests;
  nonZero: PodRequests;
  buckets: Map<string, Bucket>;
  /** By node index: the node's bucket (undefined when the class cannot use the node at all). */
  bucketOf: (Bucket | undefined)[];
  position: Int32Array;
}

interface Pass {
  view: ClusterView;
  /** Where the next pod's search for feasible nodes starts (nextStartNodeIndex). */
  nextStart: number;
  nodes: NodeInfo[];
  byName: Map<string, NodeInfo>;
  staticFits: Map<string, StaticFit>;
  /** owner uid → active pods of that owner per node index (for spreading). */
  ownerCounts: Map<string, Int32Array>;
  /** Pods with required hostname anti-affinity, by node (for the symmetric check). */
  antiAffinityPods: Map<string, Pod[]>;
  /** Host ports in use, by node (`TCP/8080`), for NodePorts. */
  usedPorts: Map<string, Set<string>>;
  boundInPass: Map<string, Pod[]>;
  classes: Map<string, PodClass>;
}

export function schedulerReconciler(): Reconciler {
  return {
    name: SCHEDULER_NAME,
    actor: { type: 'scheduler', name: SCHEDULER_NAME },
    // Pending pods and node usage, nodes, and the claims and classes of pods' volumes.
    watches: ['Pod', 'Node', 'PersistentVolumeClaim', 'StorageClass'],
    reconcile: (ctx) => schedule(ctx),
  };
}

function isPending(pod: Pod): boolean {
  return (
    !pod.spec.nodeName &&
    !pod.metadata.deletionTimestamp &&
    (pod.spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME &&
    pod.status?.phase !== 'Succeeded' &&
    pod.status?.phase !== 'Failed'
  );
}

function isTerminated(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function schedule(ctx: ReconcileContext): Write[] {
  const { view, now } = ctx;
  const all = view.objects.list('Pod');
  const pending: Pod[] = [];
  for (const pod of all) if (isPending(pod)) pending.push(pod);
  if (!pending.length) return [];

  // The scheduling queue: higher priority first, then older pods; ties keep namespace/name order.
  const order = pending.map((pod, index) => ({
    pod,
    index,
    priority: pod.spec.priority ?? 0,
    created: pod.metadata.creationTimestamp,
  }));
  order.sort(
    (a, b) =>
      b.priority - a.priority ||
      (a.created < b.created ? -1 : a.created > b.created ? 1 : 0) ||
      a.index - b.index,
  );

  const pass = buildPass(view, all, pending);
  const rng = ctx.rng('select-host');
  pass.nextStart = pass.nodes.length ? rng.int(pass.nodes.length) : 0;
  const time = rfc3339(now);
  const writes: Write[] = [];
  for (const { pod } of order) {
    const requests = podRequests(pod.spec);
    const nonZero = podRequests(pod.spec, true);
    const decision = scheduleOne(pass, pod, rng, requests, nonZero);
    if (decision.node) {
      bind(pass, pod, decision.node, requests, nonZero);
      writes.push(bindingWrite(pod, decision.node.name, time));
    } else {
      const write = failureWrite(pod, decision.message ?? '', time);
      if (write) writes.push(write);
    }
  }
  return writes;
}

/** Node totals from one walk over the pods (no per-node lookups), plus spreading counts for pending owners. */
function buildPass(view: ClusterView, all: readonly Pod[], pending: readonly Pod[]): Pass {
  const nodes: NodeInfo[] = [];
  const byName = new Map<string, NodeInfo>();
  const antiAffinityPods = new Map<string, Pod[]>();
  const usedPorts = new Map<string, Set<string>>();
  for (const node of view.objects.list('Node')) {
    const allocatable = node.status?.allocatable ?? {};
    const info: NodeInfo = {
      index: nodes.length,
      node,
      name: node.metadata.name,
      allocatableCpu: cpuMillis(allocatable.cpu),
      allocatableMemory: bytes(allocatable.memory),
      allocatablePods: Number(allocatable.pods ?? 110),
      requestedCpu: 0,
      requestedMemory: 0,
      nonZeroCpu: 0,
      nonZeroMemory: 0,
      pods: 0,
    };
    nodes.push(info);
    byName.set(info.name, info);
  }
  const ownerCounts = new Map<string, Int32Array>();
  for (const pod of pending) {
    const owner = controllerRef(pod)?.uid;
    if (owner && !ownerCounts.has(owner)) ownerCounts.set(owner, new Int32Array(nodes.length));
  }
  for (const pod of all) {
    const info = pod.spec.nodeName ? byName.get(pod.spec.nodeName) : undefined;
    // Terminating pods still hold their resources until they are gone, as in the scheduler's cache.
    if (!info || isTerminated(pod)) continue;
    addPod(info, pod);
    for (const port of hostPorts(pod)) addTo(usedPorts, info.name, port);
    if (pod.spec.affinity?.podAntiAffinity && hostnameAntiAffinity(pod).length) {
      const list = antiAffinityPods.get(info.name) ?? [];
      list.push(pod);
      antiAffinityPods.set(info.name, list);
    }
    if (pod.metadata.deletionTimestamp) continue;
    const owner = controllerRef(pod)?.uid;
    const counts = owner ? ownerCounts.get(owner) : undefined;
    if (counts) counts[info.index] = (counts[info.index] ?? 0) + 1;
  }
  return {
    view,
    nextStart: 0,
    nodes,
    byName,
    staticFits: new Map(),
    ownerCounts,
    antiAffinityPods,
    usedPorts,
    boundInPass: new Map(),
    classes: new Map(),
  };
}

function addPod(
  info: NodeInfo,
  pod: Pod,
  requests = podRequests(pod.spec),
  nonZero = podRequests(pod.spec, true),
): void {
  info.requestedCpu += requests.cpu;
  info.requestedMemory += requests.memory;
  info.nonZeroCpu += nonZero.cpu;
  info.nonZeroMemory += nonZero.memory;
  info.pods += 1;
}

function bind(pass: Pass, pod: Pod, info: NodeInfo, requests: PodRequests, nonZero: PodRequests): void {
  addPod(info, pod, requests, nonZero);
  // Anti-affinity only reads labels, namespace and uid, so the pod as read stands for the bound one.
  const list = pass.boundInPass.get(info.name);
  if (list) list.push(pod);
  else pass.boundInPass.set(info.name, [pod]);
  info.podList?.push(pod);
  for (const port of hostPorts(pod)) addTo(pass.usedPorts, info.name, port);
  if (pod.spec.affinity?.podAntiAffinity && hostnameAntiAffinity(pod).length) {
    const existing = pass.antiAffinityPods.get(info.name) ?? [];
    existing.push(pod);
    pass.antiAffinityPods.set(info.name, existing);
  }
  const owner = controllerRef(pod)?.uid;
  if (owner) {
    const counts = ownerCounts(pass, owner);
    counts[info.index] = (counts[info.index] ?? 0) + 1;
  }
  for (const cls of pass.classes.values()) {
    if (!cls.bucketOf[info.index]) continue;
    removeFromBucket(cls, info);
    addToBucket(pass, cls, info);
  }
}

interface Decision {
  node?: NodeInfo;
  message?: string;
}

function scheduleOne(pass: Pass, pod: Pod, rng: Rng, requests: PodRequests, nonZero: PodRequests): Decision {
  const total = pass.nodes.length;
  if (!total) return { message: 'no nodes available to schedule pods' };

  const preFilter = volumePreFilter(pass.view, pod);
  if (preFilter) {
    return {
      message: `0/${total} nodes are available: ${preFilter}. preemption: 0/${total} nodes are available: ${total} ${PREEMPTION_NOT_HELPFUL}.`,
    };
  }

  const fit = staticFit(pass, pod);
  const fast = scheduleByClass(pass, pod, fit, rng, requests, nonZero);
  if (fast) return { node: fast };
  const reasons = new Map(fit.reasons);
  // Node-only failures cannot be helped by preemption; resource and anti-affinity failures could, in principle.
  const unresolvable = total - fit.feasible.length;

  const antiTerms = hostnameAntiAffinity(pod);
  const checkAntiAffinity = antiTerms.length > 0 || pass.antiAffinityPods.size > 0;
  const wantedPorts = hostPorts(pod);
  const candidates: NodeInfo[] = [];
  let resolvable = 0;
  // Like kube-scheduler, stop after enough feasible nodes (percentageOfNodesToScore) and rotate the start, so
  // large clusters cost a fraction of the nodes per pod while every node still gets its turn.
  const feasible = fit.feasible;
  const want = numFeasibleNodesToFind(total);
  const start = feasible.length ? pass.nextStart % feasible.length : 0;
  let scanned = 0;
  for (; scanned < feasible.length && candidates.length < want; scanned++) {
    const info = feasible[(start + scanned) % feasible.length]!;
    if (wantedPorts.length) {
      const used = pass.usedPorts.get(info.name);
      if (used && wantedPorts.some((p) => used.has(p))) {
        resolvable++;
        reasons.set(REASON_NODE_PORTS, (reasons.get(REASON_NODE_PORTS) ?? 0) + 1);
        continue;
      }
    }
    const fits =
      info.pods + 1 <= info.allocatablePods &&
      (requests.cpu === 0 || info.requestedCpu + requests.cpu <= info.allocatableCpu) &&
      (requests.memory === 0 || info.requestedMemory + requests.memory <= info.allocatableMemory);
    if (!fits) {
      resolvable++;
      for (const reason of resourceFailures(info, requests.cpu, requests.memory))
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      continue;
    }
    if (checkAntiAffinity) {
      const reason = antiAffinityFailure(pass, pod, antiTerms, info);
      if (reason) {
        resolvable++;
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        continue;
      }
    }
    candidates.push(info);
  }

  pass.nextStart = start + scanned;
  if (!candidates.length) {
    const filterMessage = histogram(reasons);
    const preemption = [
      ...(unresolvable ? [`${unresolvable} ${PREEMPTION_NOT_HELPFUL}`] : []),
      ...(resolvable ? [`${resolvable} ${NO_VICTIMS}`] : []),
    ].sort();
    return {
      message: `0/${total} nodes are available: ${filterMessage}. preemption: 0/${total} nodes are available: ${preemption.join(', ')}.`,
    };
  }
  if (candidates.length === 1) return { node: candidates[0] };

  // Scoring.
  const owner = controllerRef(pod)?.uid;
  const counts = owner ? ownerCounts(pass, owner) : undefined;
  let maxCount = 0;
  if (counts) for (const info of candidates) maxCount = max(maxCount, counts[info.index] ?? 0);
  const hasPreferred =
    !!pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length;
  let maxPreferred = 0;
  const preferred = hasPreferred
    ? candidates.map((info) => {
        const s = preferredNodeAffinityScore(pod.spec, info.node);
        maxPreferred = max(maxPreferred, s);
        return s;
      })
    : undefined;

  let maxPenalty = 0;
  const penalties = candidates.map((info) => {
    const p = preferNoSchedulePenalty(pod, info.node);
    maxPenalty = max(maxPenalty, p);
    return p;
  });
  let bestScore = -1;
  const best: NodeInfo[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const info = candidates[i]!;
    let score =
      leastAllocated(info, nonZero.cpu, nonZero.memory) +
      balancedAllocation(info, nonZero.cpu, nonZero.memory);
    // Spreading of the owner's pods (PodTopologySpread's hostname default, weight 2), normalised to 0..100.
    if (counts) {
      const count = counts[info.index] ?? 0;
      score += 2 * (maxCount === 0 ? 100 : floor((100 * (maxCount - count)) / maxCount));
    }
    if (preferred && maxPreferred > 0) score += 2 * floor((100 * (preferred[i] ?? 0)) / maxPreferred);
    score += 3 * taintScore(penalties[i] ?? 0, maxPenalty);
    if (score > bestScore) {
      bestScore = score;
      best.length = 0;
      best.push(info);
    } else if (score === bestScore) best.push(info);
  }
  // Equal scores: a seeded uniform pick (selectHost samples uniformly among the best too).
  return { node: best.length === 1 ? best[0] : best[rng.int(best.length)] };
}

// ---- fast path ----------------------------------------------------------------------------------------------
// Nodes with the same allocatable, the same requested totals and the same count of the owner's pods give the
// same fit and the same score, so one representative per group is scored and the winner is drawn uniformly
// among the tied groups' nodes. The groups are kept up to date as pods are bound, so a 10,000-replica
// ReplicaSet over 500 nodes costs a handful of evaluations per pod instead of hundreds. Pods whose placement
// depends on more than these totals (anti-affinity, preferred node affinity) take the per-node path.

function nodeSignature(pass: Pass, cls: PodClass, info: NodeInfo): string {
  const count = cls.owner ? (pass.ownerCounts.get(cls.owner)?.[info.index] ?? 0) : 0;
  return `${cls.penalty[info.index]},${info.allocatableCpu},${info.allocatableMemory},${info.allocatablePods},${info.requestedCpu},${info.requestedMemory},${info.nonZeroCpu},${info.nonZeroMemory},${info.pods},${count}`;
}

function addToBucket(pass: Pass, cls: PodClass, info: NodeInfo): void {
  const signature = nodeSignature(pass, cls, info);
  let bucket = cls.buckets.get(signature);
  if (!bucket) {
    bucket = { nodes: [] };
    cls.buckets.set(signature, bucket);
  }
  cls.position[info.index] = bucket.nodes.length;
  bucket.nodes.push(info);
  cls.bucketOf[info.index] = bucket;
}

function removeFromBucket(cls: PodClass, info: NodeInfo): void {
  const bucket = cls.bucketOf[info.index];
  if (!bucket) return;
  const at = cls.position[info.index]!;
  const last = bucket.nodes.pop()!;
  if (last !== info) {
    bucket.nodes[at] = last;
    cls.position[last.index] = at;
  }
  if (!bucket.nodes.length) {
    for (const [signature, b] of cls.buckets) if (b === bucket) cls.buckets.delete(signature);
  }
  cls.bucketOf[info.index] = undefined;
}

function podClass(
  pass: Pass,
  pod: Pod,
  fit: StaticFit,
  requests: PodRequests,
  nonZero: PodRequests,
): PodClass {
  const owner = controllerRef(pod)?.uid;
  const key = `${fit.key}|${owner ?? ''}|${requests.cpu},${requests.memory},${nonZero.cpu},${nonZero.memory}`;
  let cls = pass.classes.get(key);
  if (!cls) {
    if (owner) ownerCounts(pass, owner);
    const penalty = new Int32Array(pass.nodes.length);
    for (const info of fit.feasible) penalty[info.index] = preferNoSchedulePenalty(pod, info.node);
    cls = {
      owner,
      penalty,
      requests,
      nonZero,
      buckets: new Map(),
      bucketOf: new Array<Bucket | undefined>(pass.nodes.length),
      position: new Int32Array(pass.nodes.length),
    };
    for (const info of fit.feasible) addToBucket(pass, cls, info);
    pass.classes.set(key, cls);
  }
  return cls;
}

function scheduleByClass(
  pass: Pass,
  pod: Pod,
  fit: StaticFit,
  rng: Rng,
  requests: PodRequests,
  nonZero: PodRequests,
): NodeInfo | undefined {
  if (pod.spec.affinity?.podAntiAffinity || pass.antiAffinityPods.size || hostPorts(pod).length)
    return undefined;
  if (pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length)
    return undefined;
  const cls = podClass(pass, pod, fit, requests, nonZero);
  const counts = cls.owner ? pass.ownerCounts.get(cls.owner) : undefined;
  const fitting: Bucket[] = [];
  let maxCount = 0;
  let maxPenalty = 0;
  for (const bucket of cls.buckets.values()) {
    const info = bucket.nodes[0]!;
    const fits =
      info.pods + 1 <= info.allocatablePods &&
      (requests.cpu === 0 || info.requestedCpu + requests.cpu <= info.allocatableCpu) &&
      (requests.memory === 0 || info.requestedMemory + requests.memory <= info.allocatableMemory);
    if (!fits) continue;
    fitting.push(bucket);
    if (counts) maxCount = max(maxCount, counts[info.index] ?? 0);
    maxPenalty = max(maxPenalty, cls.penalty[info.index] ?? 0);
  }
  if (!fitting.length) return undefined;
  let bestScore = -1;
  const best: Bucket[] = [];
  let tied = 0;
  for (const bucket of fitting) {
    const info = bucket.nodes[0]!;
    let score =
      leastAllocated(info, nonZero.cpu, nonZero.memory) +
      balancedAllocation(info, nonZero.cpu, nonZero.memory);
    if (counts) {
      const count = counts[info.index] ?? 0;
      score += 2 * (maxCount === 0 ? 100 : floor((100 * (maxCount - count)) / maxCount));
    }
    score += 3 * taintScore(cls.penalty[info.index] ?? 0, maxPenalty);
    if (score > bestScore) {
      bestScore = score;
      best.length = 0;
      tied = 0;
    }
    if (score === bestScore) {
      best.push(bucket);
      tied += bucket.nodes.length;
    }
  }
  // Equal scores: a seeded uniform pick among every tied node (selectHost samples uniformly too).
  let pick = tied === 1 ? 0 : rng.int(tied);
  for (const bucket of best) {
    if (pick < bucket.nodes.length) return bucket.nodes[pick];
    pick -= bucket.nodes.length;
  }
  return undefined;
}

/** TaintToleration's score input: PreferNoSchedule taints the pod does not tolerate. */
function preferNoSchedulePenalty(pod: Pod, node: Node): number {
  const taints = node.spec.taints;
  if (!taints?.length) return 0;
  const tolerations = (pod.spec.tolerations ?? []).filter(
    (t) => !t.effect || t.effect === 'PreferNoSchedule',
  );
  let count = 0;
  for (const taint of taints)
    if (taint.effect === 'PreferNoSchedule' && !tolerates(tolerations, taint)) count++;
  return count;
}

/** Normalised in reverse to 0..100: the node with the most intolerable taints scores 0. */
function taintScore(penalty: number, maxPenalty: number): number {
  return maxPenalty === 0 ? 100 : 100 - floor((100 * penalty) / maxPenalty);
}

/** numFeasibleNodesToFind with the adaptive default percentage (50% − nodes/125, at least 5%, at least 100). */
function numFeasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const percentage = max(5, 50 - floor(total / 125));
  return max(100, floor((total * percentage) / 100));
}

/** "1 node(s) had untolerated taint {…}, 2 Insufficient cpu": count-prefixed reasons, sorted as strings. */
function histogram(reasons: Map<string, number>): string {
  return [...reasons.entries()]
    .map(([reason, count]) => `${count} ${reason}`)
    .sort()
    .join(', ');
}

function ownerCounts(pass: Pass, owner: string): Int32Array {
  let counts = pass.ownerCounts.get(owner);
  if (!counts) {
    counts = new Int32Array(pass.nodes.length);
    pass.ownerCounts.set(owner, counts);
  }
  return counts;
}

function staticFit(pass: Pass, pod: Pod): StaticFit {
  const key = staticKey(pod);
  const cached = pass.staticFits.get(key);
  if (cached) return cached;
  const feasible: NodeInfo[] = [];
  const reasons = new Map<string, number>();
  for (const info of pass.nodes) {
    const reason = staticFailure(pod, info.node);
    if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    else feasible.push(info);
  }
  const fit = { key, feasible, reasons };
  pass.staticFits.set(key, fit);
  return fit;
}

/** What the node-only filters read from a pod, as a string (built by hand: this runs once per pending pod). */
function staticKey(pod: Pod): string {
  const spec = pod.spec;
  let key = '';
  for (const t of spec.tolerations ?? [])
    key += `${t.key ?? ''}\u0000${t.operator ?? ''}\u0000${t.value ?? ''}\u0000${t.effect ?? ''}\u0000${t.tolerationSeconds ?? ''}\u0001`;
  if (spec.nodeSelector) for (const k in spec.nodeSelector) key += `\u0002${k}=${spec.nodeSelector[k]}`;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) key += `\u0003${JSON.stringify(required)}`;
  return key;
}

/** The first failing node-only filter, in the default plugin order (all UnschedulableAndUnresolvable). */
function staticFailure(pod: Pod, node: Node): string | undefined {
  if (node.metadata.deletionTimestamp) return REASON_UNSCHEDULABLE;
  if (
    node.spec.unschedulable &&
    !tolerates(pod.spec.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })
  ) {
    return REASON_UNSCHEDULABLE;
  }
  if (pod.spec.nodeName && pod.spec.nodeName !== node.metadata.name) return REASON_NODE_NAME;
  const taint = firstUntoleratedTaint(node.spec.taints, pod.spec.tolerations, ['NoSchedule', 'NoExecute']);
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  if (!matchesNodeSelectorAndAffinity(pod.spec, node)) return REASON_NODE_AFFINITY;
  return undefined;
}

/** NodeResourcesFit: pods first, then cpu, then memory (fitsRequest's order). */
function resourceFailures(info: NodeInfo, cpu: number, memory: number): string[] {
  const failures: string[] = [];
  if (info.pods + 1 > info.allocatablePods) failures.push('Too many pods');
  if (cpu > 0 && info.requestedCpu + cpu > info.allocatableCpu) failures.push('Insufficient cpu');
  if (memory > 0 && info.requestedMemory + memory > info.allocatableMemory)
    failures.push('Insufficient memory');
  return failures;
}

function freePercent(requested: number, capacity: number): number {
  return capacity <= 0 || requested > capacity ? 0 : floor(((capacity - requested) * 100) / capacity);
}

function leastAllocated(info: NodeInfo, cpu: number, memory: number): number {
  return floor(
    (freePercent(info.nonZeroCpu + cpu, info.allocatableCpu) +
      freePercent(info.nonZeroMemory + memory, info.allocatableMemory)) /
      2,
  );
}

function usedFraction(requested: number, capacity: number): number {
  return capacity <= 0 ? 1 : min(1, requested / capacity);
}

function balancedAllocation(info: NodeInfo, cpu: number, memory: number): number {
  const a = usedFraction(info.nonZeroCpu + cpu, info.allocatableCpu);
  const b = usedFraction(info.nonZeroMemory + memory, info.allocatableMemory);
  // Standard deviation of two fractions is half their distance.
  return floor((1 - abs(a - b) / 2) * 100);
}

/** The host ports a pod asks for (NodePorts), as `protocol/port`. */
function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.spec.containers)
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${p.protocol ?? 'TCP'}/${p.hostPort}`);
  return out;
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

interface AntiAffinityTerm {
  selector: NonNullable<Parameters<typeof matchesSelector>[0]>;
  namespace: string;
}

/** Required pod anti-affinity terms on the hostname topology (other topology keys are not simulated). */
function hostnameAntiAffinity(pod: Pod): AntiAffinityTerm[] {
  const terms = pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const out: AntiAffinityTerm[] = [];
  for (const term of terms) {
    if (term.topologyKey !== HOSTNAME_KEY || !term.labelSelector) continue;
    out.push({ selector: term.labelSelector, namespace: pod.metadata.namespace ?? 'default' });
  }
  return out;
}

function antiAffinityFailure(
  pass: Pass,
  pod: Pod,
  terms: AntiAffinityTerm[],
  info: NodeInfo,
): string | undefined {
  // InterPodAffinity's order: the incoming pod's anti-affinity first, then existing pods' against it. Pods
  // still terminating count, as they do in the scheduler's cache.
  if (terms.length) {
    if (!info.podList) {
      info.podList = [
        ...pass.view.objects.podsOnNode(info.name).filter((p) => !isTerminated(p)),
        ...(pass.boundInPass.get(info.name) ?? []),
      ];
    }
    for (const other of info.podList) {
      if (other.metadata.uid === pod.metadata.uid) continue;
      for (const term of terms) {
        if (
          (other.metadata.namespace ?? 'default') === term.namespace &&
          matchesSelector(term.selector, other.metadata.labels)
        )
          return REASON_ANTI_AFFINITY;
      }
    }
  }
  for (const existing of pass.antiAffinityPods.get(info.name) ?? []) {
    for (const term of hostnameAntiAffinity(existing)) {
      if (
        term.namespace === (pod.metadata.namespace ?? 'default') &&
        matchesSelector(term.selector, pod.metadata.labels)
      )
        return REASON_EXISTING_ANTI_AFFINITY;
    }
  }
  return undefined;
}

/** VolumeBinding's pre-filter: claims must exist, not be deleted, and (for Immediate binding) be bound. */
function volumePreFilter(view: ClusterView, pod: Pod): string | undefined {
  const namespace = pod.metadata.namespace ?? 'default';
  for (const volume of pod.spec.volumes ?? []) {
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const claim = view.objects.get('PersistentVolumeClaim', namespace, claimName);
    if (!claim) return `persistentvolumeclaim "${claimName}" not found`;
    if (claim.metadata.deletionTimestamp) return `persistentvolumeclaim "${claimName}" is being deleted`;
    if (claim.spec.volumeName) continue;
    const className = claim.spec.storageClassName;
    const storageClass = className ? view.objects.get('StorageClass', undefined, className) : undefined;
    if (storageClass?.volumeBindingMode === 'WaitForFirstConsumer') continue;
    return REASON_UNBOUND_PVC;
  }
  return undefined;
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

function bindingWrite(pod: Pod, nodeName: string, time: string): Write {
  const conditions = setCondition(
    pod.status?.conditions,
    { type: 'PodScheduled', status: 'True', lastProbeTime: null },
    time,
  );
  const note: KubeEventNote = {
    type: 'Normal',
    reason: 'Scheduled',
    message: `Successfully assigned ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name} to ${nodeName}`,
    involvedObject: podRef(pod),
    source: { component: SCHEDULER_NAME },
  };
  const status = { ...(pod.status ?? { phase: 'Pending' as const }), conditions };
  delete status.nominatedNodeName;
  return {
    op: 'update',
    reason: 'Scheduled',
    causeUid: pod.metadata.uid,
    object: { ...pod, spec: { ...pod.spec, nodeName }, status },
    notes: [note],
  };
}

/** PodScheduled=False/Unschedulable with the message, written (with its event) only when the message changes. */
function failureWrite(pod: Pod, message: string, time: string): Write | undefined {
  const current = getCondition(pod.status?.conditions, 'PodScheduled');
  if (current?.status === 'False' && current.reason === 'Unschedulable' && current.message === message)
    return undefined;
  const conditions = setCondition(
    pod.status?.conditions,
    { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null },
    time,
  );
  return {
    op: 'update',
    reason: 'FailedScheduling',
    causeUid: pod.metadata.uid,
    object: { ...pod, status: { ...(pod.status ?? { phase: 'Pending' as const }), conditions } },
    notes: [
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        message,
        involvedObject: podRef(pod),
        source: { component: SCHEDULER_NAME },
      },
    ],
  };
}
