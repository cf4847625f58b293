// All objects of a cluster, by kind and `namespace/name`, with the indexes reconcilers need to stay
// proportional to what changed: by uid, by owner uid, and pods by node. Objects are never mutated in place:
// a write replaces the stored value, so a reference handed out stays a consistent snapshot.
import { keyOf, type Kind, type KubeObject, type ObjectOfKind } from '../api/objects';
import type { Pod } from '../api/pod';

export interface ObjectView {
  get<K extends Kind>(kind: K, namespace: string | undefined, name: string): ObjectOfKind<K> | undefined;
  /** Objects of a kind in `namespace` (all namespaces when undefined), sorted by namespace then name. */
  list<K extends Kind>(kind: K, namespace?: string): ObjectOfKind<K>[];
  count(kind: Kind): number;
  byUid(uid: string): KubeObject | undefined;
  /** Objects of `kind` that name `ownerUid` in their ownerReferences. */
  dependents<K extends Kind>(ownerUid: string, kind: K): ObjectOfKind<K>[];
  /** Pods with `spec.nodeName === node`. */
  podsOnNode(node: string): Pod[];
}

export class ObjectStore implements ObjectView {
  private readonly byKind = new Map<Kind, Map<string, KubeObject>>();
  private readonly uidIndex = new Map<string, KubeObject>();
  private readonly ownerIndex = new Map<string, Set<string>>();
  private readonly nodeIndex = new Map<string, Set<string>>();
  // Sorted key lists are cached per kind and dropped on create/delete (updates keep the order).
  private readonly sortedKeys = new Map<Kind, string[]>();

  get<K extends Kind>(kind: K, namespace: string | undefined, name: string): ObjectOfKind<K> | undefined {
    return this.byKind.get(kind)?.get(keyOf(namespace, name)) as ObjectOfKind<K> | undefined;
  }

  list<K extends Kind>(kind: K, namespace?: string): ObjectOfKind<K>[] {
    const objects = this.byKind.get(kind);
    if (!objects) return [];
    let keys = this.sortedKeys.get(kind);
    if (!keys) {
      keys = [...objects.keys()].sort(compareKeys);
      this.sortedKeys.set(kind, keys);
    }
    const out: ObjectOfKind<K>[] = [];
    for (const key of keys) {
      const object = objects.get(key) as ObjectOfKind<K>;
      if (namespace === undefined || object.metadata.namespace === namespace) out.push(object);
    }
    return out;
  }

  count(kind: Kind): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  byUid(uid: string): KubeObject | undefined {
    return this.uidIndex.get(uid);
  }

  dependents<K extends Kind>(ownerUid: string, kind: K): ObjectOfKind<K>[] {
    const uids = this.ownerIndex.get(ownerUid);
    if (!uids) return [];
    const out: ObjectOfKind<K>[] = [];
    for (const uid of uids) {
      const object = this.uidIndex.get(uid);
      if (object && object.kind === kind) out.push(object as ObjectOfKind<K>);
    }
    return sortByKey(out);
  }

  podsOnNode(node: string): Pod[] {
    const uids = this.nodeIndex.get(node);
    if (!uids) return [];
    const out: Pod[] = [];
    for (const uid of uids) {
      const pod = this.uidIndex.get(uid);
      if (pod) out.push(pod as Pod);
    }
    return sortByKey(out);
  }

  /** Every object, in a stable order (kind, then key): for snapshots. */
  all(): KubeObject[] {
    const kinds = [...this.byKind.keys()].sort();
    return kinds.flatMap((kind) => this.list(kind));
  }

  put(object: KubeObject): void {
    let objects = this.byKind.get(object.kind);
    if (!objects) {
      objects = new Map();
      this.byKind.set(object.kind, objects);
    }
    const key = keyOfObject(object);
    const previous = objects.get(key);
    if (previous) this.unindex(previous);
    else this.sortedKeys.delete(object.kind);
    objects.set(key, object);
    this.index(object);
  }

  remove(kind: Kind, namespace: string | undefined, name: string): KubeObject | undefined {
    const objects = this.byKind.get(kind);
    const key = keyOf(namespace, name);
    const previous = objects?.get(key);
    if (!objects || !previous) return undefined;
    objects.delete(key);
    this.sortedKeys.delete(kind);
    this.unindex(previous);
    return previous;
  }

  private index(object: KubeObject): void {
    const uid = object.metadata.uid;
    this.uidIndex.set(uid, object);
    for (const ref of object.metadata.ownerReferences ?? []) addTo(this.ownerIndex, ref.uid, uid);
    if (object.kind === 'Pod' && object.spec.nodeName) addTo(this.nodeIndex, object.spec.nodeName, uid);
  }

  private unindex(object: KubeObject): void {
    const uid = object.metadata.uid;
    this.uidIndex.delete(uid);
    for (const ref of object.metadata.ownerReferences ?? []) removeFrom(this.ownerIndex, ref.uid, uid);
    if (object.kind === 'Pod' && object.spec.nodeName) removeFrom(this.nodeIndex, object.spec.nodeName, uid);
  }
}

export function keyOfObject(object: KubeObject): string {
  return keyOf(object.metadata.namespace, object.metadata.name);
}

/** Sorted by namespace/name, each key built once (a comparator building keys costs ~10x in big lists). */
function sortByKey<T extends KubeObject>(objects: T[]): T[] {
  if (objects.length < 2) return objects;
  const keyed = objects.map((object) => ({ object, key: keyOfObject(object) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((entry) => entry.object);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}

function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
