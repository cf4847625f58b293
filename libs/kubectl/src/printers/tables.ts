// Server-side Table column definitions and rows per kind (printers.go, spec B.2). A table carries every cell;
// priority-1 columns are shown only with `-o wide`, in their definition order (events interleave them).
import type {
  Container,
  ControllerRevision,
  DaemonSet,
  Deployment,
  Endpoints,
  Kind,
  KubeEvent,
  KubeObject,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ReplicaSet,
  Service,
  StatefulSet,
  StorageClass,
} from '@podlab/kube';
import { translateTimestampSince } from './human-duration';
import { formatLabels, selectorString } from './labels';
import { podSummary } from './pod-status';

export interface TableColumn {
  /** Upper-cased header as printed. */
  name: string;
  priority: 0 | 1;
}

export interface Table {
  columns: TableColumn[];
  /** One row per object, one cell per column. */
  rows: string[][];
}

const col = (name: string, priority: 0 | 1 = 0): TableColumn => ({ name, priority });

function layoutContainers(containers: Container[]): [string, string] {
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(',')];
}

function age(object: KubeObject, now: number): string {
  return translateTimestampSince(object.metadata.creationTimestamp, now);
}

/** `RWO,ROX,RWX,RWOP` in that fixed order (helper.GetAccessModesAsString). */
export function accessModesString(modes: readonly string[] | undefined): string {
  const m = modes ?? [];
  const out: string[] = [];
  if (m.includes('ReadWriteOnce')) out.push('RWO');
  if (m.includes('ReadOnlyMany')) out.push('ROX');
  if (m.includes('ReadWriteMany')) out.push('RWX');
  if (m.includes('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** Node roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

export function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses.find((a) => a.type === type)?.address ?? '<none>';
}

export function servicePorts(service: Service): string {
  const ports = (service.spec.ports ?? []).map((p) =>
    p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`,
  );
  return ports.length ? ports.join(',') : '<none>';
}

function serviceExternalIP(service: Service): string {
  const spec = service.spec as Service['spec'] & { externalIPs?: string[]; externalName?: string };
  const type = spec.type ?? 'ClusterIP';
  if (type === 'ExternalName') return spec.externalName ?? '<none>';
  if (type === 'LoadBalancer') {
    const ingress = (service.status?.loadBalancer as { ingress?: { ip?: string; hostname?: string }[] })
      ?.ingress;
    const ips = [...(ingress ?? []).map((i) => i.ip ?? i.hostname ?? ''), ...(spec.externalIPs ?? [])];
    return ips.length ? ips.join(',') : '<pending>';
  }
  return spec.externalIPs?.length ? spec.externalIPs.join(',') : '<none>';
}

export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if (!ss.ports?.length) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip.includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

function eventTarget(event: KubeEvent): string {
  const kind = event.involvedObject.kind.toLowerCase();
  return event.involvedObject.name ? `${kind}/${event.involvedObject.name}` : kind;
}

function eventSource(event: KubeEvent): string {
  const { component, host } = event.source ?? { component: '' };
  return host ? `${component}, ${host}` : component;
}

const isDefaultClass = (sc: StorageClass): boolean =>
  sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ||
  sc.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';

type RowFn<T> = (object: T, now: number) => string[];
interface KindTable<T> {
  columns: TableColumn[];
  row: RowFn<T>;
}

const podTable: KindTable<Pod> = {
  columns: [
    col('NAME'),
    col('READY'),
    col('STATUS'),
    col('RESTARTS'),
    col('AGE'),
    col('IP', 1),
    col('NODE', 1),
    col('NOMINATED NODE', 1),
    col('READINESS GATES', 1),
  ],
  row: (pod, now) => {
    const s = podSummary(pod, now);
    const gates = (pod.spec as { readinessGates?: { conditionType: string }[] }).readinessGates ?? [];
    let gatesText = '<none>';
    if (gates.length) {
      const trueCount = gates.filter(
        (g) => (pod.status?.conditions ?? []).find((c) => c.type === g.conditionType)?.status === 'True',
      ).length;
      gatesText = `${trueCount}/${gates.length}`;
    }
    return [
      pod.metadata.name,
      s.ready,
      s.status,
      s.restarts,
      age(pod, now),
      pod.status?.podIPs?.[0]?.ip || '<none>',
      pod.spec.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      gatesText,
    ];
  },
};

const deploymentTable: KindTable<Deployment> = {
  columns: [
    col('NAME'),
    col('READY'),
    col('UP-TO-DATE'),
    col('AVAILABLE'),
    col('AGE'),
    col('CONTAINERS', 1),
    col('IMAGES', 1),
    col('SELECTOR', 1),
  ],
  row: (d, now) => [
    d.metadata.name,
    `${d.status?.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`,
    String(d.status?.updatedReplicas ?? 0),
    String(d.status?.availableReplicas ?? 0),
    age(d, now),
    ...layoutContainers(d.spec.template.spec.containers),
    selectorString(d.spec.selector),
  ],
};

const replicaSetTable: KindTable<ReplicaSet> = {
  columns: [
    col('NAME'),
    col('DESIRED'),
    col('CURRENT'),
    col('READY'),
    col('AGE'),
    col('CONTAINERS', 1),
    col('IMAGES', 1),
    col('SELECTOR', 1),
  ],
  row: (rs, now) => [
    rs.metadata.name,
    String(rs.spec.replicas ?? 1),
    String(rs.status?.replicas ?? 0),
    String(rs.status?.readyReplicas ?? 0),
    age(rs, now),
    ...layoutContainers(rs.spec.template.spec.containers),
    selectorString(rs.spec.selector),
  ],
};

const statefulSetTable: KindTable<StatefulSet> = {
  columns: [col('NAME'), col('READY'), col('AGE'), col('CONTAINERS', 1), col('IMAGES', 1)],
  row: (s, now) => [
    s.metadata.name,
    `${s.status?.readyReplicas ?? 0}/${s.spec.replicas ?? 1}`,
    age(s, now),
    ...layoutContainers(s.spec.template.spec.containers),
  ],
};

const daemonSetTable: KindTable<DaemonSet> = {
  columns: [
    col('NAME'),
    col('DESIRED'),
    col('CURRENT'),
    col('READY'),
    col('UP-TO-DATE'),
    col('AVAILABLE'),
    col('NODE SELECTOR'),
    col('AGE'),
    col('CONTAINERS', 1),
    col('IMAGES', 1),
    col('SELECTOR', 1),
  ],
  row: (ds, now) => [
    ds.metadata.name,
    String(ds.status?.desiredNumberScheduled ?? 0),
    String(ds.status?.currentNumberScheduled ?? 0),
    String(ds.status?.numberReady ?? 0),
    String(ds.status?.updatedNumberScheduled ?? 0),
    String(ds.status?.numberAvailable ?? 0),
    formatLabels(ds.spec.template.spec.nodeSelector),
    age(ds, now),
    ...layoutContainers(ds.spec.template.spec.containers),
    selectorString(ds.spec.selector),
  ],
};

const nodeTable: KindTable<Node> = {
  columns: [
    col('NAME'),
    col('STATUS'),
    col('ROLES'),
    col('AGE'),
    col('VERSION'),
    col('INTERNAL-IP', 1),
    col('EXTERNAL-IP', 1),
    col('OS-IMAGE', 1),
    col('KERNEL-VERSION', 1),
    col('CONTAINER-RUNTIME', 1),
  ],
  row: (n, now) => {
    const info = n.status?.nodeInfo;
    return [
      n.metadata.name,
      nodeStatus(n),
      nodeRoles(n).join(',') || '<none>',
      age(n, now),
      info?.kubeletVersion ?? '',
      nodeAddress(n, 'InternalIP'),
      nodeAddress(n, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};

const pvcTable: KindTable<PersistentVolumeClaim> = {
  columns: [
    col('NAME'),
    col('STATUS'),
    col('VOLUME'),
    col('CAPACITY'),
    col('ACCESS MODES'),
    col('STORAGECLASS'),
    col('VOLUMEATTRIBUTESCLASS'),
    col('AGE'),
    col('VOLUMEMODE', 1),
  ],
  row: (pvc, now) => {
    const bound = !!pvc.spec.volumeName;
    const vac = (pvc.spec as { volumeAttributesClassName?: string }).volumeAttributesClassName;
    return [
      pvc.metadata.name,
      pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
      pvc.spec.volumeName ?? '',
      bound ? (pvc.status?.capacity?.storage ?? '') : '',
      bound ? accessModesString(pvc.status?.accessModes) : '',
      pvc.spec.storageClassName ??
        pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
        '',
      vac ?? '<unset>',
      age(pvc, now),
      pvc.spec.volumeMode ?? '<unset>',
    ];
  },
};

const pvTable: KindTable<PersistentVolume> = {
  columns: [
    col('NAME'),
    col('CAPACITY'),
    col('ACCESS MODES'),
    col('RECLAIM POLICY'),
    col('STATUS'),
    col('CLAIM'),
    col('STORAGECLASS'),
    col('VOLUMEATTRIBUTESCLASS'),
    col('REASON'),
    col('AGE'),
    col('VOLUMEMODE', 1),
  ],
  row: (pv, now) => {
    const claim = pv.spec.claimRef ? `${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}` : '';
    const vac = (pv.spec as { volumeAttributesClassName?: string }).volumeAttributesClassName;
    return [
      pv.metadata.name,
      pv.spec.capacity.storage ?? '0',
      accessModesString(pv.spec.accessModes),
      pv.spec.persistentVolumeReclaimPolicy ?? '',
      pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
      claim,
      pv.spec.storageClassName ?? '',
      vac ?? '<unset>',
      (pv.status as { reason?: string } | undefined)?.reason ?? '',
      age(pv, now),
      pv.spec.volumeMode ?? '<unset>',
    ];
  },
};

const serviceTable: KindTable<Service> = {
  columns: [
    col('NAME'),
    col('TYPE'),
    col('CLUSTER-IP'),
    col('EXTERNAL-IP'),
    col('PORT(S)'),
    col('AGE'),
    col('SELECTOR', 1),
  ],
  row: (svc, now) => [
    svc.metadata.name,
    svc.spec.type ?? 'ClusterIP',
    svc.spec.clusterIPs?.[0] ?? svc.spec.clusterIP ?? '<none>',
    serviceExternalIP(svc),
    servicePorts(svc),
    age(svc, now),
    formatLabels(svc.spec.selector),
  ],
};

const endpointsTable: KindTable<Endpoints> = {
  columns: [col('NAME'), col('ENDPOINTS'), col('AGE')],
  row: (ep, now) => [ep.metadata.name, formatEndpoints(ep), age(ep, now)],
};

const namespaceTable: KindTable<Namespace> = {
  columns: [col('NAME'), col('STATUS'), col('AGE')],
  row: (ns, now) => [ns.metadata.name, ns.status?.phase ?? '', age(ns, now)],
};

const eventTable: KindTable<KubeEvent> = {
  columns: [
    col('LAST SEEN'),
    col('TYPE'),
    col('REASON'),
    col('OBJECT'),
    col('SUBOBJECT', 1),
    col('SOURCE', 1),
    col('MESSAGE'),
    col('FIRST SEEN', 1),
    col('COUNT', 1),
    col('NAME', 1),
  ],
  row: (e, now) => {
    const first = translateTimestampSince(e.firstTimestamp, now);
    const last = e.lastTimestamp ? translateTimestampSince(e.lastTimestamp, now) : first;
    return [
      last,
      e.type,
      e.reason,
      eventTarget(e),
      e.involvedObject.fieldPath ?? '',
      eventSource(e),
      e.message.trim(),
      first,
      String(e.count || 1),
      e.metadata.name,
    ];
  },
};

const controllerRevisionTable: KindTable<ControllerRevision> = {
  columns: [col('NAME'), col('CONTROLLER'), col('REVISION'), col('AGE')],
  row: (cr, now) => {
    const ref = (cr.metadata.ownerReferences ?? []).find((o) => o.controller);
    let controller = '<none>';
    if (ref) {
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
      controller = `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
    }
    return [cr.metadata.name, controller, String(cr.revision), age(cr, now)];
  },
};

const storageClassTable: KindTable<StorageClass> = {
  columns: [
    col('NAME'),
    col('PROVISIONER'),
    col('RECLAIMPOLICY'),
    col('VOLUMEBINDINGMODE'),
    col('ALLOWVOLUMEEXPANSION'),
    col('AGE'),
  ],
  row: (sc, now) => [
    isDefaultClass(sc) ? `${sc.metadata.name} (default)` : sc.metadata.name,
    sc.provisioner,
    sc.reclaimPolicy ?? 'Delete',
    sc.volumeBindingMode ?? 'Immediate',
    String(sc.allowVolumeExpansion ?? false),
    age(sc, now),
  ],
};

const TABLES: { [K in Kind]: KindTable<Extract<KubeObject, { kind: K }>> } = {
  Pod: podTable,
  Deployment: deploymentTable,
  ReplicaSet: replicaSetTable,
  StatefulSet: statefulSetTable,
  DaemonSet: daemonSetTable,
  Node: nodeTable,
  PersistentVolumeClaim: pvcTable,
  PersistentVolume: pvTable,
  Service: serviceTable,
  Endpoints: endpointsTable,
  Namespace: namespaceTable,
  Event: eventTable,
  ControllerRevision: controllerRevisionTable,
  StorageClass: storageClassTable,
};

/** The server's Table for objects of one kind (all columns, all cells). */
export function tableFor(kind: Kind, objects: readonly KubeObject[], now: number): Table {
  const def = TABLES[kind] as KindTable<KubeObject>;
  return { columns: def.columns, rows: objects.map((o) => def.row(o, now)) };
}
