// A StatefulSet member's stable identity and storage (pkg/controller/statefulset/stateful_set_utils.go):
// `<sts>-<ordinal>` names, hostname/subdomain, identity labels, PVCs `<template>-<sts>-<ordinal>` and the
// ownerReferences the PVC retention policy asks for.
import type { OwnerReference } from '../../api/meta';
import type { Pod, PodTemplateSpec, Volume } from '../../api/pod';
import type { PersistentVolumeClaim } from '../../api/storage';
import type { StatefulSet } from '../../api/workloads';
import type { ObjectInput } from '../../api-server/api-server';
import { controllerReference } from '../shared/owners';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** Pods carry the full ControllerRevision name here (`web-6d4f8b5c9`). */
export const REVISION_LABEL = 'controller-revision-hash';
/** history.ControllerRevisionHashLabel, on the revisions themselves. */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

const MEMBER_NAME = /^(.*)-([0-9]+)$/;
const MAX_INT32 = 2147483647;

/** getParentNameAndOrdinal: the StatefulSet name and ordinal encoded in a pod name, ordinal -1 if none. */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const match = MEMBER_NAME.exec(podName);
  if (!match) return { parent: '', ordinal: -1 };
  const ordinal = Number(match[2]);
  return { parent: match[1] ?? '', ordinal: ordinal <= MAX_INT32 ? ordinal : -1 };
}

export function ordinalOf(pod: Pod): number {
  return parentAndOrdinal(pod.metadata.name).ordinal;
}

export function isMemberOf(sts: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod.metadata.name);
  return ordinal >= 0 && parent === sts.metadata.name;
}

export function startOrdinal(sts: StatefulSet): number {
  return sts.spec.ordinals?.start ?? 0;
}

export function replicasOf(sts: StatefulSet): number {
  return sts.spec.replicas ?? 1;
}

export function inOrdinalRange(sts: StatefulSet, ordinal: number): boolean {
  const start = startOrdinal(sts);
  return ordinal >= start && ordinal < start + replicasOf(sts);
}

export function podName(sts: StatefulSet, ordinal: number): string {
  return `${sts.metadata.name}-${ordinal}`;
}

export function claimName(templateName: string, sts: StatefulSet, ordinal: number): string {
  return `${templateName}-${sts.metadata.name}-${ordinal}`;
}

/** identityMatches: name, namespace and the pod-name label agree with the ordinal. */
export function identityMatches(sts: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod.metadata.name);
  return (
    ordinal >= 0 &&
    parent === sts.metadata.name &&
    pod.metadata.namespace === sts.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name
  );
}

/** storageMatches: every volumeClaimTemplate is mounted from this ordinal's claim. */
export function storageMatches(sts: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  return (sts.spec.volumeClaimTemplates ?? []).every((t) => {
    const volume = volumes.get(t.metadata.name);
    return volume?.persistentVolumeClaim?.claimName === claimName(t.metadata.name, sts, ordinal);
  });
}

/** updateIdentity: the identity labels, set on creation and restored if someone removes them. */
export function identityLabels(sts: StatefulSet, ordinal: number): Record<string, string> {
  return { [POD_NAME_LABEL]: podName(sts, ordinal), [POD_INDEX_LABEL]: String(ordinal) };
}

/** updateStorage: claim volumes first (template order), then the pod's other volumes. */
export function volumesWithClaims(sts: StatefulSet, ordinal: number, current: readonly Volume[]): Volume[] {
  const templates = sts.spec.volumeClaimTemplates ?? [];
  const names = new Set(templates.map((t) => t.metadata.name));
  return [
    ...templates.map((t) => ({
      name: t.metadata.name,
      persistentVolumeClaim: { claimName: claimName(t.metadata.name, sts, ordinal) },
    })),
    ...current.filter((v) => !names.has(v.name)),
  ];
}

/** newStatefulSetPod + initIdentity + updateStorage + setPodRevision, from the revision's template. */
export function newStatefulSetPod(
  sts: StatefulSet,
  template: PodTemplateSpec,
  ordinal: number,
  revisionName: string,
): ObjectInput {
  const name = podName(sts, ordinal);
  const annotations = template.metadata?.annotations;
  const pod: Omit<Pod, 'metadata'> & { metadata: ObjectInput['metadata'] } = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      // GetPodFromTemplate sets the controller's prefix even though the name is fixed.
      generateName: `${sts.metadata.name}-`,
      namespace: sts.metadata.namespace,
      labels: {
        ...(template.metadata?.labels ?? {}),
        ...identityLabels(sts, ordinal),
        [REVISION_LABEL]: revisionName,
      },
      ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
      ownerReferences: [controllerReference(sts)],
    },
    spec: {
      ...template.spec,
      hostname: name,
      subdomain: sts.spec.serviceName,
      ...(sts.spec.volumeClaimTemplates?.length || template.spec.volumes
        ? { volumes: volumesWithClaims(sts, ordinal, template.spec.volumes ?? []) }
        : {}),
    },
  };
  return pod as ObjectInput;
}

