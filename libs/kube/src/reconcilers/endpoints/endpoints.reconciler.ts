// endpoint-controller (pkg/controller/endpoint): one Endpoints object per Service with a selector, named like
// the Service. Pods with an IP that are not terminating are listed: Ready ones under `addresses`, the others
// under `notReadyAddresses` (publishNotReadyAddresses lists all as ready). Ports are the Service's targetPorts,
// named ports resolved against the pod's container ports; pods are grouped into subsets by their port set
// (RepackSubsets). Written only when something changed.
import type { Endpoints, EndpointAddress, Service } from '../../api/service';
import type { Pod } from '../../api/pod';
import { matchesLabels } from '../../api/selectors';
import type { ObjectInput } from '../../api-server/api-server';
import { canonicalJson, jsonEqual } from '../../rng/template-hash';
import type { ClusterView } from '../../state/cluster-state';
import type { ReconcileContext, Reconciler, Write } from '../../runtime/reconciler';
import { rfc3339 } from '../../time/time';
import { isPodReady } from '../shared/pods';

export const ENDPOINT_CONTROLLER = 'endpoint-controller';
const HEADLESS_LABEL = 'service.kubernetes.io/headless';

type Subset = NonNullable<Endpoints['subsets']>[number];
type EndpointPort = NonNullable<Subset['ports']>[number];

export function endpointsReconciler(): Reconciler {
  return {
    name: ENDPOINT_CONTROLLER,
    actor: { type: 'controller', name: ENDPOINT_CONTROLLER },
    watches: ['Service', 'Pod', 'Node', 'Endpoints'],
    reconcile: (ctx) => reconcileEndpoints(ctx),
  };
}

/** When the change that caused the last sync happened (kube-proxy's latency metric); shown by describe / -o yaml. */
const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

function reconcileEndpoints({ view, now }: ReconcileContext): Write[] {
  const trigger = { [TRIGGER_TIME_ANNOTATION]: rfc3339(now) };
  const writes: Write[] = [];
  const services = view.objects.list('Service');
  let podsByNamespace: Map<string, Pod[]> | undefined;
  const podsIn = (namespace: string): Pod[] => {
    if (!podsByNamespace) {
      podsByNamespace = new Map();
      for (const pod of view.objects.list('Pod')) {
        const ns = pod.metadata.namespace ?? 'default';
        const list = podsByNamespace.get(ns) ?? [];
        list.push(pod);
        podsByNamespace.set(ns, list);
      }
    }
    return podsByNamespace.get(namespace) ?? [];
  };

  for (const service of services) {
    if (!isManaged(service)) continue;
    const namespace = service.metadata.namespace ?? 'default';
    const subsets = desiredSubsets(service, podsIn(namespace));
    const labels = desiredLabels(service);
    const existing = view.objects.get('Endpoints', namespace, service.metadata.name);
    if (!existing) {
      writes.push({
        op: 'create',
        reason: 'EndpointsCreated',
        causeUid: service.metadata.uid,
        object: {
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: {
            name: service.metadata.name,
            namespace,
            ...(labels ? { labels } : {}),
            annotations: trigger,
          },
          ...(subsets.length ? { subsets } : {}),
        } as ObjectInput,
      });
      continue;
    }
    if (jsonEqual(existing.subsets ?? [], subsets) && jsonEqual(existing.metadata.labels ?? {}, labels ?? {}))
      continue;
    const subsetsChanged = !jsonEqual(existing.subsets ?? [], subsets);
    const metadata = {
      ...existing.metadata,
      ...(labels ? { labels } : {}),
      ...(subsetsChanged ? { annotations: { ...existing.metadata.annotations, ...trigger } } : {}),
    };
    if (!labels) delete metadata.labels;
    const updated: Endpoints = { ...existing, metadata };
    if (subsets.length) updated.subsets = subsets;
    else delete updated.subsets;
    writes.push({
      op: 'update',
      reason: 'EndpointsUpdated',
      causeUid: service.metadata.uid,
      object: updated,
    });
  }

  const apiServer = apiServerEndpoints(view);
  if (apiServer) writes.push(apiServer);
  writes.push(...leftovers(view, services));
  return writes;
}

/**
 * The `default/kubernetes` Endpoints the API server keeps for itself (its endpoint reconciler): the control
 * plane's address on 6443, as `kubectl get endpoints` shows on a fresh cluster.
 */
