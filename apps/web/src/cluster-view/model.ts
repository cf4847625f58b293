// The cluster view's model, pure: from the objects of a sandbox state (nodes, pods, ReplicaSets, Deployments,
// StatefulSets, DaemonSets, PVCs, as the API's `raw` JSON) to node columns of pod cards grouped by owner, and the
// workloads with their rollout progress. Cards that did not change keep their identity across builds (pass the
// previous model), so memoised card components skip re-rendering.
import { arr, num, rec, str, type Json } from './json';
import { displayState, podStatusColumns, type PodDisplayState } from './pod-status';
import type { ObjectRef } from './contract';

/** The objects of one sandbox state: each entry is a whole Kubernetes object (the API's `raw`). */
export interface ClusterObjects {
  version: number;
  /** Simulated now of this state (RFC 3339). */
  now: string;
  nodes: readonly unknown[];
  pods: readonly unknown[];
  replicaSets: readonly unknown[];
  deployments: readonly unknown[];
  statefulSets: readonly unknown[];
  daemonSets: readonly unknown[];
  persistentVolumeClaims: readonly unknown[];
}

/** One pod card. Only primitive fields, so two cards compare with a shallow equality. */
export interface PodCard {
  uid: string;
  name: string;
  namespace: string;
  nodeName: string | null;
  state: PodDisplayState;
  /** kubectl's STATUS text. */
  status: string;
  /** READY, e.g. "1/1". */
  ready: string;
  restarts: number;
  images: string;
  /** The workload it belongs to: "Deployment/ns/name", "StatefulSet/ns/name", … or "Pod/ns/name" for a bare pod. */
  workloadKey: string;
  workloadKind: string;
  workloadName: string;
  /** The owning ReplicaSet (pods of Deployments and bare ReplicaSets). */
  replicaSet: string | null;
  /** deployment.kubernetes.io/revision of its ReplicaSet, or the StatefulSet/DaemonSet revision hash. */
  revision: string | null;
  /** Of the newest template of its workload (new ReplicaSet, update revision); null when not applicable. */
  current: boolean | null;
  /** StatefulSet ordinal. */
  ordinal: number | null;
  deleting: boolean;
}

/** The pods of one owner on one node. */
export interface PodGroup {
  key: string;
  label: string;
  workloadKey: string;
  pods: PodCard[];
}

export interface NodeColumn {
  /** null for the column of pods not bound to a node. */
  name: string | null;
  uid: string | null;
  ready: boolean;
  unschedulable: boolean;
  roles: string[];
  taints: string[];
  groups: PodGroup[];
  podCount: number;
}

export interface RolloutProgress {
  desired: number;
  /** Pods of the newest template. */
  updated: number;
  ready: number;
  available: number;
  /** Pods existing (every revision). */
  current: number;
  complete: boolean;
}

export interface ReplicaSetModel {
  ref: ObjectRef;
  revision: number | null;
  desired: number;
  current: number;
  ready: number;
  /** The newest ReplicaSet of its Deployment. */
  isNew: boolean;
  pods: PodCard[];
}

export interface ClaimModel {
  ref: ObjectRef;
  phase: string;
  capacity: string | null;
}

export interface OrdinalModel {
  ordinal: number;
  podName: string;
  pod: PodCard | null;
  claims: ClaimModel[];
}

interface WorkloadBase {
  key: string;
  ref: ObjectRef;
  images: string[];
  rollout: RolloutProgress | null;
}

export type WorkloadModel =
  | (WorkloadBase & { kind: 'Deployment'; replicaSets: ReplicaSetModel[]; paused: boolean })
  | (WorkloadBase & { kind: 'ReplicaSet'; replicaSets: ReplicaSetModel[] })
  | (WorkloadBase & { kind: 'StatefulSet'; ordinals: OrdinalModel[] })
  | (WorkloadBase & { kind: 'DaemonSet'; perNode: { node: string; pod: PodCard | null }[] })
  | (WorkloadBase & { kind: 'Other'; pods: PodCard[] });

export interface ClusterModel {
  version: number;
  now: string;
  columns: NodeColumn[];
  workloads: WorkloadModel[];
  /** Every card, keyed by uid. */
  cards: ReadonlyMap<string, PodCard>;
  counts: Record<PodDisplayState, number>;
}

const keyOf = (kind: string, namespace: string | null, name: string): string =>
  `${kind}/${namespace ?? ''}/${name}`;

function refOf(kind: string, object: Json): ObjectRef {
  const metadata = rec(object['metadata']);
  return {
    kind,
    namespace: str(metadata['namespace']),
    name: str(metadata['name']) ?? '',
    uid: str(metadata['uid']) ?? '',
  };
}

