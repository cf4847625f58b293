// What a DaemonSet pod looks like and where it belongs (pkg/controller/daemon/util/daemonset_util.go,
// daemon_controller.go nodeShouldRunDaemonPod): the automatic tolerations, the node-name affinity that pins a
// pod to its node, the identity labels, and the surge / unavailability budgets (both rounded up).
import type { IntOrString } from '../../api/meta';
import type { Node } from '../../api/node';
import type { Affinity, Pod, PodSpec, Toleration } from '../../api/pod';
import type { DaemonSet } from '../../api/workloads';
import type { ObjectInput } from '../../api-server/api-server';
import { matchesNodeSelectorAndAffinity } from '../shared/node-affinity';
import { controllerReference } from '../shared/owners';
import { firstUntoleratedTaint } from '../shared/taints';

/** DS pods carry the revision hash only (not the revision name, unlike StatefulSet pods). */
export const DAEMON_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** AddOrUpdateDaemonPodTolerations, in upstream order. */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  const automatic: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork)
    automatic.push({
      key: 'node.kubernetes.io/network-unavailable',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
  let tolerations = [...(spec.tolerations ?? [])];
  for (const t of automatic) {
    // AddOrUpdateTolerationInPodSpec: a toleration with the same key/effect/operator/value is replaced in place.
    const same = (o: Toleration) =>
      (o.key ?? '') === t.key &&
      (o.effect ?? '') === t.effect &&
      (o.operator ?? 'Equal') === t.operator &&
      (o.value ?? '') === '';
    if (tolerations.some(same)) tolerations = tolerations.map((o) => (same(o) ? t : o));
    else tolerations.push(t);
  }
  return tolerations;
}

export interface Placement {
  /** The node should run a daemon pod (a missing one is created). */
  shouldRun: boolean;
  /** A daemon pod already there may stay (only NoSchedule taints are untolerated). */
  shouldContinueRunning: boolean;
}

/** nodeShouldRunDaemonPod: template nodeName, nodeSelector + required affinity, taints vs tolerations. */
export function nodeShouldRunDaemonPod(
  node: Node,
  ds: DaemonSet,
  tolerations: readonly Toleration[],
): Placement {
  const spec = ds.spec.template.spec;
  if (spec.nodeName && spec.nodeName !== node.metadata.name)
    return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesNodeSelectorAndAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec.taints;
  if (firstUntoleratedTaint(taints, tolerations, ['NoSchedule', 'NoExecute'])) {
    return {
      shouldRun: false,
      shouldContinueRunning: !firstUntoleratedTaint(taints, tolerations, ['NoExecute']),
    };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become exactly `metadata.name In [node]`. */
export function nodeNameAffinity(affinity: Affinity | undefined, node: string): Affinity {
  const required = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [node] }] }],
  };
  return {
    ...(affinity ?? {}),
    nodeAffinity: {
      ...(affinity?.nodeAffinity ?? {}),
      requiredDuringSchedulingIgnoredDuringExecution: required,
    },
  };
}

/** GetTargetNodeName: spec.nodeName once bound, else the node the affinity pins it to. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms?.length !== 1) return undefined;
  const fields = terms[0]?.matchFields ?? [];
  for (const f of fields) {
    if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/** The DaemonSet's template generation as pods are labelled with it (spec A.1: the DS metadata.generation). */
export function templateGeneration(ds: DaemonSet): number {
  return ds.metadata.generation ?? 1;
}

/** IsPodUpdated: the pod is at the current revision hash, or was created from this template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: number): boolean {
  const labels = pod.metadata.labels ?? {};
  return (
    (hash !== '' && labels[DAEMON_HASH_LABEL] === hash) ||
    labels[TEMPLATE_GENERATION_LABEL] === String(generation)
  );
}

/** CreatePodTemplate + the node pin: a daemon pod for `node`, named by the caller (`<ds>-<5 random>`). */
export function newDaemonPod(ds: DaemonSet, node: string, hash: string, name: string): ObjectInput {
  const template = ds.spec.template;
  const annotations = template.metadata?.annotations;
  const pod: Omit<Pod, 'metadata'> & { metadata: ObjectInput['metadata'] } = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: podPrefix(ds),
      namespace: ds.metadata.namespace,
      labels: {
        ...(template.metadata?.labels ?? {}),
        [TEMPLATE_GENERATION_LABEL]: String(templateGeneration(ds)),
        [DAEMON_HASH_LABEL]: hash,
      },
      ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
      ownerReferences: [controllerReference(ds)],
    },
    spec: {
      ...template.spec,
      tolerations: daemonTolerations(template.spec),
      affinity: nodeNameAffinity(template.spec.affinity, node),
    },
  };
  return pod as ObjectInput;
}

/** getPodsPrefix + the apiserver's 58-character cut so a generated name fits 63. */
export function podPrefix(ds: DaemonSet): string {
  return `${ds.metadata.name}-`.slice(0, 58);
}

/** intstr.GetScaledValueFromIntOrPercent rounding up, as both DaemonSet budgets do. */
export function scaledValueRoundUp(value: IntOrString | undefined, total: number): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (match) return Math.ceil((Number(match[1]) * total) / 100);
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** SurgeCount / UnavailableCount: budgets of a RollingUpdate DaemonSet over `desired` nodes. */
export function rollingBudgets(ds: DaemonSet, desired: number): { maxSurge: number; maxUnavailable: number } {
  const strategy = ds.spec.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const maxSurge = scaledValueRoundUp(strategy?.rollingUpdate?.maxSurge ?? 0, desired);
  let maxUnavailable = scaledValueRoundUp(strategy?.rollingUpdate?.maxUnavailable ?? 1, desired);
  // An impossible 0/0 (the apiserver rejects it, but be safe) means one unavailable at a time.
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** util.AllowsSurge: a RollingUpdate with a positive maxSurge. */
export function allowsSurge(ds: DaemonSet): boolean {
  return rollingBudgets(ds, 1).maxSurge > 0;
}
