// `kubectl cluster-info` (kubectl@1.30 pkg/cmd/clusterinfo): the control plane URL and the kube-system services
// labelled `kubernetes.io/cluster-service=true`. Real kubectl colours the names and URLs with terminal escape
// codes; the simulator prints the plain text (transcripts stay readable).
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';

export function controlPlaneUrl(ctx: KubectlContext): string {
  const view = ctx.cluster.view();
  const controlPlane =
    view.objects
      .list('Node')
      .find((n) => 'node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {})) ??
    view.objects.list('Node')[0];
  const ip = controlPlane?.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? '127.0.0.1';
  return `https://${ip}:6443`;
}

export function runClusterInfo(ctx: KubectlContext, inv: Invocation): CommandOutput {
  if (inv.args[0] === 'dump') {
    return {
      stdout: '',
      stderr: 'error: cluster-info dump is not available in the simulator\n',
      exitCode: 1,
    };
  }
  if (inv.args.length) {
    return {
      stdout: '',
      stderr: `error: unknown command "${inv.args[0]}" for "kubectl cluster-info"\n`,
      exitCode: 1,
    };
  }
  const url = controlPlaneUrl(ctx);
  let stdout = `Kubernetes control plane is running at ${url}\n`;
  const view = ctx.cluster.view();
  for (const svc of view.objects.list('Service', 'kube-system')) {
    if (svc.metadata.labels?.['kubernetes.io/cluster-service'] !== 'true') continue;
    const name = svc.metadata.labels['kubernetes.io/name'] ?? svc.metadata.name;
    const port = svc.spec.ports?.[0];
    const portPart = port?.name ? `${svc.metadata.name}:${port.name}` : svc.metadata.name;
    stdout += `${name} is running at ${url}/api/v1/namespaces/kube-system/services/${portPart}/proxy\n`;
  }
  stdout += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
  return { stdout, stderr: '', exitCode: 0 };
}

export const clusterInfoCommand: CommandSpec = {
  path: ['cluster-info'],
  short: 'Display cluster information',
  usage: 'kubectl cluster-info [flags]',
  flags: [],
  run: runClusterInfo,
};
