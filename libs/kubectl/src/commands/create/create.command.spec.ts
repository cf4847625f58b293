import { harness, WEB_YAML } from '../shared/kubectl-harness.fixture';

describe('kubectl create', () => {
  it('creates from a file and reports AlreadyExists with the source (spec B.6)', () => {
    const h = harness();
    h.files.set('web.yaml', WEB_YAML);
    expect(h.text('kubectl create -f web.yaml')).toBe('deployment.apps/web created\n');
    expect(h.text('kubectl create -f web.yaml')).toBe(
      'Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists\n[exit 1]\n',
    );
  });

  it('generates a Deployment the way kubectl 1.30 does (--dry-run=client -o yaml)', () => {
    const h = harness();
    expect(
      h.text(
        'kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80 --dry-run=client -o yaml',
      ),
    ).toBe(
      `apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        name: nginx
        ports:
        - containerPort: 80
        resources: {}
status: {}
`,
    );
    expect(h.cluster.get('Deployment', 'default', 'web')).toBeUndefined();
  });

  it.each([
    ['kubectl create deployment web --image=nginx', 'deployment.apps/web created\n'],
    [
      'kubectl create deployment web --image=nginx',
      'Error from server (AlreadyExists): deployments.apps "web" already exists\n[exit 1]\n',
    ],
    ['kubectl create deploy api', 'error: required flag(s) "image" not set\n[exit 1]\n'],
    [
      'kubectl create deployment --image=nginx',
      "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n[exit 1]\n",
    ],
    ['kubectl create namespace dev', 'namespace/dev created\n'],
  ])('%s', (line, expected) => {
    expect(h.text(line)).toBe(expected);
  });
  const h = harness();

  it('names the container after the image', () => {
    const d = h.cluster.get('Deployment', 'default', 'web')!;
    expect(d.spec.template.spec.containers[0]!.name).toBe('nginx');
    expect(d.spec.replicas).toBe(1);
  });
});