type RetentionPolicy = NonNullable<StatefulSet['spec']['persistentVolumeClaimRetentionPolicy']>;

export function retentionPolicy(sts: StatefulSet): Required<RetentionPolicy> {
  const p = sts.spec.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

function podReference(pod: { name: string; uid: string }): OwnerReference {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    name: pod.name,
    uid: pod.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * The ownerReferences to the set and the pod a claim should carry (updateClaimOwnerRefForSetAndPod): a
 * scaled-down ordinal's claim is owned by its pod when whenScaled=Delete (GC'd once the pod is gone), any other
 * claim by the set when whenDeleted=Delete (GC'd with the set), none otherwise.
 */
export function desiredClaimOwners(
  sts: StatefulSet,
  pod: { name: string; uid: string } | undefined,
  ordinal: number,
): OwnerReference[] {
  const policy = retentionPolicy(sts);
  const scaledDown = !inOrdinalRange(sts, ordinal);
  if (scaledDown && policy.whenScaled === 'Delete') return pod ? [podReference(pod)] : [];
  if (policy.whenDeleted === 'Delete') return [controllerReference(sts)];
  return [];
}

function refersTo(ref: OwnerReference, kind: string, name: string): boolean {
  return ref.kind === kind && ref.name === name;
}

/**
 * The claim's ownerReferences brought in line with the policy, or undefined when they already are or must not
 * be touched (isClaimOwnerUpToDate): a stale reference (same name, older uid) belongs to a previous incarnation
 * the garbage collector will handle; another controller keeps the claim as it is.
 */
export function claimOwnersUpdate(
  claim: PersistentVolumeClaim,
  sts: StatefulSet,
  pod: Pod,
): OwnerReference[] | undefined {
  const refs = claim.metadata.ownerReferences ?? [];
  const podName = pod.metadata.name;
  const ours = (r: OwnerReference) =>
    refersTo(r, 'StatefulSet', sts.metadata.name) || refersTo(r, 'Pod', podName);
  const stale = refs.some(
    (r) =>
      (refersTo(r, 'StatefulSet', sts.metadata.name) && r.uid !== sts.metadata.uid) ||
      (refersTo(r, 'Pod', podName) && r.uid !== pod.metadata.uid),
  );
  if (stale) return undefined;
  const policy = retentionPolicy(sts);
  const retainAll = policy.whenDeleted === 'Retain' && policy.whenScaled === 'Retain';
  const otherController = !retainAll && refs.some((r) => !ours(r) && r.controller);
  const desired = otherController
    ? []
    : desiredClaimOwners(sts, { name: podName, uid: pod.metadata.uid }, ordinalOf(pod));
  const key = (r: OwnerReference) => `${r.uid}|${r.controller ? 1 : 0}`;
  const current = refs.filter(ours).map(key).sort().join(',');
  if (current === desired.map(key).sort().join(',')) return undefined;
  return [...refs.filter((r) => !ours(r)), ...desired];
}

/** getPersistentVolumeClaims: the claims of one ordinal, labelled with the selector's matchLabels. */
export function claimsFor(sts: StatefulSet, ordinal: number, podUid?: string): ObjectInput[] {
  return (sts.spec.volumeClaimTemplates ?? []).map((t) => {
    const owners = desiredClaimOwners(
      sts,
      podUid ? { name: podName(sts, ordinal), uid: podUid } : undefined,
      ordinal,
    );
    const labels = { ...(t.metadata.labels ?? {}), ...(sts.spec.selector.matchLabels ?? {}) };
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName(t.metadata.name, sts, ordinal),
        namespace: sts.metadata.namespace,
        ...(Object.keys(labels).length ? { labels } : {}),
        ...(t.metadata.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        ...(owners.length ? { ownerReferences: owners } : {}),
      },
      spec: { ...t.spec },
    } as ObjectInput;
  });
}