function controllerOf(object: Json): { kind: string; name: string } | null {
  const owner = arr(rec(object['metadata'])['ownerReferences'])
    .map(rec)
    .find((o) => o['controller'] === true);
  const kind = owner ? str(owner['kind']) : null;
  const name = owner ? str(owner['name']) : null;
  return kind && name ? { kind, name } : null;
}

const imagesOf = (template: Json): string[] =>
  arr(rec(template['spec'])['containers']).map((c) => str(rec(c)['image']) ?? '');

function replicasOf(spec: Json): number {
  return typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
}

function revisionNumber(object: Json): number | null {
  const value = str(rec(rec(object['metadata'])['annotations'])['deployment.kubernetes.io/revision']);
  const parsed = value === null ? NaN : Number(value);
  return Number.isInteger(parsed) ? parsed : null;
}

function shallowEqual<T extends object>(a: T, b: T): boolean {
  for (const key of Object.keys(a) as (keyof T)[]) if (a[key] !== b[key]) return false;
  return true;
}

function emptyCounts(): Record<PodDisplayState, number> {
  return {
    Pending: 0,
    ContainerCreating: 0,
    Init: 0,
    Running: 0,
    Ready: 0,
    Terminating: 0,
    CrashLoopBackOff: 0,
    ImagePullBackOff: 0,
    Error: 0,
    Completed: 0,
    Unknown: 0,
  };
}

interface PodIntrinsics {
  columns: ReturnType<typeof podStatusColumns>;
  phase: string | null;
  images: string;
}

// What a pod object alone decides, computed once per object: live updates replace changed objects and keep the
// others, so a frame with one changed pod recomputes one pod's STATUS, not 200.
const intrinsics = new WeakMap<object, PodIntrinsics>();

function intrinsic(pod: Json): PodIntrinsics {
  let known = intrinsics.get(pod);
  if (!known) {
    known = {
      columns: podStatusColumns(pod),
      phase: str(rec(pod['status'])['phase']),
      images: imagesOf(pod).join(', '),
    };
    intrinsics.set(pod, known);
  }
  return known;
}

/** The ordinal of a StatefulSet pod named `<set>-<n>`; null otherwise. */
export function ordinalOf(setName: string, podName: string): number | null {
  if (!podName.startsWith(`${setName}-`)) return null;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : null;
}

