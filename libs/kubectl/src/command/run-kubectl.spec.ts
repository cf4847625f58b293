import { harness } from '../commands/shared/kubectl-harness.fixture';
import { COMMANDS } from './registry';

describe('runKubectl: dispatch, global flags and command-line errors', () => {
  const h = harness();

  it.each([
    [
      'kubectl gett pods',
      'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\nRun \'kubectl --help\' for usage.\n[exit 1]\n',
    ],
    [
      'kubectl frobnicate',
      'error: unknown command "frobnicate" for "kubectl"\nRun \'kubectl --help\' for usage.\n[exit 1]\n',
    ],
    ['kubectl get pods --foo', "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n[exit 1]\n"],
    [
      'kubectl scale -z',
      "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl scale --help' for usage.\n[exit 1]\n",
    ],
    [
      'kubectl rollout foo',
      'error: unknown command "foo"\nSee \'kubectl rollout -h\' for help and examples\n[exit 1]\n',
    ],
    [
      'kubectl get pods --context=prod',
      'error: context was not found for specified context: prod\n[exit 1]\n',
    ],
    ['ls -l', 'podlab: ls: command not found\n[exit 127]\n'],
    ["kubectl get 'pods", "podlab: unexpected EOF while looking for matching `''\n[exit 2]\n"],
    ['', ''],
  ])('%s', (line, expected) => {
    expect(h.text(line)).toBe(expected);
  });

  it('accepts `k`, global flags before the command, -n in every form, and --context=podlab', () => {
    h.run('kubectl create namespace dev');
    expect(h.text('k -n dev create deployment api --image=nginx')).toBe('deployment.apps/api created\n');
    expect(h.text('kubectl scale deploy api -ndev --replicas=2')).toBe('deployment.apps/api scaled\n');
    expect(h.text('kubectl --namespace=dev scale deploy api --replicas=3 --context=podlab')).toBe(
      'deployment.apps/api scaled\n',
    );
    expect(h.cluster.get('Deployment', 'dev', 'api')?.spec.replicas).toBe(3);
  });

  it('prints help for `kubectl`, `kubectl --help`, `kubectl <cmd> --help`, and the group help on stderr', () => {
    const root = h.run('kubectl');
    expect(root.exitCode).toBe(0);
    expect(root.stdout).toContain('  apply ');
    expect(h.run('kubectl --help').stdout).toBe(root.stdout);
    const scale = h.run('kubectl scale --help');
    expect(scale.stdout).toContain('Usage:\n  kubectl scale');
    const group = h.run('kubectl rollout');
    expect([group.stdout, group.exitCode]).toEqual(['', 1]);
    expect(group.stderr).toContain('  undo ');
  });

  it('registers every command the write side owns', () => {
    const paths = COMMANDS.map((c) => c.path.join(' '));
    for (const path of [
      'apply',
      'create',
      'create deployment',
      'delete',
      'scale',
      'set image',
      'set env',
      'set resources',
      'rollout status',
      'rollout history',
      'rollout undo',
      'rollout pause',
      'rollout resume',
      'rollout restart',
      'label',
      'annotate',
      'cordon',
      'uncordon',
      'drain',
      'taint',
      'patch',
      'expose',
      'wait',
    ])
      expect(paths).toContain(path);
  });
});

describe('every registered command', () => {
  const h = harness();
  const paths = COMMANDS.map((c) => c.path.join(' '));

  it.each(paths)('kubectl %s: --help prints its usage, an unknown flag its error', (path) => {
    const help = h.run(`kubectl ${path} --help`);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage:\n');
    expect(h.run(`kubectl ${path} --no-such-flag`)).toEqual({
      stdout: '',
      stderr: `error: unknown flag: --no-such-flag\nSee 'kubectl ${path} --help' for usage.\n`,
      exitCode: 1,
    });
  });
});
