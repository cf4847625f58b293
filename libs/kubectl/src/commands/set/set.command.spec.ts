import { harness, WEB_YAML } from '../shared/kubectl-harness.fixture';

describe('kubectl set image / env / resources (spec B.5, C-12)', () => {
  const h = harness();
  beforeAll(() => h.run('kubectl apply -f -', WEB_YAML));

  it.each([
    ['kubectl set image deployment/web nginx=nginx:1.26', 'deployment.apps/web image updated\n'],
    // No change: kubectl sends nothing and prints nothing.
    ['kubectl set image deployment/web nginx=nginx:1.26', ''],
    [
      'kubectl set image deployment/web x=nginx:1.26',
      'error: unable to find container named "x"\n[exit 1]\n',
    ],
    ['kubectl set image deployment web *=nginx:1.27', 'deployment.apps/web image updated\n'],
    [
      'kubectl set image deployment/web',
      "error: at least one image update is required\nSee 'kubectl set image -h' for help and examples\n[exit 1]\n",
    ],
    ['kubectl set env deployment/web FOO=bar', 'deployment.apps/web env updated\n'],
    ['kubectl set env deployment/web FOO-', 'deployment.apps/web env updated\n'],
    [
      'kubectl set resources deployment/web -c nginx --limits=cpu=200m',
      'deployment.apps/web resource requirements updated\n',
    ],
    [
      'kubectl set resources deployment/web',
      'error: you must specify an update to requests or limits (in the form of --requests/--limits)\n[exit 1]\n',
    ],
    [
      'kubectl set image deployment/nope nginx=x',
      'Error from server (NotFound): deployments.apps "nope" not found\n[exit 1]\n',
    ],
  ])('%s', (line, expected) => {
    expect(h.text(line)).toBe(expected);
  });

  it('left the template as the commands said', () => {
    const c = h.cluster.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0]!;
    expect(c.image).toBe('nginx:1.27');
    expect(c.env).toBeUndefined();
    expect(c.resources?.limits).toEqual({ cpu: '200m' });
  });

  it('records the command line as change-cause with --record', () => {
    h.run('kubectl set image deployment/web nginx=nginx:1.28 --record');
    expect(
      h.cluster.get('Deployment', 'default', 'web')!.metadata.annotations?.['kubernetes.io/change-cause'],
    ).toBe('kubectl set image deployment/web nginx=nginx:1.28 --record');
  });
});
