// `kubectl describe` (kubectl@1.30 pkg/cmd/describe/describe.go): TYPE, TYPE NAME_PREFIX, TYPE/NAME, -l, -A.
// With exactly `TYPE NAME` and no object of that name, every object whose name starts with NAME is described.
import { notFound, type KubeObject } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError, formatApiError } from '../../errors/kubectl-errors';
import { matchesRequirements, parseLabelSelector } from '../get/label-selector';
import {
  parseResourceArgs,
  requestsFromFiles,
  selectorListError,
  type ResourceRequest,
} from '../get/resource-args';
import { describeObject } from './describers';

const NO_TYPE =
  'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  'error: Required resource not specified.\n' +
  "See 'kubectl describe -h' for help and examples\n";

export function runDescribe(ctx: KubectlContext, inv: Invocation): CommandOutput {
  const filenames = (inv.flags['filename'] as string[] | undefined) ?? [];
  let requests: (ResourceRequest & { namespace?: string })[];
  let named: boolean;
  let fileErrors = '';
  if (filenames.length) {
    const fromFiles = requestsFromFiles(ctx, filenames, inv.flags['recursive'] === true);
    requests = fromFiles.requests;
    fileErrors = fromFiles.stderr;
    named = true;
  } else {
    if (!inv.args.length) return { stdout: '', stderr: NO_TYPE, exitCode: 1 };
    const parsed = parseResourceArgs(inv.args);
    if (!parsed.ok) return { stdout: '', stderr: parsed.stderr, exitCode: 1 };
    ({ requests, named } = parsed.value);
  }
  const allNamespaces = inv.flags['all-namespaces'] === true;
  const selectorText = typeof inv.flags['selector'] === 'string' ? inv.flags['selector'] : '';
  const labels = parseLabelSelector(selectorText);
  if (!labels.ok) {
    const stderr = requests.map((r) => selectorListError(r.info, selectorText, '', labels.error)).join('');
    return { stdout: '', stderr, exitCode: 1 };
  }
  if (named && selectorText) {
    return {
      stdout: '',
      stderr: clientError('name cannot be provided when a selector is specified'),
      exitCode: 1,
    };
  }
  const view = ctx.cluster.view();
  const objects: KubeObject[] = [];
  let stderr = fileErrors;
  // kubectl describes by name prefix only for exactly `TYPE NAME` with no object of that name, and then prints
  // each description followed by a newline (DescribeMatchingResources) instead of separating them.
  let byPrefix = false;
  const prefixMatch =
    inv.args.length === 2 && !inv.args.some((a) => a.includes('/')) && requests.length === 1;
  for (const request of requests) {
    const { info } = request;
    const namespace = info.namespaced ? (request.namespace ?? ctx.namespace) : undefined;
    if (request.name !== undefined) {
      const object = view.objects.get(info.kind, namespace, request.name);
      if (object) {
        objects.push(object);
        continue;
      }
      const name = request.name;
      const matching = prefixMatch
        ? view.objects.list(info.kind, namespace).filter((o) => o.metadata.name.startsWith(name))
        : [];
      if (matching.length) {
        objects.push(...matching);
        byPrefix = true;
      } else stderr += formatApiError(notFound(info.kind, name));
      continue;
    }
    const listNamespace = info.namespaced && !allNamespaces ? ctx.namespace : undefined;
    for (const object of view.objects.list(info.kind, listNamespace)) {
      if (matchesRequirements(labels.requirements, object.metadata.labels)) objects.push(object);
    }
  }
  const showEvents = inv.flags['show-events'] !== false;
  const described = objects.map((o) => describeObject(view, o, { showEvents }));
  const stdout = byPrefix ? described.map((d) => `${d}\n`).join('') : described.join('\n\n');
  if (!objects.length && !stderr) {
    return {
      stdout: '',
      stderr: allNamespaces ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`,
      exitCode: 0,
    };
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

export const describeCommand: CommandSpec = {
  path: ['describe'],
  short: 'Show details of a specific resource or group of resources',
  usage: 'kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)',
  flags: [
    { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on.' },
    {
      name: 'all-namespaces',
      short: 'A',
      type: 'bool',
      default: false,
      description: 'If present, list the requested object(s) across all namespaces.',
    },
    {
      name: 'show-events',
      type: 'bool',
      default: true,
      description: 'If true, display events related to the described object.',
    },
    {
      name: 'filename',
      short: 'f',
      type: 'stringArray',
      description: 'Filename, directory, or URL to files containing the resource to describe',
    },
    {
      name: 'recursive',
      short: 'R',
      type: 'bool',
      default: false,
      description: 'Process the directory used in -f, --filename recursively.',
    },
    {
      name: 'chunk-size',
      type: 'int',
      default: 500,
      description: 'Return large lists in chunks rather than all at once.',
    },
  ],
  run: runDescribe,
};
