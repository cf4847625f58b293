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
  /**
   * Objects of `kind` without a controller ownerReference (orphans a controller may adopt), sorted by key.
   * Not kept for Events (never owned, and the most numerous kind).
   */
  uncontrolled<K extends Kind>(kind: K): ObjectOfKind<K>[];
}

export class ObjectStore implements ObjectView {
  private readonly byKind = new Map<Kind, Map<string, KubeObject>>();
  private readonly uidIndex = new Map<string, KubeObject>();
  private readonly ownerIndex = new Map<string, Set<string>>();
  private readonly nodeIndex = new Map<string, Set<string>>();
  private readonly uncontrolledIndex = new Map<Kind, Set<string>>();
  // An index entry's uids sorted by key, kept until its membership changes (updates keep the order), and the
  // objects of each kind in that order, kept until one of them is replaced.
  private readonly sortedMembers = new WeakMap<
    Set<string>,
    { uids: string[]; byKind: Map<Kind, KubeObject[]> }
  >();
  // Sorted key lists are cached per kind and dropped on create/delete (updates keep the order).
  private readonly sortedKeys = new Map<Kind, string[]>();
  // Set while the Events of a restored snapshot are not here yet (ClusterState.deferEvents): called before any
  // read or write of an Event, and before a uid lookup that misses (it may be an Event's), to bring them in.
  private eventsNeeded: (() => void) | null = null;

  /** `load` is called (once, before the read) the first time an Event is read or written; null: never. */
  onEventsNeeded(load: (() => void) | null): void {
    this.eventsNeeded = load;
  }

  get<K extends Kind>(kind: K, namespace: string | undefined, name: string): ObjectOfKind<K> | undefined {
    if (kind === 'Event' && this.eventsNeeded) this.eventsNeeded();
    return this.byKind.get(kind)?.get(keyOf(namespace, name)) as ObjectOfKind<K> | undefined;
  }

  list<K extends Kind>(kind: K, namespace?: string): ObjectOfKind<K>[] {
    if (kind === 'Event' && this.eventsNeeded) this.eventsNeeded();
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
    if (kind === 'Event' && this.eventsNeeded) this.eventsNeeded();
    return this.byKind.get(kind)?.size ?? 0;
  }

  byUid(uid: string): KubeObject | undefined {
    const object = this.uidIndex.get(uid);
    if (object || !this.eventsNeeded) return object;
    this.eventsNeeded();
    return this.uidIndex.get(uid);
  }

  dependents<K extends Kind>(ownerUid: string, kind: K): ObjectOfKind<K>[] {
    if (kind === 'Event' && this.eventsNeeded) this.eventsNeeded();
    return this.members(this.ownerIndex.get(ownerUid), kind);
  }

  podsOnNode(node: string): Pod[] {
    return this.members(this.nodeIndex.get(node), 'Pod');
  }

  uncontrolled<K extends Kind>(kind: K): ObjectOfKind<K>[] {
    return this.members(this.uncontrolledIndex.get(kind), kind);
  }

  /** The objects of `kind` among an index entry's uids, sorted by key (the order cached per entry). */
  private members<K extends Kind>(uids: Set<string> | undefined, kind: K): ObjectOfKind<K>[] {
    if (!uids) return [];
    let sorted = this.sortedMembers.get(uids);
    if (!sorted) {
      const objects: KubeObject[] = [];
      for (const uid of uids) {
        const object = this.uidIndex.get(uid);
        if (object) objects.push(object);
      }
      sorted = { uids: sortByKey(objects).map((object) => object.metadata.uid), byKind: new Map() };
      this.sortedMembers.set(uids, sorted);
    }
    let objects = sorted.byKind.get(kind);
    if (!objects) {
      objects = [];
      for (const uid of sorted.uids) {
        const object = this.uidIndex.get(uid);
        if (object && object.kind === kind) objects.push(object);
      }
      sorted.byKind.set(kind, objects);
    }
    // A copy: callers own what they get.
    return objects.slice() as ObjectOfKind<K>[];
  }

