import { Cluster, clusterConfig, defaultNodes } from '@podlab/kube';
import { type SandboxRecord, runCommandLine } from '@podlab/sandbox';
import { ProjectionCache, projectSandbox } from './sandbox.projection';

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

  it('shares the projection of one stream version, and builds a new one for a new version or generation', () => {
    const state = stateWith(['kubectl create deployment web --image=nginx:1.25']);
    const record = (generation: number) =>
      ({ id: '3f1c3c55-1a52-4d35-9a47-0a2f1b6f8a10', generation }) as SandboxRecord;
    const cache = new ProjectionCache(2);
    const first = cache.project({ ...state, sandbox: record(0) });
    expect(cache.project({ ...state, sandbox: record(0) })).toBe(first);
    expect(first.deployments.map((d) => d.images)).toEqual([['nginx:1.25']]);

    runCommandLine({
      cluster: state.cluster,
      line: 'kubectl set image deployment/web nginx=nginx:1.27',
      clock: 'stepped',
      user: 'u',
    });
    const next = { ...state, sandbox: record(0), version: state.cluster.version };
    expect(next.version).toBeGreaterThan(state.version);
    const second = cache.project(next);
    expect(second).not.toBe(first);
    expect(second.deployments.map((d) => d.images)).toEqual([['nginx:1.27']]);
    // The older version's projection still shows that version (it kept the objects of its own).
    expect(first.deployments.map((d) => d.images)).toEqual([['nginx:1.25']]);
    // After resetSandbox the stream is another one: same version number, another projection.
    expect(cache.project({ ...next, sandbox: record(1) })).not.toBe(second);
    expect(cache.size).toBe(2);
    expect(cache.project({ ...state, sandbox: record(0) })).not.toBe(first); // the least recent was forgotten
  });
});
