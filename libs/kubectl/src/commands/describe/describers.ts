// One describer per kind (kubectl@1.30 pkg/describe/describe.go): the sections, their order and their texts.
import {
  canonicalJson,
  type ClusterView,
  type DaemonSet,
  type Deployment,
  type Endpoints,
  type Kind,
  type KubeEvent,
  type KubeObject,
  type Namespace,
  type Node,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  type PodTemplateSpec,
  type ReplicaSet,
  type Service,
  type StatefulSet,
  type StorageClass,
} from '@podlab/kube';
import { translateTimestampSince } from '../../printers/human-duration';
import { toApiJson } from '../../printers/serialize';
import { formatLabels, selectorString } from '../../printers/labels';
import { formatBytes, formatMilli, milliValue, parseQuantity } from '../../printers/quantity';
import { accessModesString, formatEndpoints, nodeRoles } from '../../printers/tables';
import {
  describeEvents,
  DescribeWriter,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printNamesMultiline,
  printTaintsMultiline,
  printTolerationsMultiline,
  rfc1123z,
} from './describe-writer';
import { describeContainers, describePodTemplateInto, describeVolumes } from './pod-template';

/** Events whose involvedObject is `object` (kubectl searches by kind, namespace, name and uid). */
export function eventsFor(view: ClusterView, object: KubeObject): KubeEvent[] {
  if (!showEventsNow) return [];
  const namespace = object.metadata.namespace ?? 'default';
  return view.objects
    .list('Event', object.kind === 'Node' || object.kind === 'Namespace' ? undefined : namespace)
    .filter((e) => {
      const ref = e.involvedObject;
      if (ref.kind !== object.kind || ref.name !== object.metadata.name) return false;
      return !ref.uid || ref.uid === object.metadata.uid || object.kind === 'Node';
    });
}

