import { harness } from '../shared/kubectl-harness.fixture';

describe('kubectl run', () => {
  it('generates the Pod kubectl 1.30 generates', () => {
    const h = harness();
    expect(h.text('kubectl run nginx --image=nginx:1.25 --dry-run=client -o yaml')).toBe(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: nginx
  name: nginx
spec:
  containers:
  - image: nginx:1.25
    name: nginx
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`);
  });

  it.each([
    ['kubectl run web --image=nginx:1.25 --port=80 --labels=app=web', 'pod/web created\n'],
    [
      'kubectl run web --image=nginx:1.25',
      'Error from server (AlreadyExists): pods "web" already exists\n[exit 1]\n',
    ],
    ['kubectl run ticker --image=busybox:1.36 --restart=Never -- sh -c "echo tick"', 'pod/ticker created\n'],
    ['kubectl run x', 'error: required flag(s) "image" not set\n[exit 1]\n'],
    [
      'kubectl run --image=nginx',
      "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n[exit 1]\n",
    ],
    [
      'kubectl run -it debug --image=busybox --rm -- sh',
      'error: the simulated cluster cannot attach to containers; run the pod without -i, -t, --attach or --rm\n[exit 1]\n',
    ],
    [
      'kubectl exec web -- ls',
      'error: the simulated cluster has no container runtime: exec, attach and cp are not available\n[exit 1]\n',
    ],
    ['kubectl top pods', 'error: Metrics API not available\n[exit 1]\n'],
  ])('%s', (line, expected) => {
    expect(h.text(line)).toBe(expected);
  });
  const h = harness();

  it('puts the words after -- in args (or command with --command), labels and ports as asked', () => {
    const ticker = h.cluster.get('Pod', 'default', 'ticker')!;
    expect(ticker.spec.containers[0]!.args).toEqual(['sh', '-c', 'echo tick']);
    expect(ticker.spec.restartPolicy).toBe('Never');
    const web = h.cluster.get('Pod', 'default', 'web')!;
    expect(web.metadata.labels).toEqual({ app: 'web' });
    expect(web.spec.containers[0]!.ports?.[0]?.containerPort).toBe(80);
    h.run('kubectl create deployment sleeper --image=busybox:1.36 -- sleep 3600');
    expect(
      h.cluster.get('Deployment', 'default', 'sleeper')!.spec.template.spec.containers[0]!.command,
    ).toEqual(['sleep', '3600']);
  });
});
