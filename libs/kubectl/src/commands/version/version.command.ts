// `kubectl version` (kubectl@1.30 pkg/cmd/version): client 1.30.0 with its embedded Kustomize, and the
// simulated cluster's version as the server's.
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import { formatYaml } from '../../printers/serialize';

export const CLIENT_VERSION = 'v1.30.0';
export const KUSTOMIZE_VERSION = 'v5.0.4-0.20230601165947-6ce0bf390ce3';

interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

function info(gitVersion: string): VersionInfo {
  const [major = '1', minor = '30'] = gitVersion.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    gitVersion,
    gitCommit: '7c48c2bd72b9bf5c44d21d7338cc7bea77d0ad2a',
    gitTreeState: 'clean',
    buildDate: '2024-04-17T17:27:03Z',
    goVersion: 'go1.22.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortDeep((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** printVersionSkewWarning: more than one minor version between client and server. */
function skewWarning(server: string): string {
  const minor = (v: string) => Number(v.replace(/^v/, '').split('.')[1]);
  const client = minor(CLIENT_VERSION);
  const other = minor(server);
  if (Number.isNaN(other) || Math.abs(client - other) <= 1) return '';
  return `WARNING: version difference between client (1.${client}) and server (1.${other}) exceeds the supported minor version skew of +/-1\n`;
}

export function runVersion(ctx: KubectlContext, inv: Invocation): CommandOutput {
  const output = typeof inv.flags['output'] === 'string' ? inv.flags['output'] : '';
  if (output && output !== 'json' && output !== 'yaml') {
    return { stdout: '', stderr: clientError("--output must be 'yaml' or 'json'"), exitCode: 1 };
  }
  const clientOnly = inv.flags['client'] === true;
  const server = ctx.cluster.view().config.kubernetesVersion;
  if (output) {
    const data: Record<string, unknown> = {
      clientVersion: info(CLIENT_VERSION),
      kustomizeVersion: KUSTOMIZE_VERSION,
    };
    if (!clientOnly) data['serverVersion'] = info(server);
    // json.MarshalIndent keeps the struct order; the YAML goes through JSON and sorts keys. Both get Println's newline.
    const text =
      output === 'json' ? `${JSON.stringify(data, null, 2)}\n` : `${formatYaml(sortDeep(data) as never)}\n`;
    return { stdout: text, stderr: clientOnly ? '' : skewWarning(server), exitCode: 0 };
  }
  let stdout = `Client Version: ${CLIENT_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
  if (!clientOnly) stdout += `Server Version: ${server}\n`;
  return { stdout, stderr: clientOnly ? '' : skewWarning(server), exitCode: 0 };
}

export const versionCommand: CommandSpec = {
  path: ['version'],
  short: 'Print the client and server version information',
  usage: 'kubectl version [flags]',
  flags: [
    {
      name: 'client',
      type: 'bool',
      default: false,
      description: 'If true, shows client version only (no server required).',
    },
    { name: 'output', short: 'o', type: 'string', description: "One of 'yaml' or 'json'." },
  ],
  run: runVersion,
};