function controllerOf(object: KubeObject): string {
  const ref = (object.metadata.ownerReferences ?? []).find((o) => o.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

function formatSelector(selector: Parameters<typeof selectorString>[0]): string {
  return selectorString(selector) || '<none>';
}

/** Running / Waiting / Succeeded / Failed counts of the pods a controller owns (getPodStatusForController). */
function podStatusCounts(view: ClusterView, owner: KubeObject): string {
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  for (const pod of view.objects.dependents(owner.metadata.uid, 'Pod')) {
    const ref = (pod.metadata.ownerReferences ?? []).find((o) => o.controller);
    if (ref?.uid !== owner.metadata.uid) continue;
    const phase = pod.status?.phase;
    if (phase === 'Running') running++;
    else if (phase === 'Pending') waiting++;
    else if (phase === 'Succeeded') succeeded++;
    else if (phase === 'Failed') failed++;
  }
  return `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed`;
}

function qosClass(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const limit = lim[r];
      const request = req[r] ?? limit;
      if (!limit || parseQuantity(limit).value !== parseQuantity(request).value) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function describePod(view: ClusterView, pod: Pod): string {
  const w = new DescribeWriter();
  const now = view.now;
  w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  // The API server always sets priority and the service account; objects created without them print the defaults.
  w.write(LEVEL_0, `Priority:\t${pod.spec.priority ?? 0}\n`);
  w.write(LEVEL_0, `Service Account:\t${pod.spec.serviceAccountName || 'default'}\n`);
  w.write(
    LEVEL_0,
    pod.spec.nodeName ? `Node:\t${pod.spec.nodeName}/${pod.status?.hostIP ?? ''}\n` : 'Node:\t<none>\n',
  );
  if (pod.status?.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(pod.status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  const phase = pod.status?.phase ?? '';
  if (pod.metadata.deletionTimestamp) {
    w.write(
      LEVEL_0,
      `Status:\tTerminating (lasts ${translateTimestampSince(pod.metadata.deletionTimestamp, now)})\n`,
    );
    w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${phase}\n`);
  }
  if (pod.status?.reason) w.write(LEVEL_0, `Reason:\t${pod.status.reason}\n`);
  if (pod.status?.message) w.write(LEVEL_0, `Message:\t${pod.status.message}\n`);
  w.write(LEVEL_0, `IP:\t${pod.status?.podIP ?? ''}\n`);
  const ips = pod.status?.podIPs ?? [];
  if (!ips.length) w.write(LEVEL_0, 'IPs:\t<none>\n');
  else {
    w.write(LEVEL_0, 'IPs:\n');
    for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
  }
  const controlledBy = controllerOf(pod);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  if (pod.status?.nominatedNodeName)
    w.write(LEVEL_0, `NominatedNodeName:\t${pod.status.nominatedNodeName}\n`);
  if (pod.spec.initContainers?.length) {
    describeContainers(
      w,
      'Init Containers',
      pod.spec.initContainers,
      pod.status?.initContainerStatuses ?? [],
      '',
    );
  }
  describeContainers(w, 'Containers', pod.spec.containers, pod.status?.containerStatuses ?? [], '');
  const conditions = pod.status?.conditions ?? [];
  if (conditions.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, pod.spec.volumes, '');
  w.write(LEVEL_0, `QoS Class:\t${qosClass(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', pod.spec.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', pod.spec.tolerations);
  eventsSection(w, eventsFor(view, pod), now);
  return w.toString();
}

/** The template without the pod-template-hash label, for telling a Deployment's new ReplicaSet. */
function templateKey(template: PodTemplateSpec): string {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return canonicalJson({ ...template, metadata: { ...(template.metadata ?? {}), labels } });
}

const byCreation = (a: ReplicaSet, b: ReplicaSet) =>
  a.metadata.creationTimestamp < b.metadata.creationTimestamp
    ? -1
    : a.metadata.creationTimestamp > b.metadata.creationTimestamp
      ? 1
      : a.metadata.name < b.metadata.name
        ? -1
        : 1;

const rsList = (list: ReplicaSet[]) =>
  list
    .map(
      (rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 1} replicas created)`,
    )
    .join(', ') || '<none>';

/** A Deployment's ReplicaSets split the way deploymentutil does: the new one, and old ones with replicas. */
export function deploymentReplicaSets(
  view: ClusterView,
  d: Deployment,
): { newRS?: ReplicaSet; oldRSs: ReplicaSet[]; all: ReplicaSet[] } {
  const owned = view.objects
    .dependents(d.metadata.uid, 'ReplicaSet')
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === d.metadata.uid))
    .sort(byCreation);
  const key = templateKey(d.spec.template);
  const newRS = owned.find((rs) => templateKey(rs.spec.template) === key);
  const oldRSs = owned.filter((rs) => rs !== newRS && (rs.spec.replicas ?? 1) !== 0);
  return { newRS, oldRSs, all: owned };
}

function describeDeployment(view: ClusterView, d: Deployment): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${selectorString(d.spec.selector)}\n`);
  const s = d.status;
  w.write(
    LEVEL_0,
    `Replicas:\t${d.spec.replicas ?? 1} desired | ${s?.updatedReplicas ?? 0} updated | ${s?.replicas ?? 0} total | ${s?.availableReplicas ?? 0} available | ${s?.unavailableReplicas ?? 0} unavailable\n`,
  );
  const type = d.spec.strategy?.type ?? 'RollingUpdate';
  w.write(LEVEL_0, `StrategyType:\t${type}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
  if (type === 'RollingUpdate') {
    const ru = d.spec.strategy?.rollingUpdate;
    w.write(
      LEVEL_0,
      `RollingUpdateStrategy:\t${ru?.maxUnavailable ?? '25%'} max unavailable, ${ru?.maxSurge ?? '25%'} max surge\n`,
    );
  }
  describePodTemplateInto(w, d.spec.template);
  const conditions = s?.conditions ?? [];
  if (conditions.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const { newRS, oldRSs } = deploymentReplicaSets(view, d);
  if (oldRSs.length || newRS) {
    w.write(LEVEL_0, `OldReplicaSets:\t${rsList(oldRSs)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${rsList(newRS ? [newRS] : [])}\n`);
  }
  eventsSection(w, eventsFor(view, d), view.now);
  return w.toString();
}

function describeReplicaSet(view: ClusterView, rs: ReplicaSet): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${formatSelector(rs.spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const controlledBy = controllerOf(rs);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 1} desired\n`);
  w.write(LEVEL_0, `Pods Status:\t${podStatusCounts(view, rs)}\n`);
  describePodTemplateInto(w, rs.spec.template);
  const conditions = rs.status?.conditions ?? [];
  if (conditions.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  eventsSection(w, eventsFor(view, rs), view.now);
  return w.toString();
}

function describeStatefulSet(view: ClusterView, sts: StatefulSet): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${sts.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${sts.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorString(sts.spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', sts.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', sts.metadata.annotations);
  w.write(LEVEL_0, `Replicas:\t${sts.spec.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total\n`);
  const strategy = sts.spec.updateStrategy;
  w.write(LEVEL_0, `Update Strategy:\t${strategy?.type ?? 'RollingUpdate'}\n`);
  const ru =
    strategy?.rollingUpdate ??
    ((strategy?.type ?? 'RollingUpdate') === 'RollingUpdate' ? { partition: 0 } : undefined);
  if (ru && ru.partition !== undefined) {
    w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(LEVEL_1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  w.write(LEVEL_0, `Pods Status:\t${podStatusCounts(view, sts)}\n`);
  describePodTemplateInto(w, sts.spec.template);
  const templates = sts.spec.volumeClaimTemplates ?? [];
  if (!templates.length) w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
  else {
    w.write(LEVEL_0, 'Volume Claims:\n');
    for (const pvc of templates) {
      w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
      w.write(LEVEL_1, `StorageClass:\t${pvc.spec?.storageClassName ?? ''}\n`);
      printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
      printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
      w.write(LEVEL_1, `Capacity:\t${pvc.spec?.resources?.requests?.storage ?? '<default>'}\n`);
      w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
    }
  }
  eventsSection(w, eventsFor(view, sts), view.now);
  return w.toString();
}

function describeDaemonSet(view: ClusterView, ds: DaemonSet): string {
  const w = new DescribeWriter();
  const s = ds.status;
  w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorString(ds.spec.selector)}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec.template.spec.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${s?.desiredNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${s?.currentNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${s?.updatedNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${s?.numberAvailable ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${s?.numberMisscheduled ?? 0}\n`);
  w.write(LEVEL_0, `Pods Status:\t${podStatusCounts(view, ds)}\n`);
  describePodTemplateInto(w, ds.spec.template);
  eventsSection(w, eventsFor(view, ds), view.now);
  return w.toString();
}

function podRequestsAndLimits(pod: Pod): { req: Record<string, string[]>; lim: Record<string, string[]> } {
  const req: Record<string, string[]> = {};
  const lim: Record<string, string[]> = {};
  for (const c of pod.spec.containers) {
    for (const [k, v] of Object.entries(c.resources?.requests ?? {})) if (v) (req[k] ??= []).push(v);
    for (const [k, v] of Object.entries(c.resources?.limits ?? {})) if (v) (lim[k] ??= []).push(v);
  }
  // A limit without a request defaults the request.
  for (const [k, v] of Object.entries(lim)) if (!req[k]) req[k] = [...v];
  return { req, lim };
}

function sumCpu(values: readonly string[]): number {
  return values.reduce((acc, v) => acc + milliValue(parseQuantity(v)), 0);
}
function sumBytes(values: readonly string[]): { bytes: number; binary: boolean } {
  let binary = false;
  let bytes = 0;
  values.forEach((v, i) => {
    const q = parseQuantity(v);
    if (i === 0) binary = q.binary;
    bytes += q.value;
  });
  return { bytes: Math.round(bytes), binary };
}

function describeNode(view: ClusterView, node: Node): string {
  const w = new DescribeWriter();
  const now = view.now;
  w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
  const roles = nodeRoles(node);
  w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', node.spec.taints);
  w.write(LEVEL_0, `Unschedulable:\t${node.spec.unschedulable ?? false}\n`);
  w.write(LEVEL_0, 'Lease:\n');
  const up = !node.sim?.kubeletDown;
  w.write(LEVEL_1, `HolderIdentity:\t${node.metadata.name}\n`);
  w.write(LEVEL_1, `AcquireTime:\t<unset>\n`);
  const renew = up ? now : (node.sim?.lastHeartbeat ?? now);
  w.write(LEVEL_1, `RenewTime:\t${rfc1123z(new Date(Math.floor(renew / 1000) * 1000).toISOString())}\n`);
  const conditions = node.status?.conditions ?? [];
  if (conditions.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(
        LEVEL_1,
        `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
      );
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of node.status?.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  const printResources = (list: Record<string, string | undefined>) => {
    const names = Object.keys(list)
      .filter((k) => list[k] !== undefined)
      .sort();
    for (const n of names) w.write(LEVEL_0, `  ${n}:\t${list[n] ?? ''}\n`);
  };
  const capacity = node.status?.capacity ?? {};
  const allocatable = node.status?.allocatable ?? {};
  if (Object.keys(capacity).length) {
    w.write(LEVEL_0, 'Capacity:\n');
    printResources(capacity);
  }
  if (Object.keys(allocatable).length) {
    w.write(LEVEL_0, 'Allocatable:\n');
    printResources(allocatable);
  }
  const info = node.status?.nodeInfo;
  w.write(LEVEL_0, 'System Info:\n');
  w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
  w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
  w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
  w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
  w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
  if (node.spec.podCIDR) {
    w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
    w.write(LEVEL_0, `PodCIDRs:\t${node.spec.podCIDR}\n`);
  }
  if (node.spec.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);

  const pods = view.objects
    .podsOnNode(node.metadata.name)
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const allocCpu = milliValue(parseQuantity(allocatable.cpu ?? capacity.cpu));
  const allocMem = parseQuantity(allocatable.memory ?? capacity.memory).value;
  const allocEph = parseQuantity(allocatable['ephemeral-storage'] ?? capacity['ephemeral-storage']).value;
  const pct = (part: number, whole: number) => (whole ? Math.trunc((part / whole) * 100) : 0);
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const totals = {
    cpuReq: [] as string[],
    cpuLim: [] as string[],
    memReq: [] as string[],
    memLim: [] as string[],
    ephReq: [] as string[],
    ephLim: [] as string[],
  };
  for (const pod of pods) {
    const { req, lim } = podRequestsAndLimits(pod);
    const cpuReq = sumCpu(req['cpu'] ?? []);
    const cpuLim = sumCpu(lim['cpu'] ?? []);
    const memReq = sumBytes(req['memory'] ?? []);
    const memLim = sumBytes(lim['memory'] ?? []);
    totals.cpuReq.push(...(req['cpu'] ?? []));
    totals.cpuLim.push(...(lim['cpu'] ?? []));
    totals.memReq.push(...(req['memory'] ?? []));
    totals.memLim.push(...(lim['memory'] ?? []));
    totals.ephReq.push(...(req['ephemeral-storage'] ?? []));
    totals.ephLim.push(...(lim['ephemeral-storage'] ?? []));
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name}\t\t${formatMilli(cpuReq)} (${pct(cpuReq, allocCpu)}%)\t${formatMilli(cpuLim)} (${pct(cpuLim, allocCpu)}%)\t` +
        `${formatBytes(memReq.bytes, memReq.binary)} (${pct(memReq.bytes, allocMem)}%)\t${formatBytes(memLim.bytes, memLim.binary)} (${pct(memLim.bytes, allocMem)}%)\t` +
        `${translateTimestampSince(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const cpuReqs = sumCpu(totals.cpuReq);
  const cpuLims = sumCpu(totals.cpuLim);
  const memReqs = sumBytes(totals.memReq);
  const memLims = sumBytes(totals.memLim);
  const ephReqs = sumBytes(totals.ephReq);
  const ephLims = sumBytes(totals.ephLim);
  w.write(
    LEVEL_1,
    `cpu\t${formatMilli(cpuReqs)} (${pct(cpuReqs, allocCpu)}%)\t${formatMilli(cpuLims)} (${pct(cpuLims, allocCpu)}%)\n`,
  );
  w.write(
    LEVEL_1,
    `memory\t${formatBytes(memReqs.bytes, memReqs.binary)} (${pct(memReqs.bytes, allocMem)}%)\t${formatBytes(memLims.bytes, memLims.binary)} (${pct(memLims.bytes, allocMem)}%)\n`,
  );
  w.write(
    LEVEL_1,
    `ephemeral-storage\t${formatBytes(ephReqs.bytes, ephReqs.binary)} (${pct(ephReqs.bytes, allocEph)}%)\t${formatBytes(ephLims.bytes, ephLims.binary)} (${pct(ephLims.bytes, allocEph)}%)\n`,
  );
  eventsSection(w, eventsFor(view, node), now);
  return w.toString();
}

function describePvc(view: ClusterView, pvc: PersistentVolumeClaim): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${pvc.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `StorageClass:\t${pvc.spec.storageClassName ?? ''}\n`);
  if (pvc.metadata.deletionTimestamp) {
    w.write(
      LEVEL_0,
      `Status:\tTerminating (lasts ${translateTimestampSince(pvc.metadata.deletionTimestamp, view.now)})\n`,
    );
  } else {
    w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ''}\n`);
  }
  w.write(LEVEL_0, `Volume:\t${pvc.spec.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
  w.write(LEVEL_0, `Finalizers:\t[${(pvc.metadata.finalizers ?? []).join(' ')}]\n`);
  const bound = !!pvc.spec.volumeName;
  w.write(LEVEL_0, `Capacity:\t${bound ? (pvc.status?.capacity?.storage ?? '') : ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ''}\n`);
  if (pvc.spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
  const users = view.objects
    .list('Pod', pvc.metadata.namespace)
    .filter((p) =>
      (p.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name),
    )
    .map((p) => p.metadata.name);
  printNamesMultiline(w, 'Used By', users);
  eventsSection(w, eventsFor(view, pvc), view.now);
  return w.toString();
}

function describePv(view: ClusterView, pv: PersistentVolume): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${pv.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', pv.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
  w.write(LEVEL_0, `Finalizers:\t[${(pv.metadata.finalizers ?? []).join(' ')}]\n`);
  w.write(LEVEL_0, `StorageClass:\t${pv.spec.storageClassName ?? ''}\n`);
  if (pv.metadata.deletionTimestamp) {
    w.write(
      LEVEL_0,
      `Status:\tTerminating (lasts ${translateTimestampSince(pv.metadata.deletionTimestamp, view.now)})\n`,
    );
  } else {
    w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ''}\n`);
  }
  w.write(
    LEVEL_0,
    `Claim:\t${pv.spec.claimRef ? `${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}` : ''}\n`,
  );
  w.write(LEVEL_0, `Reclaim Policy:\t${pv.spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModesString(pv.spec.accessModes)}\n`);
  if (pv.spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${pv.spec.volumeMode}\n`);
  w.write(LEVEL_0, `Capacity:\t${pv.spec.capacity.storage ?? ''}\n`);
  w.write(LEVEL_0, 'Node Affinity:\t<none>\n');
  w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(LEVEL_0, 'Source:\n');
  if (pv.spec.hostPath) {
    const type = (pv.spec.hostPath as { type?: string }).type || '<none>';
    w.write(
      LEVEL_2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${pv.spec.hostPath.path}\n    HostPathType:\t${type}\n`,
    );
  } else if (pv.spec.csi) {
    const csi = pv.spec.csi as { driver: string; volumeHandle: string; fsType?: string; readOnly?: boolean };
    w.write(
      LEVEL_2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${csi.driver}\n    FSType:\t${csi.fsType ?? ''}\n    VolumeHandle:\t${csi.volumeHandle}\n    ReadOnly:\t${csi.readOnly ?? false}\n`,
    );
    w.write(LEVEL_2, 'VolumeAttributes:\t<none>\n');
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
  eventsSection(w, eventsFor(view, pv), view.now);
  return w.toString();
}

function describeService(view: ClusterView, svc: Service): string {
  const w = new DescribeWriter();
  const endpoints: Endpoints | undefined = view.objects.get(
    'Endpoints',
    svc.metadata.namespace,
    svc.metadata.name,
  );
  w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', svc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabels(svc.spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${svc.spec.type ?? 'ClusterIP'}\n`);
  w.write(LEVEL_0, `IP Family Policy:\t${svc.spec.ipFamilyPolicy ?? 'SingleStack'}\n`);
  w.write(LEVEL_0, `IP Families:\t${(svc.spec.ipFamilies ?? ['IPv4']).join(',')}\n`);
  const clusterIP = svc.spec.clusterIP ?? '';
  w.write(LEVEL_0, `IP:\t${clusterIP}\n`);
  const ips = svc.spec.clusterIPs ?? (clusterIP ? [clusterIP] : []);
  w.write(LEVEL_0, `IPs:\t${ips.length ? ips.join(',') : '<none>'}\n`);
  const ports = svc.spec.ports ?? [];
  for (const p of ports) {
    const name = p.name || '<unset>';
    const protocol = p.protocol ?? 'TCP';
    w.write(LEVEL_0, `Port:\t${name}\t${p.port}/${protocol}\n`);
    w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? p.port}/${protocol}\n`);
    if (p.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${p.nodePort}/${protocol}\n`);
    w.write(LEVEL_0, `Endpoints:\t${endpointsFor(endpoints, p.name ?? '')}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${svc.spec.sessionAffinity ?? 'None'}\n`);
  eventsSection(w, eventsFor(view, svc), view.now);
  return w.toString();
}

/** formatEndpoints restricted to one named port (describe service). */
function endpointsFor(endpoints: Endpoints | undefined, portName: string | undefined): string {
  if (!endpoints) return '<none>';
  if (portName === undefined) return formatEndpoints(endpoints);
  const filtered: Endpoints = {
    ...endpoints,
    subsets: (endpoints.subsets ?? []).map((s) => ({
      ...s,
      ports: s.ports?.length ? s.ports.filter((p) => (p.name ?? '') === portName) : s.ports,
    })),
  };
  return formatEndpoints(filtered);
}

function describeNamespace(_view: ClusterView, ns: Namespace): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
  w.write(LEVEL_0, '\n');
  w.write(LEVEL_0, 'No resource quota.\n');
  w.write(LEVEL_0, '\n');
  w.write(LEVEL_0, 'No LimitRange resource.\n');
  return w.toString();
}

function describeStorageClass(view: ClusterView, sc: StorageClass): string {
  const w = new DescribeWriter();
  const isDefault = sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
  w.write(LEVEL_0, `Name:\t${sc.metadata.name}\n`);
  w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
  w.write(LEVEL_0, `Provisioner:\t${sc.provisioner}\n`);
  w.write(
    LEVEL_0,
    `Parameters:\t${Object.keys(sc.parameters ?? {}).length ? formatLabels(sc.parameters) : '<none>'}\n`,
  );
  w.write(
    LEVEL_0,
    `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined ? '<unset>' : sc.allowVolumeExpansion ? 'True' : 'False'}\n`,
  );
  w.write(LEVEL_0, 'MountOptions:\t<none>\n');
  if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  eventsSection(w, eventsFor(view, sc), view.now);
  return w.toString();
}

function describeEndpoints(view: ClusterView, ep: Endpoints): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${ep.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ep.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
  w.write(LEVEL_0, 'Subsets:\n');
  for (const s of ep.subsets ?? []) {
    w.write(LEVEL_1, `Addresses:\t${(s.addresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    w.write(
      LEVEL_1,
      `NotReadyAddresses:\t${(s.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`,
    );
    if (s.ports?.length) {
      w.write(LEVEL_1, 'Ports:\n');
      w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_2, '----\t----\t--------\n');
      for (const p of s.ports)
        w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
    }
    w.write(LEVEL_0, '\n');
  }
  eventsSection(w, eventsFor(view, ep), view.now);
  return w.toString();
}

type Describer = (view: ClusterView, object: KubeObject) => string;

/** fatih/camelcase.Split as kubectl's smartLabelFor uses it: `apiVersion` → api, Version; `podIP` → pod, IP. */
function camelSplit(field: string): string[] {
  return field.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[^A-Za-z0-9]+/g) ?? [field];
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** `creationTimestamp` → `Creation Timestamp`, `uid` → `UID`; keys with other characters stay as they are. */
export function smartLabelFor(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  return camelSplit(field)
    .filter((part) => part !== '_')
    .map((part) =>
      ACRONYMS.has(part.toUpperCase()) ? part.toUpperCase() : part.charAt(0).toUpperCase() + part.slice(1),
    )
    .join(' ');
}

const GENERIC_SKIP = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);

/** Go's %v of an unstructured scalar. */
const goValueText = (v: unknown): string => (v === null || v === undefined ? '<nil>' : String(v));

/** printUnstructuredContent: sorted keys, maps and lists as nested blocks, scalars as `Label:\tvalue`. */
function printUnstructured(
  w: DescribeWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (GENERIC_SKIP.has(path)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) {
          printUnstructured(w, level + 1, child as Record<string, unknown>, path);
        } else w.write(level + 1, `${goValueText(child)}\n`);
      }
    } else if (value && typeof value === 'object') {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructured(w, level + 1, value as Record<string, unknown>, path);
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValueText(value)}\n`);
    }
  }
}

/** kubectl's genericDescriber for kinds without their own describer (ControllerRevision, Event). */
function describeGeneric(view: ClusterView, object: KubeObject): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${object.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${object.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', object.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', object.metadata.annotations);
  printUnstructured(w, LEVEL_0, toApiJson(object) as Record<string, unknown>, '');
  eventsSection(w, eventsFor(view, object), view.now);
  return w.toString();
}

const DESCRIBERS: Partial<Record<Kind, Describer>> = {
  Pod: (v, o) => describePod(v, o as Pod),
  Deployment: (v, o) => describeDeployment(v, o as Deployment),
  ReplicaSet: (v, o) => describeReplicaSet(v, o as ReplicaSet),
  StatefulSet: (v, o) => describeStatefulSet(v, o as StatefulSet),
  DaemonSet: (v, o) => describeDaemonSet(v, o as DaemonSet),
  Node: (v, o) => describeNode(v, o as Node),
  PersistentVolumeClaim: (v, o) => describePvc(v, o as PersistentVolumeClaim),
  PersistentVolume: (v, o) => describePv(v, o as PersistentVolume),
  Service: (v, o) => describeService(v, o as Service),
  Namespace: (v, o) => describeNamespace(v, o as Namespace),
  StorageClass: (v, o) => describeStorageClass(v, o as StorageClass),
  Endpoints: (v, o) => describeEndpoints(v, o as Endpoints),
};

export interface DescribeOptions {
  /** `--show-events=false` leaves the Events section out entirely. */
  showEvents?: boolean;
}

// Set for the duration of one describeObject call (describers are synchronous and pure).
let showEventsNow = true;

function eventsSection(w: DescribeWriter, events: KubeEvent[], now: number): void {
  if (showEventsNow) describeEvents(w, events, now);
}

/** `kubectl describe` text of one object. */
export function describeObject(view: ClusterView, object: KubeObject, options: DescribeOptions = {}): string {
  showEventsNow = options.showEvents ?? true;
  try {
    return (DESCRIBERS[object.kind] ?? describeGeneric)(view, object);
  } finally {
    showEventsNow = true;
  }
}
