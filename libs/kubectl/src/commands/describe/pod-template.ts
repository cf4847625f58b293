// Containers, volumes and the pod template as `kubectl describe` prints them (describeContainers,
// describeVolumes, DescribePodTemplate). `rollout history --revision=N` prints the same pod template.
import type {
  Container,
  ContainerState,
  ContainerStatus,
  PodTemplateSpec,
  Probe,
  Volume,
} from '@podlab/kube';
import {
  DescribeWriter,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
} from './describe-writer';

function describeProbe(p: Probe): string {
  const attrs =
    `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s ` +
    `#success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${p.exec.command.join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
    const port = String(p.httpGet.port);
    const host = (p.httpGet as { host?: string }).host ?? '';
    return `http-get ${scheme}://${host}:${port}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket)
    return `tcp-socket ${(p.tcpSocket as { host?: string }).host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port}  ${attrs}`;
  return `unknown ${attrs}`;
}

function describeState(w: DescribeWriter, name: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

/** kubectl's SortedResourceNames: plain string order of the resource names. */
export function sortedResourceNames(list: Record<string, string | undefined> | undefined): string[] {
  return Object.keys(list ?? {})
    .filter((k) => list?.[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function describeContainers(
  w: DescribeWriter,
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  space: string,
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  if (!containers.length) {
    w.write(LEVEL_0, `${space}${label}: <none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}${label}:\n`);
  const nameIndent = space ? ' ' : '';
  for (const c of containers) {
    const status = statuses ? byName.get(c.name) : undefined;
    w.write(LEVEL_1, `${nameIndent}${c.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c.image}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`);
    else w.write(LEVEL_2, `Port:\t${ports || '<none>'}\n`);
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
    else w.write(LEVEL_2, `Host Port:\t${hostPorts || '<none>'}\n`);
    if (c.command?.length) {
      w.write(LEVEL_2, 'Command:\n');
      for (const part of c.command) for (const s of part.split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (c.args?.length) {
      w.write(LEVEL_2, 'Args:\n');
      for (const part of c.args) for (const s of part.split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (status) {
      describeState(w, 'State', status.state);
      if (status.lastState?.terminated) describeState(w, 'Last State', status.lastState);
      w.write(LEVEL_2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount}\n`);
    }
    const limits = c.resources?.limits;
    const requests = c.resources?.requests;
    const limitNames = sortedResourceNames(limits);
    if (limitNames.length) w.write(LEVEL_2, 'Limits:\n');
    for (const n of limitNames) w.write(LEVEL_3, `${n}:\t${limits?.[n] ?? ''}\n`);
    const requestNames = sortedResourceNames(requests);
    if (requestNames.length) w.write(LEVEL_2, 'Requests:\n');
    for (const n of requestNames) w.write(LEVEL_3, `${n}:\t${requests?.[n] ?? ''}\n`);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    w.write(LEVEL_2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
    for (const e of c.env ?? []) {
      if (e.valueFrom === undefined) {
        (e.value ?? '')
          .split('\n')
          .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      } else {
        w.write(LEVEL_3, `${e.name}:\t${describeValueFrom(e.valueFrom)}\n`);
      }
    }
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) =>
      a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
    );
    w.write(LEVEL_2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
      w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
  }
}

function describeValueFrom(valueFrom: unknown): string {
  const v = valueFrom as {
    fieldRef?: { apiVersion?: string; fieldPath: string };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    resourceFieldRef?: { resource: string; containerName?: string };
  };
  if (v.fieldRef) return ` (${v.fieldRef.apiVersion ?? 'v1'}:${v.fieldRef.fieldPath})`;
  if (v.configMapKeyRef)
    return `<set to the key '${v.configMapKeyRef.key}' of config map '${v.configMapKeyRef.name}'>\tOptional: ${v.configMapKeyRef.optional ?? false}`;
  if (v.secretKeyRef)
    return `<set to the key '${v.secretKeyRef.key}' in secret '${v.secretKeyRef.name}'>\tOptional: ${v.secretKeyRef.optional ?? false}`;
  if (v.resourceFieldRef) return `${v.resourceFieldRef.resource}`;
  return '';
}

export function describeVolumes(
  w: DescribeWriter,
  volumes: readonly Volume[] | undefined,
  space: string,
): void {
  if (!volumes?.length) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  const nameIndent = space ? ' ' : '';
  for (const v of volumes) {
    w.write(LEVEL_1, `${nameIndent}${v.name}:\n`);
    if (v.hostPath) {
      w.write(
        LEVEL_2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type || '<none>'}\n`,
      );
    } else if (v.emptyDir) {
      w.write(
        LEVEL_2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit || '<unset>'}\n`,
      );
    } else if (v.secret) {
      w.write(
        LEVEL_2,
        `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName}\n    Optional:\tfalse\n`,
      );
    } else if (v.configMap) {
      w.write(
        LEVEL_2,
        `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name}\n    Optional:\tfalse\n`,
      );
    } else if (v.persistentVolumeClaim) {
      w.write(
        LEVEL_2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly ?? false}\n`,
      );
    } else {
      w.write(LEVEL_1, '<unknown>\n');
    }
  }
}

/** DescribePodTemplate: `Pod Template:` / `  Labels:` / containers / volumes / node selectors / tolerations. */
export function describePodTemplateInto(w: DescribeWriter, template: PodTemplateSpec | undefined): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length) {
    printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  }
  if (template.spec.serviceAccountName)
    w.write(LEVEL_1, `Service Account:\t${template.spec.serviceAccountName}\n`);
  if (template.spec.initContainers?.length) {
    describeContainers(w, 'Init Containers', template.spec.initContainers, undefined, '  ');
  }
  describeContainers(w, 'Containers', template.spec.containers, undefined, '  ');
  describeVolumes(w, template.spec.volumes, '  ');
  const priorityClassName = (template.spec as { priorityClassName?: string }).priorityClassName;
  if (priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', template.spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', template.spec.tolerations);
}

/**
 * The pod template alone, formatted (for `kubectl rollout history --revision=N`, which prints it after the
 * `deployment.apps/web with revision #N` line through its own describe writer).
 */
export function describePodTemplate(template: PodTemplateSpec | undefined): string {
  const w = new DescribeWriter();
  describePodTemplateInto(w, template);
  return w.toString();
}
