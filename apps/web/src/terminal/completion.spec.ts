import { type CompletionContext, complete, resolveResource } from './completion';
import { KUBECTL_COMMANDS, KUBE_RESOURCES } from './kubectl-tables';

const ctx: CompletionContext = {
  commands: KUBECTL_COMMANDS,
  resources: KUBE_RESOURCES,
  objects: [
    { kind: 'Namespace', name: 'default', namespace: null },
    { kind: 'Namespace', name: 'dev', namespace: null },
    { kind: 'Deployment', name: 'web', namespace: 'default' },
    { kind: 'Deployment', name: 'worker', namespace: 'default' },
    { kind: 'Deployment', name: 'api', namespace: 'dev' },
    { kind: 'Pod', name: 'web-5d8f7-abcde', namespace: 'default' },
    { kind: 'Pod', name: 'web-5d8f7-fghij', namespace: 'default' },
    { kind: 'Pod', name: 'api-1', namespace: 'dev' },
    { kind: 'Node', name: 'worker-1', namespace: null },
    { kind: 'Node', name: 'worker-2', namespace: null },
    { kind: 'StatefulSet', name: 'db', namespace: 'default' },
    { kind: 'Service', name: 'web', namespace: 'default' },
  ],
};

/** Applies the completion to a line typed with the cursor at its end. */
function tab(line: string): { line: string; candidates: readonly string[] } {
  const c = complete(line, line.length, ctx);
  return { line: line.slice(0, c.from) + c.replacement, candidates: c.candidates };
}

describe('complete', () => {
  it('completes kubectl itself as the first word', () => {
    expect(tab('kub').line).toBe('kubectl ');
    expect(tab('ls').candidates).toEqual([]);
  });

  it('completes top-level commands from the kubectl registry', () => {
    expect(tab('kubectl ap')).toEqual({ line: 'kubectl ap', candidates: ['api-resources', 'apply'] });
    expect(tab('kubectl appl').line).toBe('kubectl apply ');
    expect(tab('k desc').line).toBe('k describe ');
    expect(tab('kubectl ').candidates).toEqual(expect.arrayContaining(['get', 'rollout', 'scale', 'logs']));
  });

  it('completes sub-commands of a group', () => {
    expect(tab('kubectl rollout ').candidates).toEqual([
      'history',
      'pause',
      'restart',
      'resume',
      'status',
      'undo',
    ]);
    expect(tab('kubectl rollout st').line).toBe('kubectl rollout status ');
    expect(tab('kubectl set im').line).toBe('kubectl set image ');
    expect(tab('kubectl create dep').line).toBe('kubectl create deployment ');
  });

  it('completes resource kinds by plural, singular or short name', () => {
    expect(tab('kubectl get deploy').line).toBe('kubectl get deployments ');
    expect(tab('kubectl get sv').line).toBe('kubectl get services ');
    expect(tab('kubectl get sts').line).toBe('kubectl get statefulsets ');
    expect(tab('kubectl get persistentvolume').candidates).toEqual([
      'persistentvolumeclaims',
      'persistentvolumes',
    ]);
    expect(tab('kubectl describe no').line).toBe('kubectl describe nodes ');
  });

  it('offers only workload kinds to rollout commands', () => {
    expect(tab('kubectl rollout status ').candidates).toEqual(['daemonsets', 'deployments', 'statefulsets']);
  });

  it('completes object names of the kind in the namespace', () => {
    expect(tab('kubectl get deployments w')).toEqual({
      line: 'kubectl get deployments w',
      candidates: ['web', 'worker'],
    });
    expect(tab('kubectl scale deploy we').line).toBe('kubectl scale deploy web ');
    expect(tab('kubectl get deploy -n dev ').candidates).toEqual(['api']);
    expect(tab('kubectl get deploy --namespace=dev a').line).toBe('kubectl get deploy --namespace=dev api ');
    expect(tab('kubectl get deploy -A ').candidates).toEqual(['api', 'web', 'worker']);
    expect(tab('kubectl delete pod web-').line).toBe('kubectl delete pod web-5d8f7-');
  });

  it('completes names after TYPE/', () => {
    expect(tab('kubectl rollout status deploy/w').candidates).toEqual(['deploy/web', 'deploy/worker']);
    expect(tab('kubectl rollout status deployment/we').line).toBe('kubectl rollout status deployment/web ');
    expect(tab('kubectl rollout status service/w').candidates).toEqual([]);
  });

  it('completes pod names for logs and node names for node commands', () => {
    expect(tab('kubectl logs web-5d8f7-a').line).toBe('kubectl logs web-5d8f7-abcde ');
    expect(tab('kubectl logs -n dev ').candidates).toEqual(['api-1']);
    expect(tab('kubectl drain worker-').candidates).toEqual(['worker-1', 'worker-2']);
    expect(tab('kubectl cordon worker-2').line).toBe('kubectl cordon worker-2 ');
  });

  it('completes flags of the command and global flags', () => {
    expect(tab('kubectl scale deploy web --repl').line).toBe('kubectl scale deploy web --replicas=');
    expect(tab('kubectl get pods --all-n').line).toBe('kubectl get pods --all-namespaces ');
  });

  it('completes namespaces and output formats as flag values', () => {
    expect(tab('kubectl get pods -n d').candidates).toEqual(['default', 'dev']);
    expect(tab('kubectl get pods -n de').line).toBe('kubectl get pods -n de');
    expect(tab('kubectl get pods -o ya').line).toBe('kubectl get pods -o yaml ');
    expect(tab('kubectl get pods --output=js').line).toBe('kubectl get pods --output=json');
  });

  it('skips flag values when counting positionals', () => {
    expect(tab('kubectl -n dev get deploy ').candidates).toEqual(['api']);
    expect(tab('kubectl get -o wide deploy w').candidates).toEqual(['web', 'worker']);
  });

  it('offers nothing where the command takes no names', () => {
    expect(tab('kubectl create deployment ').candidates).toEqual([]);
    expect(tab('kubectl version ').candidates).toEqual([]);
  });

  it('completes in the middle of a line, replacing only the word before the cursor', () => {
    const line = 'kubectl get deplo -o yaml';
    const c = complete(line, 'kubectl get deplo'.length, ctx);
    expect(c.from).toBe('kubectl get '.length);
    expect(c.replacement).toBe('deployments ');
  });
});

describe('resolveResource', () => {
  it.each([
    ['deploy', 'Deployment'],
    ['deployment', 'Deployment'],
    ['deployments', 'Deployment'],
    ['Deployment', 'Deployment'],
    ['deployments.apps', 'Deployment'],
    ['po', 'Pod'],
    ['pvc', 'PersistentVolumeClaim'],
  ])('%s is %s', (typed, kind) => {
    expect(resolveResource(KUBE_RESOURCES, typed)?.kind).toBe(kind);
  });

  it('does not know unknown kinds', () => {
    expect(resolveResource(KUBE_RESOURCES, 'widgets')).toBeUndefined();
  });
});
