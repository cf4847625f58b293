import { readContext, runSpec } from '../../testing/read-context.fixture';
import { clusterInfoCommand } from './cluster-info.command';

describe('kubectl cluster-info', () => {
  it('prints the control plane URL and the debugging hint', () => {
    expect(runSpec(clusterInfoCommand, readContext(), []).stdout).toBe(
      'Kubernetes control plane is running at https://172.18.0.2:6443\n\n' +
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
  });
});
