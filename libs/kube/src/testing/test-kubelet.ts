// Test doubles for controller tests (unit tests of pure code only): a stand-in for scheduler + kubelet that
// binds pods at once and lets a test decide when pods become Ready, so scenarios can be walked in the
// spec's "waves" (T0, T1, …) without image pulls or probes. Production clusters use the real reconcilers.
import type { Pod } from '../api/pod';
import type { Cluster } from '../runtime/cluster';
import type { Reconciler, Write } from '../runtime/reconciler';
import { setCondition } from '../reconcilers/shared/conditions';
import { rfc3339 } from '../time/time';

/**
 * Binds every unscheduled pod to the schedulable worker with the fewest pods (name order on ties), marks it
 * Pending/ContainerCreating, and removes pods that are being deleted once `terminationSeconds` have passed.
 */
export function testKubelet(options: { terminationSeconds?: number } = {}): Reconciler {
  const termination = (options.terminationSeconds ?? 0) * 1000;
  return {
    name: 'test-kubelet',
    actor: { type: 'system', name: 'test-kubelet' },
    reconcile({ view, now }) {
      const writes: Write[] = [];
      const nodes = view.objects
        .list('Node')
        .filter(
          (n) => !n.spec.unschedulable && !(n.spec.taints ?? []).some((t) => t.effect === 'NoSchedule'),
        );
      const load = new Map(
        nodes.map((n) => [n.metadata.name, view.objects.podsOnNode(n.metadata.name).length]),
      );
      for (const pod of view.objects.list('Pod')) {
        if (pod.metadata.deletionTimestamp) {
          const since =
            Date.parse(pod.metadata.deletionTimestamp) -
            (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
          if (since + termination <= now) {
            writes.push({
              op: 'delete',
              kind: 'Pod',
              namespace: pod.metadata.namespace,
              name: pod.metadata.name,
              options: { gracePeriodSeconds: 0 },
              reason: 'Killing',
            });
          }
          continue;
        }
        if (pod.spec.nodeName) continue;
        const target =
          pod.spec.nodeSelector?.['kubernetes.io/hostname'] ??
          [...load.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
        if (!target) continue;
        load.set(target, (load.get(target) ?? 0) + 1);
        writes.push({
          op: 'update',
          reason: 'Scheduled',
          object: {
            ...pod,
            spec: { ...pod.spec, nodeName: target },
            status: {
              phase: 'Pending',
              conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: rfc3339(now) }],
              containerStatuses: pod.spec.containers.map((c) => ({
                name: c.name,
                image: c.image,
                imageID: '',
                ready: false,
                restartCount: 0,
                started: false,
                state: { waiting: { reason: 'ContainerCreating' } },
                lastState: {},
              })),
            },
          },
        });
      }
      return writes;
    },
    nextWakeAt(view) {
      let next: number | undefined;
      for (const pod of view.objects.list('Pod')) {
        if (!pod.metadata.deletionTimestamp) continue;
        const since =
          Date.parse(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
        const at = since + termination;
        if (at > view.now && (next === undefined || at < next)) next = at;
      }
      return next;
    },
  };
}

/** Makes matching scheduled, non-terminating pods Running and Ready now (a "wave"). Returns how many changed. */
export function makePodsReady(cluster: Cluster, predicate: (pod: Pod) => boolean = () => true): number {
  const now = cluster.now;
  let changed = 0;
  for (const pod of cluster.view().objects.list('Pod')) {
    if (!pod.spec.nodeName || pod.metadata.deletionTimestamp || !predicate(pod)) continue;
    if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    const time = rfc3339(now);
    let conditions = setCondition(pod.status?.conditions, { type: 'Ready', status: 'True' }, time);
    conditions = setCondition(conditions, { type: 'ContainersReady', status: 'True' }, time);
    const result = cluster.update(
      {
        ...pod,
        status: {
          ...pod.status,
          phase: 'Running',
          conditions,
          containerStatuses: pod.spec.containers.map((c) => ({
            name: c.name,
            image: c.image,
            imageID: '',
            ready: true,
            restartCount: 0,
            started: true,
            state: { running: { startedAt: time } },
            lastState: {},
          })),
        },
      },
      { actor: { type: 'kubelet', node: pod.spec.nodeName }, reason: 'PodReady' },
    );
    if (result.ok) changed++;
  }
  cluster.reconcile();
  return changed;
}

/** Marks matching pods Running but not Ready (readiness failing). */
export function makePodsRunningNotReady(cluster: Cluster, predicate: (pod: Pod) => boolean): number {
  let changed = 0;
  for (const pod of cluster.view().objects.list('Pod')) {
    if (!pod.spec.nodeName || pod.metadata.deletionTimestamp || !predicate(pod)) continue;
    const time = rfc3339(cluster.now);
    const conditions = setCondition(pod.status?.conditions, { type: 'Ready', status: 'False' }, time);
    const result = cluster.update(
      { ...pod, status: { ...pod.status, phase: 'Running', conditions } },
      { actor: { type: 'kubelet', node: pod.spec.nodeName }, reason: 'PodNotReady' },
    );
    if (result.ok) changed++;
  }
  cluster.reconcile();
  return changed;
}
