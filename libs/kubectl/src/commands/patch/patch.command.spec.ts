import { harness, WEB_YAML } from '../shared/kubectl-harness.fixture';
import { jsonPatch, mergePatch } from './patch.command';

describe('kubectl patch (spec B.5, C-34)', () => {
  const h = harness();
  beforeAll(() => h.run('kubectl apply -f -', WEB_YAML));

  it.each([
    [`kubectl patch deployment web -p '{"spec":{"replicas":2}}'`, 'deployment.apps/web patched\n'],
    [
      `kubectl patch deployment web -p '{"spec":{"replicas":2}}'`,
      'deployment.apps/web patched (no change)\n',
    ],
    [
      `kubectl patch deployment web --type merge -p 'spec: {minReadySeconds: 5}'`,
      'deployment.apps/web patched\n',
    ],
    [
      `kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.26"}]'`,
      'deployment.apps/web patched\n',
    ],
    [
      `kubectl patch deployment web --type=json -p '[{"op":"remove","path":"/spec/nope"}]'`,
      'The request is invalid: the server rejected our request due to an error in our request\n[exit 1]\n',
    ],
    [
      `kubectl patch deployment web --type=xml -p '{}'`,
      'error: --type must be one of [json merge strategic], not "xml"\n[exit 1]\n',
    ],
    [
      'kubectl patch deployment web',
      'error: must specify --patch or --patch-file containing the contents of the patch\n[exit 1]\n',
    ],
    [
      `kubectl patch deployment nope -p '{}'`,
      'Error from server (NotFound): deployments.apps "nope" not found\n[exit 1]\n',
    ],
  ])('%s', (line, expected) => {
    expect(h.text(line)).toBe(expected);
  });

  it('changed the fields', () => {
    const d = h.cluster.get('Deployment', 'default', 'web')!;
    expect([d.spec.replicas, d.spec.minReadySeconds, d.spec.template.spec.containers[0]!.image]).toEqual([
      2,
      5,
      'nginx:1.26',
    ]);
  });

  it('implements RFC 7386 and RFC 6902', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null }, l: [3] })).toEqual({
      a: 1,
      b: { d: 3 },
      l: [3],
    });
    expect(
      jsonPatch({ a: [1, 2] }, [
        { op: 'add', path: '/a/-', value: 3 },
        { op: 'add', path: '/b', value: 'x' },
        { op: 'move', from: '/b', path: '/c' },
        { op: 'test', path: '/c', value: 'x' },
      ]),
    ).toEqual({ ok: true, value: { a: [1, 2, 3], c: 'x' } });
  });
});
