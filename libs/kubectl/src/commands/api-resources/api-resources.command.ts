// `kubectl api-resources` (kubectl@1.30 pkg/cmd/apiresources): the resources the simulated API server serves,
// from RESOURCES in @podlab/kube (already in discovery order: core group first, then by name).
import { RESOURCES, type ResourceInfo } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import { tabwrite } from '../../printers/tabwriter';

export function runApiResources(_ctx: KubectlContext, inv: Invocation): CommandOutput {
  const output = typeof inv.flags['output'] === 'string' ? inv.flags['output'] : '';
  if (output && output !== 'wide' && output !== 'name') {
    return { stdout: '', stderr: clientError(`--output ${output} is not available`), exitCode: 1 };
  }
  const sortBy = typeof inv.flags['sort-by'] === 'string' ? inv.flags['sort-by'] : '';
  if (sortBy && sortBy !== 'name' && sortBy !== 'kind') {
    return { stdout: '', stderr: clientError(`--sort-by accepts only name or kind`), exitCode: 1 };
  }
  let resources: ResourceInfo[] = [...RESOURCES];
  if (inv.explicit.has('namespaced')) {
    const namespaced = inv.flags['namespaced'] === true;
    resources = resources.filter((r) => r.namespaced === namespaced);
  }
  const group = inv.flags['api-group'];
  if (typeof group === 'string' && inv.explicit.has('api-group'))
    resources = resources.filter((r) => r.group === group);
  const verbs = (inv.flags['verbs'] as string[] | undefined) ?? [];
  const wanted = verbs.flatMap((v) => v.split(',')).filter(Boolean);
  if (wanted.length) resources = resources.filter((r) => wanted.every((v) => r.verbs.includes(v)));
  if (sortBy === 'name')
    resources.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  if (sortBy === 'kind') {
    resources.sort((a, b) =>
      a.kind < b.kind
        ? -1
        : a.kind > b.kind
          ? 1
          : a.resource < b.resource
            ? -1
            : a.resource > b.resource
              ? 1
              : 0,
    );
  }

  if (output === 'name') {
    return {
      stdout: resources.map((r) => `${r.group ? `${r.resource}.${r.group}` : r.resource}\n`).join(''),
      stderr: '',
      exitCode: 0,
    };
  }
  const wide = output === 'wide';
  const header = [
    'NAME',
    'SHORTNAMES',
    'APIVERSION',
    'NAMESPACED',
    'KIND',
    ...(wide ? ['VERBS', 'CATEGORIES'] : []),
  ];
  const rows = resources.map((r) => [
    r.resource,
    r.shortNames.join(','),
    r.apiVersion,
    String(r.namespaced),
    r.kind,
    ...(wide ? [r.verbs.join(','), ALL_CATEGORY.has(r.resource) ? 'all' : ''] : []),
  ]);
  const noHeaders = inv.flags['no-headers'] === true;
  return { stdout: tabwrite(noHeaders ? rows : [header, ...rows]), stderr: '', exitCode: 0 };
}

const ALL_CATEGORY = new Set([
  'pods',
  'services',
  'daemonsets',
  'deployments',
  'replicasets',
  'statefulsets',
]);

export const apiResourcesCommand: CommandSpec = {
  path: ['api-resources'],
  short: 'Print the supported API resources on the server',
  usage: 'kubectl api-resources [flags]',
  flags: [
    { name: 'output', short: 'o', type: 'string', description: 'Output format. One of: (wide, name).' },
    {
      name: 'namespaced',
      type: 'bool',
      default: true,
      description:
        'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.',
    },
    {
      name: 'api-group',
      type: 'string',
      default: '',
      description: 'Limit to resources in the specified API group.',
    },
    {
      name: 'verbs',
      type: 'stringArray',
      description: 'Limit to resources that support the specified verbs.',
    },
    {
      name: 'sort-by',
      type: 'string',
      description:
        "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.",
    },
    {
      name: 'no-headers',
      type: 'bool',
      default: false,
      description:
        "When using the default or custom-column output format, don't print headers (default print headers).",
    },
    {
      name: 'cached',
      type: 'bool',
      default: false,
      description: 'Use the cached list of resources if available.',
    },
    {
      name: 'categories',
      type: 'stringArray',
      description: 'Limit to resources that belong to the specified categories.',
    },
  ],
  run: runApiResources,
};
