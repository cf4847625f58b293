// Test helpers for the kubelet's specs: a minimal binder standing in for the scheduler (pods go to the node
// named in nodeSelector `kubernetes.io/hostname`, else the worker with the fewest pods), and pod builders.
import type { ObjectInput } from '../../api-server/api-server';
import type { Container, Pod, PodSpec } from '../../api/pod';
import type { Reconciler, Write } from '../../runtime/reconciler';
import { Cluster } from '../../runtime/cluster';
import { rfc3339 } from '../../time/time';
import { kubeletReconciler } from './kubelet.reconciler';

export function testBinder(): Reconciler {
  return {
    name: 'test-binder',
    actor: { type: 'scheduler', name: 'test-binder' },
    reconcile({ view, now }) {
      const writes: Write[] = [];
      const workers = view.objects
        .list('Node')
        .filter((n) => !(n.spec.taints ?? []).some((t) => t.effect === 'NoSchedule'));
      const load = new Map(
        workers.map((n) => [n.metadata.name, view.objects.podsOnNode(n.metadata.name).length]),
      );
      for (const pod of view.objects.list('Pod')) {
        if (pod.spec.nodeName || pod.metadata.deletionTimestamp) continue;
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
              conditions: [
                {
                  type: 'PodScheduled',
                  status: 'True',
                  lastProbeTime: null,
                  lastTransitionTime: rfc3339(now),
                },
              ],
            },
          },
        });
      }
      return writes;
    },
  };
}

export function kubeletCluster(seed = 1, nodes?: number): Cluster {
  return Cluster.create({
    seed,
    freezeObjects: true,
    reconcilers: [testBinder(), kubeletReconciler()],
    ...(nodes !== undefined
      ? {
          config: {
            nodes: Array.from({ length: nodes }, (_, i) => ({
              name: `worker-${i + 1}`,
              cpu: '4',
              memory: '16Gi',
              pods: 110,
            })),
          },
        }
      : {}),
  });
}

export function podInput(
  name: string,
  container: Partial<Container> & { image: string },
  spec: Partial<PodSpec> = {},
): ObjectInput {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { containers: [{ name: container.name ?? 'c', ...container }], ...spec },
  } as ObjectInput;
}

export function createPod(cluster: Cluster, input: ObjectInput): Pod {
  const result = cluster.create(input);
  if (!result.ok) throw new Error(result.error.message);
  cluster.reconcile();
  return cluster.get('Pod', 'default', input.metadata.name ?? '') as Pod;
}

export function podNow(cluster: Cluster, name: string): Pod {
  const pod = cluster.get('Pod', 'default', name);
  if (!pod) throw new Error(`pod ${name} is gone`);
  return pod;
}

export function eventsOf(
  cluster: Cluster,
  name: string,
): { reason: string; message: string; count: number }[] {
  return cluster
    .view()
    .objects.list('Event', 'default')
    .filter((e) => e.involvedObject.name === name)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
    .map((e) => ({ reason: e.reason, message: e.message, count: e.count }));
}