export function buildClusterModel(input: ClusterObjects, previous?: ClusterModel | null): ClusterModel {
  const replicaSets = input.replicaSets.map(rec);
  const deployments = input.deployments.map(rec);
  const statefulSets = input.statefulSets.map(rec);
  const daemonSets = input.daemonSets.map(rec);
  const pods = input.pods.map(rec);

  // ReplicaSets by namespace/name, with their Deployment and revision; the newest revision of each Deployment.
  const rsByKey = new Map<string, Json>();
  const newestRevision = new Map<string, number>();
  for (const rs of replicaSets) {
    const ref = refOf('ReplicaSet', rs);
    rsByKey.set(keyOf('ReplicaSet', ref.namespace, ref.name), rs);
    const owner = controllerOf(rs);
    const revision = revisionNumber(rs);
    if (owner?.kind === 'Deployment' && revision !== null) {
      const key = keyOf('Deployment', ref.namespace, owner.name);
      newestRevision.set(key, Math.max(newestRevision.get(key) ?? 0, revision));
    }
  }
  const setUpdateRevision = new Map<string, string | null>();
  for (const [kind, sets] of [
    ['StatefulSet', statefulSets],
    ['DaemonSet', daemonSets],
  ] as const) {
    for (const set of sets) {
      const ref = refOf(kind, set);
      // A DaemonSet has no updateRevision in its status: its pods of the newest template are counted, not named.
      setUpdateRevision.set(keyOf(kind, ref.namespace, ref.name), str(rec(set['status'])['updateRevision']));
    }
  }

  // Cards.
  const cards = new Map<string, PodCard>();
  const counts = emptyCounts();
  const cardList: PodCard[] = [];
  for (const pod of pods) {
    const ref = refOf('Pod', pod);
    const metadata = rec(pod['metadata']);
    const labels = rec(metadata['labels']);
    const { columns, phase, images } = intrinsic(pod);
    const owner = controllerOf(pod);
    let workloadKind = 'Pod';
    let workloadName = ref.name;
    let replicaSet: string | null = null;
    let revision: string | null = null;
    let current: boolean | null = null;
    let ordinal: number | null = null;
    if (owner?.kind === 'ReplicaSet') {
      replicaSet = owner.name;
      const rs = rsByKey.get(keyOf('ReplicaSet', ref.namespace, owner.name));
      const rsOwner = rs ? controllerOf(rs) : null;
      const number = rs ? revisionNumber(rs) : null;
      revision = number === null ? null : String(number);
      if (rsOwner?.kind === 'Deployment') {
        workloadKind = 'Deployment';
        workloadName = rsOwner.name;
        const newest = newestRevision.get(keyOf('Deployment', ref.namespace, rsOwner.name));
        current = number !== null && newest !== undefined ? number === newest : null;
      } else {
        workloadKind = 'ReplicaSet';
        workloadName = owner.name;
      }
    } else if (owner) {
      workloadKind = owner.kind;
      workloadName = owner.name;
      if (owner.kind === 'StatefulSet' || owner.kind === 'DaemonSet') {
        revision = str(labels['controller-revision-hash']);
        const update = setUpdateRevision.get(keyOf(owner.kind, ref.namespace, owner.name));
        current = update && revision ? revision === update : null;
      }
      if (owner.kind === 'StatefulSet') ordinal = ordinalOf(owner.name, ref.name);
    }
    const card: PodCard = {
      uid: ref.uid,
      name: ref.name,
      namespace: ref.namespace ?? 'default',
      nodeName: str(rec(pod['spec'])['nodeName']),
      state: displayState(columns, phase),
      status: columns.status,
      ready: `${columns.readyContainers}/${columns.totalContainers}`,
      restarts: columns.restarts,
      images,
      workloadKey: keyOf(workloadKind, ref.namespace, workloadName),
      workloadKind,
      workloadName,
      replicaSet,
      revision,
      current,
      ordinal,
      deleting: str(metadata['deletionTimestamp']) !== null,
    };
    const before = previous?.cards.get(card.uid);
    const shared = before && shallowEqual(card, before) ? before : card;
    cards.set(shared.uid, shared);
    cardList.push(shared);
    counts[shared.state]++;
  }

  // Node columns: pods grouped by owner (workload, then ReplicaSet newest first), then by name.
  const byNode = new Map<string | null, PodCard[]>();
  for (const card of cardList) {
    const list = byNode.get(card.nodeName);
    if (list) list.push(card);
    else byNode.set(card.nodeName, [card]);
  }
  const columns: NodeColumn[] = input.nodes.map(rec).map((node) => {
    const ref = refOf('Node', node);
    const spec = rec(node['spec']);
    const labels = rec(rec(node['metadata'])['labels']);
    const nodePods = byNode.get(ref.name) ?? [];
    byNode.delete(ref.name);
    return {
      name: ref.name,
      uid: ref.uid,
      ready: arr(rec(node['status'])['conditions']).some(
        (c) => rec(c)['type'] === 'Ready' && rec(c)['status'] === 'True',
      ),
      unschedulable: spec['unschedulable'] === true,
      roles: Object.keys(labels)
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length)),
      taints: arr(spec['taints']).map((t) => {
        const taint = rec(t);
        const value = str(taint['value']);
        return `${str(taint['key']) ?? ''}${value ? `=${value}` : ''}:${str(taint['effect']) ?? ''}`;
      }),
      groups: groupPods(nodePods),
      podCount: nodePods.length,
    };
  });
  // Pods not bound to a node, and pods on a node that no longer exists, form a last column.
  const unplaced = [...byNode.values()].flat();
  if (unplaced.length > 0) {
    columns.push({
      name: null,
      uid: null,
      ready: false,
      unschedulable: false,
      roles: [],
      taints: [],
      groups: groupPods(unplaced),
      podCount: unplaced.length,
    });
  }

  return {
    version: input.version,
    now: input.now,
    columns,
    workloads: buildWorkloads(input, cardList, { replicaSets, deployments, statefulSets, daemonSets }),
    cards,
    counts,
  };
}

