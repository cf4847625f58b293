import { readContext, runSpec } from '../../testing/read-context.fixture';
import { versionCommand } from './version.command';

describe('kubectl version', () => {
  it('prints client, kustomize and server versions', () => {
    expect(runSpec(versionCommand, readContext(), []).stdout).toBe(
      'Client Version: v1.30.0\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\nServer Version: v1.30.0\n',
    );
    expect(runSpec(versionCommand, readContext(), ['--client']).stdout).not.toContain('Server');
  });

  it('-o json has clientVersion, kustomizeVersion and serverVersion', () => {
    const parsed = JSON.parse(runSpec(versionCommand, readContext(), ['-o', 'json']).stdout);
    expect(parsed.clientVersion.gitVersion).toBe('v1.30.0');
    expect(parsed.serverVersion.minor).toBe('30');
  });
});
