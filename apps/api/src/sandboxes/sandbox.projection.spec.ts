import { Cluster, clusterConfig, defaultNodes } from '@podlab/kube';
import { type SandboxRecord, runCommandLine } from '@podlab/sandbox';
import { projectSandbox } from './sandbox.projection';

function stateWith(lines: string[]) {
  const cluster = Cluster.create({ seed: 3, config: clusterConfig({ nodes: defaultNodes(2, true) }) });
  for (const line of lines) {
    const output = runCommandLine({ cluster, line, clock: 'stepped', user: 'u' });
    expect(output.stderr).toBe('');
    cluster.reconcile();
  }
  cluster.advance(60_000);
  return { sandbox: {} as SandboxRecord, version: cluster.version, now: cluster.now, cluster };
}

describe('projectSandbox', () => {
  it('summarises nodes, workloads, pods and events, each with its whole object', () => {
    const state = stateWith([
      'kubectl create deployment web --image=nginx:1.25 --replicas=2',
      'kubectl expose deployment web --port=80',
    ]);
    const view = projectSandbox(state);
    expect(view.version).toBe(state.version);
    expect(view.nodes.map((n) => [n.name, n.ready])).toEqual([
      ['control-plane', true],
      ['worker-1', true],
      ['worker-2', true],
    ]);
    expect(view.nodes[0]?.taints).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule']);
    expect(view.deployments).toMatchObject([
      { namespace: 'default', name: 'web', replicas: 2, readyReplicas: 2, images: ['nginx:1.25'] },
    ]);
    expect(view.replicaSets).toMatchObject([{ desired: 2, ready: 2, owner: 'Deployment/web' }]);
    expect(view.pods.map((p) => [p.phase, p.status, p.readyContainers, p.totalContainers])).toEqual([
      ['Running', 'Running', 1, 1],
      ['Running', 'Running', 1, 1],
    ]);
    expect(view.services.map((svc) => [svc.name, svc.type, svc.ports])).toEqual([
      ['kubernetes', 'ClusterIP', ['443/TCP']],
      ['web', 'ClusterIP', ['80/TCP']],
    ]);
    expect(view.events.some((e) => e.reason === 'ScalingReplicaSet' && e.object === 'deployment/web')).toBe(
      true,
    );
    expect(view.objects.filter((o) => o.kind === 'Deployment').map((o) => o.raw)).toEqual([
      view.deployments[0]?.raw,
    ]);
  });

  it('builds a summary list only when asked, and once', () => {
    const view = projectSandbox(stateWith(['kubectl create deployment web --image=nginx']));
    expect(view.pods).toBe(view.pods);
  });
});
