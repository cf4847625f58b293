// ownerReferences helpers shared by the controllers (ControllerRef semantics).
import type { OwnerReference } from '../../api/meta';
import type { KubeObject } from '../../api/objects';

export function controllerRef(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller);
}

export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return controllerRef(object)?.uid === owner.metadata.uid;
}

/** The reference a controller puts on what it creates: controller and blockOwnerDeletion both true. */
export function controllerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function withoutOwner<T extends KubeObject>(object: T, ownerUid: string): T {
  const refs = (object.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== ownerUid);
  const metadata = { ...object.metadata, ownerReferences: refs };
  if (!refs.length) delete (metadata as { ownerReferences?: unknown }).ownerReferences;
  return { ...object, metadata };
}

export function isBeingDeleted(object: KubeObject): boolean {
  return !!object.metadata.deletionTimestamp;
}
