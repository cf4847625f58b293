import type { ObjectInput } from '@podlab/kube';
import { harness, WEB_YAML } from '../shared/kubectl-harness.fixture';

const pod = (name: string, labels: Record<string, string> = { app: 'web' }, nodeName?: string): ObjectInput =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...(nodeName ? { nodeName } : {}) },
  }) as ObjectInput;

describe('kubectl delete (spec B.5, A.7)', () => {
  it('prints `<kind>.<group> "<name>" deleted` and NotFound for missing names, continuing with the others', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    expect(h.text('kubectl delete deployment web nope')).toBe(
      'deployment.apps "web" deleted\nError from server (NotFound): deployments.apps "nope" not found\n[exit 1]\n',
    );
    expect(h.cluster.get('Deployment', 'default', 'web')).toBeUndefined();
  });

  it('deletes by TYPE/NAME, -f, -l and --all; -o name; no match', () => {
    const h = harness();
    h.cluster.create(pod('a'));
    h.cluster.create(pod('b'));
    h.cluster.create(pod('c', { app: 'db' }));
    expect(h.text('kubectl delete pod/a -o name')).toBe('pod/a\n');
    expect(h.text('kubectl delete pods -l app=web')).toBe('pod "b" deleted\n');
    expect(h.text('kubectl delete pods -l app=none')).toBe('No resources found\n');
    expect(h.text('kubectl delete pods --all')).toBe('pod "c" deleted\n');
    h.run('kubectl apply -f -', WEB_YAML);
    h.files.set('web.yaml', WEB_YAML);
    expect(h.text('kubectl delete -f web.yaml')).toBe('deployment.apps "web" deleted\n');
  });

  it('explains what is missing', () => {
    const h = harness();
    expect(h.text('kubectl delete')).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n[exit 1]\n",
    );
    expect(h.text('kubectl delete pods')).toBe(
      'error: resource(s) were provided, but no name was specified\n[exit 1]\n',
    );
    expect(h.text('kubectl delete deploymnet web')).toBe(
      'error: the server doesn\'t have a resource type "deploymnet"\n[exit 1]\n',
    );
    expect(h.text('kubectl delete deploy web --cascade=sideways')).toBe(
      'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n[exit 1]\n',
    );
    expect(h.text('kubectl delete pod x --ignore-not-found')).toBe('');
  });

  it('--force with --grace-period=0 prints the warning and "force deleted"', () => {
    const h = harness();
    h.cluster.create(pod('a', { app: 'web' }, 'worker-1'));
    expect(h.text('kubectl delete pod a --grace-period=0 --force')).toBe(
      'pod "a" force deleted\nWarning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
    expect(h.cluster.get('Pod', 'default', 'a')).toBeUndefined();
  });

  it('orphan and foreground cascades set the finalizers; --wait=false returns at once', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    expect(h.text('kubectl delete deploy web --cascade=orphan --wait=false')).toBe(
      'deployment.apps "web" deleted\n',
    );
    expect(h.cluster.get('Deployment', 'default', 'web')?.metadata.finalizers).toEqual(['orphan']);
  });

  it('waits (stepped clock) for a graceful pod deletion that nobody completes, then times out', () => {
    const h = harness();
    h.cluster.create(pod('a', { app: 'web' }, 'worker-1'));
    const start = h.cluster.now;
    expect(h.text('kubectl delete pod a --timeout=20s')).toBe(
      'pod "a" deleted\nerror: timed out waiting for the condition on pods/a\n[exit 1]\n',
    );
    expect(h.cluster.now - start).toBe(20_000);
  });

  it('dry runs change nothing', () => {
    const h = harness();
    h.run('kubectl apply -f -', WEB_YAML);
    expect(h.text('kubectl delete deploy web --dry-run=client')).toBe(
      'deployment.apps "web" deleted (dry run)\n',
    );
    expect(h.text('kubectl delete deploy web --dry-run=server')).toBe(
      'deployment.apps "web" deleted (server dry run)\n',
    );
    expect(h.cluster.get('Deployment', 'default', 'web')).toBeDefined();
  });
});