function podOrder(a: PodCard, b: PodCard): number {
  if (a.workloadKey !== b.workloadKey) return a.workloadKey < b.workloadKey ? -1 : 1;
  const ra = Number(a.revision ?? -1);
  const rb = Number(b.revision ?? -1);
  if (a.replicaSet !== b.replicaSet && !Number.isNaN(ra) && !Number.isNaN(rb) && ra !== rb) return rb - ra;
  if (a.ordinal !== null && b.ordinal !== null && a.ordinal !== b.ordinal) return a.ordinal - b.ordinal;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function groupPods(pods: PodCard[]): PodGroup[] {
  const sorted = [...pods].sort(podOrder);
  const groups: PodGroup[] = [];
  for (const pod of sorted) {
    const key = `${pod.workloadKey}|${pod.replicaSet ?? ''}`;
    const last = groups.at(-1);
    if (last && last.key === key) last.pods.push(pod);
    else {
      const label =
        pod.workloadKind === 'Pod'
          ? 'bare pods'
          : pod.replicaSet && pod.workloadKind === 'Deployment'
            ? `${pod.workloadName} › ${pod.replicaSet}`
            : `${pod.workloadName}`;
      groups.push({ key, label, workloadKey: pod.workloadKey, pods: [pod] });
    }
  }
  // Bare pods of different names share one group per node.
  const bare = groups.filter((g) => g.pods[0]?.workloadKind === 'Pod');
  if (bare.length < 2) return groups;
  const merged: PodGroup = {
    key: 'Pod|',
    label: 'bare pods',
    workloadKey: 'Pod',
    pods: bare.flatMap((g) => g.pods),
  };
  return [...groups.filter((g) => g.pods[0]?.workloadKind !== 'Pod'), merged];
}

interface Owners {
  replicaSets: Json[];
  deployments: Json[];
  statefulSets: Json[];
  daemonSets: Json[];
}

function buildWorkloads(input: ClusterObjects, cards: PodCard[], owners: Owners): WorkloadModel[] {
  const podsByWorkload = new Map<string, PodCard[]>();
  const podsByReplicaSet = new Map<string, PodCard[]>();
  for (const card of cards) {
    const list = podsByWorkload.get(card.workloadKey);
    if (list) list.push(card);
    else podsByWorkload.set(card.workloadKey, [card]);
    if (card.replicaSet) {
      const rsKey = keyOf('ReplicaSet', card.namespace, card.replicaSet);
      const rsList = podsByReplicaSet.get(rsKey);
      if (rsList) rsList.push(card);
      else podsByReplicaSet.set(rsKey, [card]);
    }
  }
  const byName = (a: PodCard, b: PodCard) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

  // ReplicaSets by their owning Deployment (or standalone).
  const rsOfDeployment = new Map<string, ReplicaSetModel[]>();
  const standalone: WorkloadModel[] = [];
  for (const rs of owners.replicaSets) {
    const ref = refOf('ReplicaSet', rs);
    const spec = rec(rs['spec']);
    const status = rec(rs['status']);
    const model: ReplicaSetModel = {
      ref,
      revision: revisionNumber(rs),
      desired: replicasOf(spec),
      current: num(status['replicas']),
      ready: num(status['readyReplicas']),
      isNew: false,
      pods: (podsByReplicaSet.get(keyOf('ReplicaSet', ref.namespace, ref.name)) ?? []).sort(byName),
    };
    const owner = controllerOf(rs);
    if (owner?.kind === 'Deployment') {
      const key = keyOf('Deployment', ref.namespace, owner.name);
      const list = rsOfDeployment.get(key);
      if (list) list.push(model);
      else rsOfDeployment.set(key, [model]);
    } else {
      const key = keyOf('ReplicaSet', ref.namespace, ref.name);
      podsByWorkload.delete(key);
      standalone.push({
        kind: 'ReplicaSet',
        key,
        ref,
        images: imagesOf(rec(spec['template'])),
        rollout: {
          desired: model.desired,
          updated: model.current,
          ready: model.ready,
          available: num(status['availableReplicas']),
          current: model.current,
          complete: model.ready >= model.desired && model.current === model.desired,
        },
        replicaSets: [{ ...model, isNew: true }],
      });
    }
  }

  const workloads: WorkloadModel[] = [];
  for (const deployment of owners.deployments) {
    const ref = refOf('Deployment', deployment);
    const key = keyOf('Deployment', ref.namespace, ref.name);
    const spec = rec(deployment['spec']);
    const status = rec(deployment['status']);
    const metadata = rec(deployment['metadata']);
    const sets = (rsOfDeployment.get(key) ?? []).sort((a, b) => (b.revision ?? -1) - (a.revision ?? -1));
    const newest = sets[0]?.revision ?? null;
    const desired = replicasOf(spec);
    const updated = num(status['updatedReplicas']);
    const available = num(status['availableReplicas']);
    const current = num(status['replicas']);
    workloads.push({
      kind: 'Deployment',
      key,
      ref,
      images: imagesOf(rec(spec['template'])),
      paused: spec['paused'] === true,
      rollout: {
        desired,
        updated,
        ready: num(status['readyReplicas']),
        available,
        current,
        complete:
          num(status['observedGeneration']) >= num(metadata['generation']) &&
          updated === desired &&
          current === desired &&
          available === desired,
      },
      replicaSets: sets.map((rs) => ({ ...rs, isNew: newest !== null && rs.revision === newest })),
    });
    podsByWorkload.delete(key);
  }

  const claims = input.persistentVolumeClaims.map(rec).map((pvc) => ({
    ref: refOf('PersistentVolumeClaim', pvc),
    phase: str(rec(pvc['status'])['phase']) ?? 'Pending',
    capacity: str(rec(rec(pvc['status'])['capacity'])['storage']),
  }));
  for (const set of owners.statefulSets) {
    const ref = refOf('StatefulSet', set);
    const key = keyOf('StatefulSet', ref.namespace, ref.name);
    const spec = rec(set['spec']);
    const status = rec(set['status']);
    const desired = replicasOf(spec);
    const pods = podsByWorkload.get(key) ?? [];
    podsByWorkload.delete(key);
    const templates = arr(spec['volumeClaimTemplates']).map(
      (t) => str(rec(rec(t)['metadata'])['name']) ?? '',
    );
    const ordinals = new Set<number>();
    for (let i = 0; i < desired; i++) ordinals.add(i);
    for (const pod of pods) if (pod.ordinal !== null) ordinals.add(pod.ordinal);
    // Claims outlive scaled-down ordinals: show those too.
    for (const claim of claims) {
      if (claim.ref.namespace !== ref.namespace) continue;
      for (const template of templates) {
        const ordinal = ordinalOf(`${template}-${ref.name}`, claim.ref.name);
        if (ordinal !== null) ordinals.add(ordinal);
      }
    }
    const updated = num(status['updatedReplicas']);
    const ready = num(status['readyReplicas']);
    const available = num(status['availableReplicas'], ready);
    const current = num(status['replicas']);
    workloads.push({
      kind: 'StatefulSet',
      key,
      ref,
      images: imagesOf(rec(spec['template'])),
      rollout: {
        desired,
        updated,
        ready,
        available,
        current,
        complete: updated === desired && ready === desired && current === desired,
      },
      ordinals: [...ordinals]
        .sort((a, b) => a - b)
        .map((ordinal) => ({
          ordinal,
          podName: `${ref.name}-${ordinal}`,
          pod: pods.find((p) => p.ordinal === ordinal) ?? null,
          claims: templates.flatMap((template) =>
            claims.filter(
              (c) => c.ref.namespace === ref.namespace && c.ref.name === `${template}-${ref.name}-${ordinal}`,
            ),
          ),
        })),
    });
  }

  const nodeNames = input.nodes.map((n) => str(rec(rec(n)['metadata'])['name']) ?? '');
  for (const set of owners.daemonSets) {
    const ref = refOf('DaemonSet', set);
    const key = keyOf('DaemonSet', ref.namespace, ref.name);
    const status = rec(set['status']);
    const pods = podsByWorkload.get(key) ?? [];
    podsByWorkload.delete(key);
    const desired = num(status['desiredNumberScheduled']);
    const updated = num(status['updatedNumberScheduled']);
    const available = num(status['numberAvailable']);
    const ready = num(status['numberReady']);
    const current = num(status['currentNumberScheduled']);
    workloads.push({
      kind: 'DaemonSet',
      key,
      ref,
      images: imagesOf(rec(rec(set['spec'])['template'])),
      rollout: {
        desired,
        updated,
        ready,
        available,
        current,
        complete: updated === desired && available === desired && current === desired,
      },
      perNode: nodeNames.map((node) => ({
        node,
        // During an update a node briefly has two pods: show the one not being deleted.
        pod:
          pods.find((p) => p.nodeName === node && !p.deleting) ??
          pods.find((p) => p.nodeName === node) ??
          null,
      })),
    });
  }

  workloads.push(...standalone);
  // Whatever is left: bare pods and pods of kinds the view does not model (Jobs …), one entry per owner.
  for (const [key, pods] of podsByWorkload) {
    const first = pods[0] as PodCard;
    if (first.workloadKind === 'Pod') continue;
    workloads.push({
      kind: 'Other',
      key,
      ref: { kind: first.workloadKind, namespace: first.namespace, name: first.workloadName, uid: '' },
      images: [],
      rollout: null,
      pods: pods.sort(byName),
    });
  }
  const bare = cards.filter((c) => c.workloadKind === 'Pod').sort(byName);
  if (bare.length > 0) {
    workloads.push({
      kind: 'Other',
      key: 'Pod',
      ref: { kind: 'Pod', namespace: null, name: 'bare pods', uid: '' },
      images: [],
      rollout: null,
      pods: bare,
    });
  }
  return workloads;
}
