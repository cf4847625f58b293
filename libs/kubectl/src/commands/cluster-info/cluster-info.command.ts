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
  // kubectl lists the cluster services of its namespace flag, kube-system by default.
  const namespace = inv.explicit.has('namespace') ? ctx.namespace : 'kube-system';
  for (const svc of view.objects.list('Service', namespace)) {
    if (svc.metadata.labels?.['kubernetes.io/cluster-service'] !== 'true') continue;
    const name = svc.metadata.labels['kubernetes.io/name'] || svc.metadata.name;
    let link: string;
    const ingress = (
      svc.status?.loadBalancer as { ingress?: { ip?: string; hostname?: string }[] } | undefined
    )?.ingress;
    if (ingress?.length) {
      const ip = ingress[0]?.ip || ingress[0]?.hostname || '';
      link = (svc.spec.ports ?? []).map((p) => `http://${ip}:${p.port} `).join('');
    } else {
      let target = svc.metadata.name;
      const port = svc.spec.ports?.[0];
      if (port) {
        const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
        // utilnet.JoinSchemeNamePort
        target = scheme
          ? `${scheme}:${svc.metadata.name}:${port.name ?? ''}`
          : port.name
            ? `${svc.metadata.name}:${port.name}`
            : svc.metadata.name;
      }
      link = `${url}/api/v1/namespaces/${svc.metadata.namespace ?? ''}/services/${target}/proxy`;
    }
    stdout += `${name} is running at ${link}\n`;
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
