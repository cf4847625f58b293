import { RESOURCES } from '@podlab/kube';
import { COMMANDS } from '@podlab/kubectl';
import { KUBE_RESOURCES, KUBECTL_COMMANDS } from './kubectl-tables';

/** What kubectl-tables.json must hold: the registry's commands and the resource list, in their order. */
function fromRegistry() {
  return {
    commands: COMMANDS.map((c) => ({
      path: c.path,
      ...(c.aliases?.length ? { aliases: c.aliases } : {}),
      flags: c.flags.map((f) => ({ name: f.name, ...(f.short ? { short: f.short } : {}), type: f.type })),
    })),
    resources: RESOURCES.map((r) => ({
      kind: r.kind,
      name: r.resource,
      shortNames: r.shortNames,
      namespaced: r.namespaced,
    })),
  };
}

describe('the completion tables', () => {
  it("match @podlab/kubectl's command registry and @podlab/kube's resources", () => {
    const expected = fromRegistry();
    const actual = { commands: KUBECTL_COMMANDS, resources: KUBE_RESOURCES };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      console.error(
        'apps/web/src/terminal/kubectl-tables.json is out of date; write this (then run prettier on it):\n' +
          JSON.stringify(expected),
      );
    }
    expect(actual).toEqual(expected);
  });

  it('know the commands and kinds a learner types most', () => {
    const paths = KUBECTL_COMMANDS.map((c) => c.path.join(' '));
    expect(paths).toEqual(
      expect.arrayContaining(['get', 'apply', 'rollout status', 'scale', 'set image', 'drain']),
    );
    expect(KUBE_RESOURCES.map((r) => r.name)).toEqual(
      expect.arrayContaining(['pods', 'deployments', 'statefulsets', 'daemonsets', 'nodes']),
    );
  });
});
