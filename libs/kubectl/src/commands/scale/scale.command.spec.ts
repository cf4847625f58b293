import { harness, WEB_YAML } from '../shared/kubectl-harness.fixture';

describe('kubectl scale (spec B.5, C-15, C-58)', () => {
  it.each([
    ['kubectl scale deployment web --replicas=5', 'deployment.apps/web scaled\n'],
    ['kubectl scale deploy/web --replicas=2 --current-replicas=5', 'deployment.apps/web scaled\n'],
    [
      'kubectl scale deploy/web --replicas=2 --current-replicas=5',
      'error: Expected replicas to be 5, was 2\n[exit 1]\n',
    ],
    ['kubectl scale deploy web', 'error: required flag(s) "replicas" not set\n[exit 1]\n'],
    [
      'kubectl scale deploy web --replicas=-1',
      'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n[exit 1]\n',
    ],
    [
      'kubectl scale deployment nope --replicas=2',
      'Error from server (NotFound): deployments.apps "nope" not found\n[exit 1]\n',
    ],
    [
      'kubectl scale statefulset nope --replicas=2',
      'Error from server (NotFound): statefulsets.apps "nope" not found\n[exit 1]\n',
    ],
    ['kubectl scale deploy web --replicas=3 -o name', 'deployment.apps/web\n'],
  ])('%s', (line, expected) => {
    expect(h.text(line)).toBe(expected);
  });

  const h = harness();
  beforeAll(() => h.run('kubectl apply -f -', WEB_YAML));
});
