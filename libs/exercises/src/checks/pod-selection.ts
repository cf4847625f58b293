// Which pods a check counts: by owner (a Deployment owns pods through its ReplicaSets), labels, phase,
// readiness and node. Uses the store's owner index, so it stays proportional to the pods selected.
import { matchesLabels, type ClusterView, type Pod } from '@podlab/kube';
import type { PodSelector } from '../schema/exercise.schema';

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function ownedPods(view: ClusterView, owner: NonNullable<PodSelector['owner']>, namespace: string): Pod[] {
  const object = view.objects.get(owner.kind, namespace, owner.name);
  if (!object) return [];
  if (owner.kind !== 'Deployment') return view.objects.dependents(object.metadata.uid, 'Pod');
  return view.objects
    .dependents(object.metadata.uid, 'ReplicaSet')
    .flatMap((rs) => view.objects.dependents(rs.metadata.uid, 'Pod'));
}

export function selectPods(view: ClusterView, selector: PodSelector): Pod[] {
  const namespace = selector.namespace ?? 'default';
  const candidates = selector.owner
    ? ownedPods(view, selector.owner, namespace)
    : view.objects.list('Pod', namespace);
  return candidates.filter(
    (pod) =>
      pod.metadata.namespace === namespace &&
      (selector.includeTerminating || !pod.metadata.deletionTimestamp) &&
      (!selector.labels || matchesLabels(selector.labels, pod.metadata.labels ?? {})) &&
      (!selector.phase || pod.status?.phase === selector.phase) &&
      (selector.ready === undefined || isReady(pod) === selector.ready) &&
      (!selector.node || pod.spec.nodeName === selector.node) &&
      (!selector.image || pod.spec.containers.some((c) => c.image === selector.image)),
  );
}

export function describeSelector(selector: PodSelector): string {
  const parts: string[] = [];
  if (selector.owner) parts.push(`of ${selector.owner.kind.toLowerCase()} ${selector.owner.name}`);
  if (selector.labels)
    parts.push(
      `labelled ${Object.entries(selector.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`,
    );
  if (selector.phase) parts.push(`in phase ${selector.phase}`);
  if (selector.ready !== undefined) parts.push(selector.ready ? 'Ready' : 'not Ready');
  if (selector.image) parts.push(`running ${selector.image}`);
  if (selector.node) parts.push(`on ${selector.node}`);
  return `pods ${parts.join(' ')}`.trim();
}