function apiServerEndpoints(view: ClusterView): Write | undefined {
  if (!view.objects.get('Service', 'default', 'kubernetes')) return undefined;
  const nodes = view.objects.list('Node');
  const controlPlane =
    nodes.find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) ?? nodes[0];
  const ip = controlPlane?.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? '172.18.0.2';
  const subsets: Subset[] = [
    { addresses: [{ ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
  ];
  const labels = { 'endpointslice.kubernetes.io/skip-mirror': 'true' };
  const existing = view.objects.get('Endpoints', 'default', 'kubernetes');
  const actor = { type: 'system' as const, name: 'kube-apiserver' };
  if (!existing)
    return {
      op: 'create',
      reason: 'EndpointsCreated',
      actor,
      object: {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'kubernetes', namespace: 'default', labels },
        subsets,
      } as ObjectInput,
    };
  if (jsonEqual(existing.subsets ?? [], subsets)) return undefined;
  return { op: 'update', reason: 'EndpointsUpdated', actor, object: { ...existing, subsets } };
}

function isManaged(service: Service): boolean {
  return (
    service.spec.type !== 'ExternalName' &&
    !!service.spec.selector &&
    Object.keys(service.spec.selector).length > 0
  );
}

function isHeadless(service: Service): boolean {
  return service.spec.clusterIP === 'None';
}

/** The Service's labels, plus the headless marker the controller adds. */
function desiredLabels(service: Service): Record<string, string> | undefined {
  const labels = {
    ...(service.metadata.labels ?? {}),
    ...(isHeadless(service) ? { [HEADLESS_LABEL]: '' } : {}),
  };
  return Object.keys(labels).length ? labels : undefined;
}

/** ShouldPodBeInEndpoints: an IP, not terminal, not terminating (unless publishing not-ready addresses). */
function belongs(pod: Pod, service: Service): boolean {
  if (!pod.status?.podIP) return false;
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return false;
  if (pod.metadata.deletionTimestamp && !service.spec.publishNotReadyAddresses) return false;
  return true;
}

/** A named targetPort is looked up among the pod's container ports; a number is used as is. */
function resolvePort(pod: Pod, target: number | string | undefined, fallback: number): number | undefined {
  if (target === undefined) return fallback;
  if (typeof target === 'number') return target;
  const asNumber = Number(target);
  if (target !== '' && Number.isInteger(asNumber)) return asNumber;
  for (const container of pod.spec.containers)
    for (const port of container.ports ?? []) if (port.name === target) return port.containerPort;
  return undefined;
}

function address(pod: Pod, service: Service): EndpointAddress {
  const namespace = pod.metadata.namespace ?? 'default';
  // ShouldSetHostname: the pod's hostname counts when its subdomain names this Service.
  const hostname =
    pod.spec.hostname && pod.spec.subdomain === service.metadata.name ? pod.spec.hostname : undefined;
  return {
    ip: pod.status!.podIP!,
    ...(hostname ? { hostname } : {}),
    ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid ?? '';
  const ub = b.targetRef?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

export function desiredSubsets(service: Service, pods: readonly Pod[]): Subset[] {
  const servicePorts = service.spec.ports ?? [];
  // Without ports only a headless Service lists addresses (with no ports).
  if (!servicePorts.length && !isHeadless(service)) return [];
  const groups = new Map<
    string,
    { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }
  >();
  for (const pod of pods) {
    if (!matchesLabels(service.spec.selector, pod.metadata.labels) || !belongs(pod, service)) continue;
    const ports: EndpointPort[] = [];
    for (const sp of servicePorts) {
      const port = resolvePort(pod, sp.targetPort, sp.port);
      if (port === undefined) continue;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
    }
    if (servicePorts.length && !ports.length) continue;
    const key = canonicalJson(ports);
    let group = groups.get(key);
    if (!group) {
      group = { ports, ready: [], notReady: [] };
      groups.set(key, group);
    }
    const ready =
      service.spec.publishNotReadyAddresses || (isPodReady(pod) && !pod.metadata.deletionTimestamp);
    (ready ? group.ready : group.notReady).push(address(pod, service));
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => ({
      ...(group.ready.length ? { addresses: group.ready.sort(compareAddresses) } : {}),
      ...(group.notReady.length ? { notReadyAddresses: group.notReady.sort(compareAddresses) } : {}),
      ...(group.ports.length ? { ports: group.ports } : {}),
    }));
}

/**
 * Endpoints whose Service is gone are deleted (the controller syncs the deleted Service's key). Endpoints of
 * Services without a selector belong to their authors and are left alone; so is the API server's own.
 */
function leftovers(view: ClusterView, services: readonly Service[]): Write[] {
  const names = new Set(services.map((s) => `${s.metadata.namespace ?? 'default'}/${s.metadata.name}`));
  const writes: Write[] = [];
  for (const endpoints of view.objects.list('Endpoints')) {
    const namespace = endpoints.metadata.namespace ?? 'default';
    if (names.has(`${namespace}/${endpoints.metadata.name}`)) continue;
    if (namespace === 'default' && endpoints.metadata.name === 'kubernetes') continue;
    writes.push({
      op: 'delete',
      kind: 'Endpoints',
      namespace,
      name: endpoints.metadata.name,
      options: { uid: endpoints.metadata.uid },
      reason: 'ServiceDeleted',
    });
  }
  return writes;
}
