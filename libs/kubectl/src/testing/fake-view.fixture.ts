// A ClusterView over a fixed list of objects, for describer tests that need hand-built statuses and events.
import type { ClusterView, Kind, KubeObject } from '@podlab/kube';

export function fakeView(objects: readonly KubeObject[], now: number): ClusterView {
  const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const sorted = [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const ofKind = (kind: Kind, namespace?: string) =>
    sorted.filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace));
  const view = {
    seed: 1,
    now,
    version: 0,
    resourceVersion: 0,
    customImages: new Map(),
    brokenImages: new Set<string>(),
    lastWriteOf: () => undefined,
    config: undefined,
    objects: {
      get: (kind: Kind, namespace: string | undefined, name: string) =>
        ofKind(kind).find(
          (o) => o.metadata.name === name && (o.metadata.namespace ?? undefined) === namespace,
        ),
      list: ofKind,
      count: (kind: Kind) => ofKind(kind).length,
      byUid: (uid: string) => sorted.find((o) => o.metadata.uid === uid),
      dependents: (uid: string, kind: Kind) =>
        ofKind(kind).filter((o) => (o.metadata.ownerReferences ?? []).some((r) => r.uid === uid)),
      podsOnNode: (node: string) => ofKind('Pod').filter((p) => p.kind === 'Pod' && p.spec.nodeName === node),
    },
  };
  return view as unknown as ClusterView;
}
