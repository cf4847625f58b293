// `kubectl expose (deployment|replicaset|pod|service) NAME [--port] [--target-port] [--name] [--type]`:
// a Service selecting the object's pods, `service/web exposed` [kubectl@1.30 expose.go].
import type { Container, KubeObject, ObjectInput } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import type { KubectlError } from '../../manifest/manifest-reader';
import { findTargets } from '../shared/targets';
import { podSpecOf } from '../shared/templates';
import {
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  apiError,
  clientErr,
  dryRunOf,
  finish,
  reply,
  writeOptions,
  writeOutputOf,
} from '../shared/write-support';

function selectorOf(object: KubeObject): Record<string, string> | string {
  switch (object.kind) {
    case 'Pod':
      return object.metadata.labels ?? {};
    case 'Service':
      return object.spec.selector ?? {};
    case 'Deployment':
    case 'ReplicaSet': {
      const selector = object.spec.selector;
      if (selector.matchExpressions?.length)
        return `couldn't convert expressions - "${JSON.stringify(selector.matchExpressions)}" to map-based selector format`;
      return selector.matchLabels ?? {};
    }
    default:
      return `cannot expose a ${object.kind}${object.apiVersion.includes('/') ? `.${object.apiVersion.split('/')[0]}` : ''}`;
  }
}

function portsOf(object: KubeObject): { port: number; protocol?: string }[] {
  if (object.kind === 'Service')
    return (object.spec.ports ?? []).map((p) => ({
      port: p.port,
      ...(p.protocol ? { protocol: p.protocol } : {}),
    }));
  const containers: Container[] = podSpecOf(object)?.containers ?? [];
  return containers.flatMap((c) =>
    (c.ports ?? []).map((p) => ({ port: p.containerPort, ...(p.protocol ? { protocol: p.protocol } : {}) })),
  );
}

function run(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };
  const found = findTargets(ctx, invocation);
  if (!found.ok) return { stdout: '', stderr: clientError(found.error), exitCode: 1 };
  const errors: KubectlError[] = [...found.targets.errors];
  let stdout = '';
  for (const object of found.targets.objects) {
    const selector = invocation.flags['selector']
      ? Object.fromEntries(
          String(invocation.flags['selector'])
            .split(',')
            .map((kv) => kv.split('=') as [string, string]),
        )
      : selectorOf(object);
    if (typeof selector === 'string') {
      errors.push(clientErr(selector));
      continue;
    }
    const explicitPort = invocation.flags['port'] as string | undefined;
    const protocol = (invocation.flags['protocol'] as string | undefined) ?? 'TCP';
    const target = invocation.flags['target-port'] as string | undefined;
    const asPort = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);
    let ports: Record<string, unknown>[];
    if (explicitPort) {
      if (!/^\d+$/.test(explicitPort)) {
        errors.push(clientErr(`strconv.Atoi: parsing "${explicitPort}": invalid syntax`));
        continue;
      }
      ports = [
        { port: Number(explicitPort), protocol, targetPort: target ? asPort(target) : Number(explicitPort) },
      ];
    } else {
      const found = portsOf(object);
      if (!found.length) {
        errors.push(clientErr("couldn't find port via --port flag or introspection"));
        continue;
      }
      ports = found.map((p, i) => ({
        ...(found.length > 1 ? { name: `port-${i + 1}` } : {}),
        port: p.port,
        protocol: p.protocol ?? protocol,
        targetPort: target && found.length === 1 ? asPort(target) : p.port,
      }));
    }
    const type = invocation.flags['type'] as string | undefined;
    // `--cluster-ip=None` makes a headless Service (the usual way to give a StatefulSet its DNS names).
    const clusterIP = invocation.flags['cluster-ip'] as string | undefined;
    const name = (invocation.flags['name'] as string | undefined) ?? object.metadata.name;
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        namespace: object.metadata.namespace ?? ctx.namespace,
        ...(object.metadata.labels ? { labels: object.metadata.labels } : {}),
      },
      spec: { ports, selector, ...(type ? { type } : {}), ...(clusterIP ? { clusterIP } : {}) },
    };
    if (dryRun.value === 'client') {
      stdout += reply(ctx, service as unknown as KubeObject, 'exposed', dryRun.value, output.value).stdout;
      continue;
    }
    const created = ctx.cluster.create(
      service as unknown as ObjectInput,
      writeOptions(ctx, 'expose', dryRun.value),
    );
    if (!created.ok) {
      errors.push(apiError(created.error));
      continue;
    }
    stdout += reply(ctx, created.value, 'exposed', dryRun.value, output.value).stdout;
  }
  return finish(stdout, errors);
}

export const exposeCommand: CommandSpec = {
  path: ['expose'],
  short:
    'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  usage:
    'kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]',
  flags: [
    {
      name: 'port',
      type: 'string',
      description:
        'The port that the service should serve on. Copied from the resource being exposed, if unspecified',
    },
    {
      name: 'target-port',
      type: 'string',
      description:
        'Name or number for the port on the container that the service should direct traffic to. Optional.',
    },
    {
      name: 'protocol',
      type: 'string',
      description: "The network protocol for the service to be created. Default is 'TCP'.",
    },
    { name: 'name', type: 'string', description: 'The name for the newly created object.' },
    {
      name: 'type',
      type: 'string',
      description:
        "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.",
    },
    {
      name: 'cluster-ip',
      type: 'string',
      description:
        "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.",
    },
    {
      name: 'selector',
      type: 'string',
      description:
        'A label selector to use for this service. Only equality-based selector requirements are supported.',
    },
    FILENAME_FLAG,
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
  ],
  run,
};
