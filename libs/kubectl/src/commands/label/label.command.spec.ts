import { harness, WEB_YAML } from '../shared/kubectl-harness.fixture';

describe('kubectl label / annotate (spec B.5, C-18, C-29, C-40)', () => {
  const h = harness();
  beforeAll(() => h.run('kubectl apply -f -', WEB_YAML));

  it.each([
    ['kubectl label node worker-2 disk=ssd', 'node/worker-2 labeled\n'],
    [
      'kubectl label node worker-2 disk=hdd',
      "error: 'disk' already has a value (ssd), and --overwrite is false\n[exit 1]\n",
    ],
    ['kubectl label node worker-2 disk=hdd --overwrite', 'node/worker-2 labeled\n'],
    ['kubectl label node worker-2 disk=hdd', 'node/worker-2 not labeled\n'],
    ['kubectl label node worker-2 disk-', 'node/worker-2 unlabeled\n'],
    [
      'kubectl label node worker-2',
      "error: at least one label update is required\nSee 'kubectl label -h' for help and examples\n[exit 1]\n",
    ],
    ['kubectl label nodes nope a=b', 'Error from server (NotFound): nodes "nope" not found\n[exit 1]\n'],
    [
      'kubectl annotate deployment/web kubernetes.io/change-cause="upgrade to 1.25"',
      'deployment.apps/web annotated\n',
    ],
    [
      'kubectl annotate deployment/web kubernetes.io/change-cause=oops',
      "error: --overwrite is false but found the following declared annotation(s): 'kubernetes.io/change-cause' already has a value (upgrade to 1.25)\n[exit 1]\n",
    ],
    [
      'kubectl annotate deployment/web kubernetes.io/change-cause=oops --overwrite',
      'deployment.apps/web annotated\n',
    ],
  ])('%s', (line, expected) => {
    expect(h.text(line)).toBe(expected);
  });

  it('changed what it said', () => {
    expect(h.cluster.get('Node', undefined, 'worker-2')!.metadata.labels?.['disk']).toBeUndefined();
    expect(
      h.cluster.get('Deployment', 'default', 'web')!.metadata.annotations?.['kubernetes.io/change-cause'],
    ).toBe('oops');
  });
});