  /** `object` replaced a value with the same index entries: cached object lists holding the old one go. */
  private replaced(object: KubeObject): void {
    for (const ref of object.metadata.ownerReferences ?? []) this.dropObjects(this.ownerIndex.get(ref.uid));
    if (object.kind === 'Pod' && object.spec.nodeName)
      this.dropObjects(this.nodeIndex.get(object.spec.nodeName));
    if (object.kind !== 'Event' && !hasController(object))
      this.dropObjects(this.uncontrolledIndex.get(object.kind));
  }

  private dropObjects(set: Set<string> | undefined): void {
    if (set) this.sortedMembers.get(set)?.byKind.clear();
  }

  /** Every object, in a stable order (kind, then key). */
  all(): KubeObject[] {
    if (this.eventsNeeded) this.eventsNeeded();
    return this.allBut(undefined);
  }

  /** Every object but those of `kind`, in a stable order (kind, then key): for snapshots. */
  allBut(kind: Kind | undefined): KubeObject[] {
    const kinds = [...this.byKind.keys()].filter((k) => k !== kind).sort();
    return kinds.flatMap((k) => this.list(k));
  }

  put(object: KubeObject): void {
    if (object.kind === 'Event' && this.eventsNeeded) this.eventsNeeded();
    let objects = this.byKind.get(object.kind);
    if (!objects) {
      objects = new Map();
      this.byKind.set(object.kind, objects);
    }
    const key = keyOfObject(object);
    const previous = objects.get(key);
    objects.set(key, object);
    if (previous && sameIndexEntries(previous, object)) {
      // The usual update (status, labels, a binding aside): same uid, owners and node, so only the value moves.
      this.uidIndex.set(object.metadata.uid, object);
      this.replaced(object);
      return;
    }
    if (previous) this.unindex(previous);
    else this.sortedKeys.delete(object.kind);
    this.index(object);
  }

  remove(kind: Kind, namespace: string | undefined, name: string): KubeObject | undefined {
    if (kind === 'Event' && this.eventsNeeded) this.eventsNeeded();
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
    for (const ref of object.metadata.ownerReferences ?? []) this.addTo(this.ownerIndex, ref.uid, uid);
    if (object.kind === 'Pod' && object.spec.nodeName) this.addTo(this.nodeIndex, object.spec.nodeName, uid);
    if (object.kind !== 'Event' && !hasController(object))
      this.addTo(this.uncontrolledIndex, object.kind, uid);
  }

  private unindex(object: KubeObject): void {
    const uid = object.metadata.uid;
    this.uidIndex.delete(uid);
    for (const ref of object.metadata.ownerReferences ?? []) this.removeFrom(this.ownerIndex, ref.uid, uid);
    if (object.kind === 'Pod' && object.spec.nodeName)
      this.removeFrom(this.nodeIndex, object.spec.nodeName, uid);
    if (object.kind !== 'Event' && !hasController(object))
      this.removeFrom(this.uncontrolledIndex, object.kind, uid);
  }

  private addTo<T>(index: Map<T, Set<string>>, key: T, value: string): void {
    let set = index.get(key);
    if (!set) {
      set = new Set();
      index.set(key, set);
    }
    if (set.has(value)) return;
    set.add(value);
    this.sortedMembers.delete(set);
  }

  private removeFrom<T>(index: Map<T, Set<string>>, key: T, value: string): void {
    const set = index.get(key);
    if (!set || !set.delete(value)) return;
    this.sortedMembers.delete(set);
    if (set.size === 0) index.delete(key);
  }
}

function hasController(object: KubeObject): boolean {
  return !!object.metadata.ownerReferences?.some((ref) => ref.controller);
}

/** Whether replacing `a` by `b` leaves every index but the uid's value as it is. */
function sameIndexEntries(a: KubeObject, b: KubeObject): boolean {
  if (a.metadata.uid !== b.metadata.uid) return false;
  if (a.kind === 'Pod' && b.kind === 'Pod' && a.spec.nodeName !== b.spec.nodeName) return false;
  const ra = a.metadata.ownerReferences;
  const rb = b.metadata.ownerReferences;
  if (ra === rb) return true;
  if ((ra?.length ?? 0) !== (rb?.length ?? 0)) return false;
  if (!ra || !rb) return true;
  for (let i = 0; i < ra.length; i++)
    if (ra[i]!.uid !== rb[i]!.uid || !!ra[i]!.controller !== !!rb[i]!.controller) return false;
  return true;
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
