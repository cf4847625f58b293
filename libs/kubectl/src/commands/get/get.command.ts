// `kubectl get` (kubectl@1.30 pkg/cmd/get/get.go): lists or fetches objects of one or several kinds and prints
// them through printObjects. In a stepped sandbox `-w` prints the current state and returns (see docs/kubectl.md).
import { notFound, type KubeObject } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError, formatApiError } from '../../errors/kubectl-errors';
import { evaluate, JsonPathError, parsePath } from '../../printers/jsonpath';
import { printObjects } from '../../printers/print-objects';
import { toApiJson } from '../../printers/serialize';
import { matchesFields, parseFieldSelector, unsupportedField } from './field-selector';
import { matchesRequirements, parseLabelSelector } from './label-selector';
import {
  parseResourceArgs,
  requestsFromFiles,
  selectorListError,
  type ResourceRequest,
} from './resource-args';

const NO_TYPE =
  'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  'error: Required resource not specified.\n' +
  'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
  "See 'kubectl get -h' for help and examples\n";

const str = (inv: Invocation, name: string): string => {
  const v = inv.flags[name];
  return typeof v === 'string' ? v : '';
};
const bool = (inv: Invocation, name: string): boolean => inv.flags[name] === true;

export function runGet(ctx: KubectlContext, inv: Invocation): CommandOutput {
  const filenames = (inv.flags['filename'] as string[] | undefined) ?? [];
  let requests: (ResourceRequest & { namespace?: string })[];
  let singleItemImplied: boolean;
  let named: boolean;
  let fileErrors = '';
  if (filenames.length) {
    // `get -f web.yaml`: the objects the manifests name, fetched one by one.
    if (inv.args.length) {
      return {
        stdout: '',
        stderr: clientError('You must provide one or more resources by argument or filename.'),
        exitCode: 1,
      };
    }
    const fromFiles = requestsFromFiles(ctx, filenames, inv.flags['recursive'] === true);
    requests = fromFiles.requests;
    fileErrors = fromFiles.stderr;
    singleItemImplied = requests.length === 1 && !fileErrors;
    named = true;
  } else {
    if (!inv.args.length) return { stdout: '', stderr: NO_TYPE, exitCode: 1 };
    const parsed = parseResourceArgs(inv.args);
    if (!parsed.ok) return { stdout: '', stderr: parsed.stderr, exitCode: 1 };
    ({ requests, singleItemImplied, named } = parsed.value);
  }

  const watching = bool(inv, 'watch') || bool(inv, 'watch-only');
  // get.go watch(): the builder takes a single resource type (SingleResourceType).
  if (watching && new Set(requests.map((r) => r.info.kind)).size > 1) {
    return { stdout: '', stderr: clientError('you may only specify a single resource type'), exitCode: 1 };
  }
  const allNamespaces = bool(inv, 'all-namespaces');
  const selectorText = str(inv, 'selector');
  const fieldText = str(inv, 'field-selector');
  if (named && allNamespaces && requests.some((r) => r.info.namespaced)) {
    return {
      stdout: '',
      stderr: clientError('a resource cannot be retrieved by name across all namespaces'),
      exitCode: 1,
    };
  }
  if (named && (selectorText || fieldText)) {
    return {
      stdout: '',
      stderr: clientError('name cannot be provided when a selector is specified'),
      exitCode: 1,
    };
  }
  // The API server parses the selectors of list requests; a bad one fails every listed kind.
  const labels = parseLabelSelector(selectorText);
  const fields = parseFieldSelector(fieldText);
  const selectorError = !labels.ok ? labels.error : !fields.ok ? fields.error : undefined;
  if (selectorError !== undefined || !labels.ok || !fields.ok) {
    const stderr = requests
      .map((r) => selectorListError(r.info, selectorText, fieldText, selectorError ?? ''))
      .join('');
    return { stdout: '', stderr, exitCode: 1 };
  }

  const view = ctx.cluster.view();
  const objects: KubeObject[] = [];
  let stderr = fileErrors;
  // kubectl prefixes NAME with the kind when the results span several kinds (get.go multipleGVKsRequested);
  // every listed kind counts, even an empty one (the server's Table is still a result).
  const resultKinds = new Set<string>();
  for (const request of requests) {
    const { info } = request;
    const namespace = info.namespaced && !allNamespaces ? ctx.namespace : undefined;
    if (request.name !== undefined) {
      const object = view.objects.get(
        info.kind,
        info.namespaced ? (request.namespace ?? ctx.namespace) : undefined,
        request.name,
      );
      if (object) {
        objects.push(object);
        resultKinds.add(info.kind);
      } else stderr += formatApiError(notFound(info.kind, request.name));
      continue;
    }
    const unsupported = unsupportedField(info.kind, fields.requirements);
    if (unsupported !== undefined) {
      stderr += selectorListError(info, selectorText, fieldText, `field label not supported: ${unsupported}`);
      continue;
    }
    resultKinds.add(info.kind);
    for (const object of view.objects.list(info.kind, namespace)) {
      if (!matchesRequirements(labels.requirements, object.metadata.labels)) continue;
      if (!matchesFields(object, fields.requirements)) continue;
      objects.push(object);
    }
  }

  const sortBy = str(inv, 'sort-by');
  let sorted = objects;
  if (sortBy) {
    const result = sortObjects(objects, sortBy);
    if (!result.ok) return { stdout: '', stderr: clientError(result.error), exitCode: 1 };
    sorted = result.objects;
  }

  const output = str(inv, 'output');
  const humanReadable = output === '' || output === 'wide';
  // kubectl returns a lone NotFound at once when one object was asked for with a generic printer.
  if (!humanReadable && singleItemImplied && !sorted.length) return { stdout: '', stderr, exitCode: 1 };
  if (bool(inv, 'watch-only')) return { stdout: '', stderr, exitCode: stderr ? 1 : 0 };

  const labelColumns = (inv.flags['label-columns'] as string[] | undefined) ?? [];
  const printed = printObjects(sorted, {
    output: output || undefined,
    showLabels: bool(inv, 'show-labels'),
    labelColumns: labelColumns.flatMap((l) => l.split(',')).filter((l) => l !== ''),
    noHeaders: bool(inv, 'no-headers'),
    withKindPrefix: resultKinds.size > 1 || bool(inv, 'show-kind'),
    now: view.now,
    allNamespaces,
    asList: !singleItemImplied,
  });
  if (printed.exitCode !== 0) return printed;
  if (humanReadable && !printed.stdout && !stderr && !bool(inv, 'watch')) {
    const allNamespaced = !allNamespaces && requests.every((r) => r.info.namespaced);
    stderr = allNamespaced ? `No resources found in ${ctx.namespace} namespace.\n` : 'No resources found\n';
    return { stdout: '', stderr, exitCode: 0 };
  }
  return { stdout: printed.stdout, stderr: printed.stderr + stderr, exitCode: stderr ? 1 : 0 };
}

