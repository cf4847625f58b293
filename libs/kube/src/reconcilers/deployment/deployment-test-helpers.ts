// Given-helpers for the Deployment controller's tests: a cluster with the deployment and ReplicaSet
// controllers and the test kubelet, manifests, and readers for the numbers the spec's scenarios quote.
import type { ObjectInput } from '../../api-server/api-server';
import type { Deployment, ReplicaSet } from '../../api/workloads';
import { Cluster } from '../../runtime/cluster';
import type { ClusterConfig } from '../../state/cluster-config';
import { testKubelet } from '../../testing/test-kubelet';
import { replicaSetReconciler } from '../replicaset/replicaset.reconciler';
import { isControlledBy } from '../shared/owners';
import { deploymentReconciler } from './deployment.reconciler';
import { revisionOf } from './deployment-util';

export function deploymentCluster(
  options: { seed?: number; config?: Partial<ClusterConfig>; terminationSeconds?: number } = {},
): Cluster {
  return Cluster.create({
    seed: options.seed ?? 1,
    ...(options.config ? { config: options.config } : {}),
    reconcilers: [
      deploymentReconciler(),
      replicaSetReconciler(),
      testKubelet({ terminationSeconds: options.terminationSeconds ?? 0 }),
    ],
    freezeObjects: true,
  });
}

export function webDeployment(
  replicas: number,
  spec: Partial<Deployment['spec']> = {},
  image = 'nginx:1.25',
  name = 'web',
): ObjectInput {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image }] },
      },
      ...spec,
    },
  } as ObjectInput;
}

export function getDeployment(cluster: Cluster, name = 'web'): Deployment {
  const d = cluster.get('Deployment', 'default', name);
  if (!d) throw new Error(`no deployment ${name}`);
  return d;
}

/** The Deployment's ReplicaSets, lowest revision first. */
export function replicaSets(cluster: Cluster, name = 'web'): ReplicaSet[] {
  const d = getDeployment(cluster, name);
  return cluster
    .view()
    .objects.list('ReplicaSet', 'default')
    .filter((rs) => isControlledBy(rs, d))
    .sort((a, b) => revisionOf(a) - revisionOf(b));
}

/** spec.replicas of the Deployment's ReplicaSets, lowest revision first: the spec's (A,B) tuples. */
export function specCounts(cluster: Cluster, name = 'web'): number[] {
  return replicaSets(cluster, name).map((rs) => rs.spec.replicas ?? 1);
}

/** Pods that are not terminating, of the Deployment (by label). */
export function livePods(cluster: Cluster, app = 'web') {
  return cluster
    .view()
    .objects.list('Pod', 'default')
    .filter((p) => p.metadata.labels?.['app'] === app && !p.metadata.deletionTimestamp);
}

/** Messages of the Kubernetes events recorded since the cluster was created, optionally by reason. */
export function eventMessages(cluster: Cluster, reason?: string): string[] {
  return cluster
    .newEvents()
    .flatMap((e) => e.notes ?? [])
    .filter((n) => reason === undefined || n.reason === reason)
    .map((n) => n.message);
}

/** Replaces the Deployment's container image (what `kubectl set image` does). */
export function setImage(cluster: Cluster, image: string, name = 'web'): void {
  const d = getDeployment(cluster, name);
  const containers = d.spec.template.spec.containers.map((c) => ({ ...c, image }));
  const result = cluster.update({
    ...d,
    spec: { ...d.spec, template: { ...d.spec.template, spec: { ...d.spec.template.spec, containers } } },
  });
  if (!result.ok) throw new Error(result.error.message);
  cluster.reconcile();
}

export function patchSpec(cluster: Cluster, patch: Partial<Deployment['spec']>, name = 'web'): void {
  const d = getDeployment(cluster, name);
  const result = cluster.update({ ...d, spec: { ...d.spec, ...patch } });
  if (!result.ok) throw new Error(result.error.message);
  cluster.reconcile();
}

export function condition(d: Deployment, type: string) {
  return d.status?.conditions?.find((c) => c.type === type);
}
