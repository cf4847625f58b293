// The objects the cluster view needs, kept current by applying the sandbox's events (ObjectCreated/Updated carry
// the whole object, ObjectDeleted its identity): a snapshot plus the events after it equals a later snapshot, so
// live updates need no refetch. Immutable: apply() returns a new store; kinds no event touched keep their lists.
import { type ClusterObjects } from './model';
import { rec, str } from './json';

export const VIEW_KINDS = {
  Node: 'nodes',
  Pod: 'pods',
  ReplicaSet: 'replicaSets',
  Deployment: 'deployments',
  StatefulSet: 'statefulSets',
  DaemonSet: 'daemonSets',
  PersistentVolumeClaim: 'persistentVolumeClaims',
} as const satisfies Record<string, keyof ClusterObjects>;

type ViewKind = keyof typeof VIEW_KINDS;
type ListKey = (typeof VIEW_KINDS)[ViewKind];

/** The part of a SandboxEvent the store reads. */
export interface StreamEvent {
  generation: number;
  version: number;
  type: string;
  /** RFC 3339 simulated instant. */
  at: string;
  data: unknown;
}

const isViewKind = (kind: string | null): kind is ViewKind => kind !== null && kind in VIEW_KINDS;

function identity(object: unknown): string {
  const metadata = rec(rec(object)['metadata']);
  return `${str(metadata['namespace']) ?? ''}/${str(metadata['name']) ?? ''}`;
}

export class ObjectStore {
  private constructor(
    readonly generation: number,
    readonly version: number,
    readonly now: string,
    private readonly lists: Readonly<Record<ListKey, ReadonlyMap<string, unknown>>>,
    private readonly objects: ClusterObjects,
  ) {}

  static from(snapshot: ClusterObjects, generation: number): ObjectStore {
    const lists = {} as Record<ListKey, ReadonlyMap<string, unknown>>;
    for (const key of Object.values(VIEW_KINDS)) {
      lists[key] = new Map(snapshot[key].map((object) => [identity(object), object]));
    }
    return new ObjectStore(generation, snapshot.version, snapshot.now, lists, snapshot);
  }

  /** The state as the model reads it. */
  get snapshot(): ClusterObjects {
    return this.objects;
  }

  /**
   * Applies events in version order. Events at or below the store's version are skipped (already folded); an
   * event of another generation or after a gap returns `null`: the caller must load a fresh snapshot.
   */
  apply(events: readonly StreamEvent[]): ObjectStore | null {
    let version = this.version;
    let now = this.now;
    const changed = new Map<ListKey, Map<string, unknown>>();
    const listFor = (key: ListKey): Map<string, unknown> => {
      let list = changed.get(key);
      if (!list) {
        list = new Map(this.lists[key]);
        changed.set(key, list);
      }
      return list;
    };
    for (const event of events) {
      if (event.generation !== this.generation) return null;
      if (event.version <= version) continue;
      if (event.version !== version + 1) return null;
      version = event.version;
      if (event.at > now) now = event.at;
      const data = rec(event.data);
      if (event.type === 'ObjectCreated' || event.type === 'ObjectUpdated') {
        const object = data['object'];
        const kind = str(rec(object)['kind']);
        if (isViewKind(kind)) listFor(VIEW_KINDS[kind]).set(identity(object), object);
      } else if (event.type === 'ObjectDeleted') {
        const kind = str(data['kind']);
        if (isViewKind(kind))
          listFor(VIEW_KINDS[kind]).delete(`${str(data['namespace']) ?? ''}/${str(data['name']) ?? ''}`);
      }
    }
    if (version === this.version) return this;
    const lists = { ...this.lists, ...Object.fromEntries(changed) } as Record<
      ListKey,
      ReadonlyMap<string, unknown>
    >;
    const objects = { ...this.objects, version, now };
    for (const [key, list] of changed) objects[key] = [...list.values()];
    return new ObjectStore(this.generation, version, now, lists, objects);
  }
}