type Sorted = { ok: true; objects: KubeObject[] } | { ok: false; error: string };

/** `--sort-by=<jsonpath>` (kubectl's RuntimeSort): numbers numerically, everything else as text; stable. */
function sortObjects(objects: readonly KubeObject[], expression: string): Sorted {
  let expr = expression.trim();
  if (expr.startsWith('{') && expr.endsWith('}')) expr = expr.slice(1, -1);
  if (!expr.startsWith('.') && !expr.startsWith('$')) expr = `.${expr}`;
  try {
    const path = parsePath(expr);
    const keyed = objects.map((object, index) => {
      const json = toApiJson(object);
      const values = evaluate(path.steps, [json], json);
      return { object, index, value: values[0] };
    });
    if (objects.length && keyed.every((k) => k.value === undefined)) {
      return { ok: false, error: `couldn't find any field with path "{${expr}}" in the list of objects` };
    }
    keyed.sort((a, b) => compareValues(a.value, b.value) || a.index - b.index);
    return { ok: true, objects: keyed.map((k) => k.object) };
  } catch (error) {
    if (error instanceof JsonPathError) return { ok: false, error: error.message };
    throw error;
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export const getCommand: CommandSpec = {
  path: ['get'],
  short: 'Display one or many resources',
  usage:
    'kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]',
  flags: [
    { name: 'output', short: 'o', type: 'string', description: 'Output format.' },
    { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on.' },
    { name: 'field-selector', type: 'string', description: 'Selector (field query) to filter on.' },
    {
      name: 'all-namespaces',
      short: 'A',
      type: 'bool',
      default: false,
      description: 'If present, list the requested object(s) across all namespaces.',
    },
    {
      name: 'show-labels',
      type: 'bool',
      default: false,
      description: 'When printing, show all labels as the last column.',
    },
    {
      name: 'show-kind',
      type: 'bool',
      default: false,
      description: 'If present, list the resource type for the requested object(s).',
    },
    {
      name: 'label-columns',
      short: 'L',
      type: 'stringArray',
      description: 'Accepts a comma separated list of labels that are going to be presented as columns.',
    },
    {
      name: 'no-headers',
      type: 'bool',
      default: false,
      description: "When using the default or custom-column output format, don't print headers.",
    },
    {
      name: 'sort-by',
      type: 'string',
      description: 'If non-empty, sort list types using this field specification.',
    },
    {
      name: 'watch',
      short: 'w',
      type: 'bool',
      default: false,
      description: 'After listing/getting the requested object, watch for changes.',
    },
    {
      name: 'watch-only',
      type: 'bool',
      default: false,
      description: 'Watch for changes to the requested object(s), without listing/getting first.',
    },
    {
      name: 'ignore-not-found',
      type: 'bool',
      default: false,
      description: 'If the requested object does not exist the command will return exit code 0.',
    },
    {
      name: 'chunk-size',
      type: 'int',
      default: 500,
      description: 'Return large lists in chunks rather than all at once.',
    },
    {
      name: 'filename',
      short: 'f',
      type: 'stringArray',
      description: 'Filename, directory, or URL to files identifying the resource to get from a server.',
    },
    {
      name: 'recursive',
      short: 'R',
      type: 'bool',
      default: false,
      description: 'Process the directory used in -f, --filename recursively.',
    },
    {
      name: 'show-managed-fields',
      type: 'bool',
      default: false,
      description: 'If true, keep the managedFields when printing objects in JSON or YAML format.',
    },
    {
      name: 'output-watch-events',
      type: 'bool',
      default: false,
      description: 'Output watch event objects when --watch or --watch-only is used.',
    },
  ],
  run: (ctx, inv) => {
    const out = runGet(ctx, inv);
    if (
      inv.flags['ignore-not-found'] === true &&
      out.exitCode === 1 &&
      /^(Error from server \(NotFound\): [^\n]*\n)+$/.test(out.stderr)
    ) {
      return { ...out, stderr: '', exitCode: 0 };
    }
    return out;
  },
};
