// (The folder is not called `events`: the pure-core lint bans import paths with an `events` segment, meant for
// the Node built-in.)
// `kubectl events` (kubectl@1.30 pkg/cmd/events): LAST SEEN TYPE REASON OBJECT MESSAGE, sorted by last
// timestamp, OBJECT as `Kind/name`; `--for kind/name`, `--types`, `-A`, `-o yaml|json`. In a stepped sandbox
// `-w` prints the current list and returns.
import { resolveResource, type KubeEvent } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError, unknownResourceType } from '../../errors/kubectl-errors';
import { translateTimestampSince } from '../../printers/human-duration';
import { printJsonPath } from '../../printers/jsonpath';
import { printObjects } from '../../printers/print-objects';
import { formatJson, formatYaml, toApiJson } from '../../printers/serialize';
import { tabwrite } from '../../printers/tabwriter';
import { sortEvents } from '../describe/describe-writer';

function interval(e: KubeEvent, now: number): string {
  const first = translateTimestampSince(e.firstTimestamp, now);
  if (e.count > 1) return `${translateTimestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** `-o`: kubectl events prints its typed EventList (kind EventList, empty list metadata), not a `List`. */
function printEventList(events: readonly KubeEvent[], output: string, now: number): CommandOutput {
  const list = { apiVersion: 'v1', items: events.map(toApiJson), kind: 'EventList', metadata: {} };
  if (output === 'yaml') return { stdout: formatYaml(list), stderr: '', exitCode: 0 };
  if (output === 'json') return { stdout: formatJson(list), stderr: '', exitCode: 0 };
  if (output.startsWith('jsonpath=')) return printJsonPath(list, output.slice('jsonpath='.length), false);
  return printObjects([...events], { output, now, asList: true });
}

export function runEvents(ctx: KubectlContext, inv: Invocation): CommandOutput {
  if (inv.args.length) {
    return {
      stdout: '',
      stderr: clientError('unexpected arguments, use --for to select an object'),
      exitCode: 1,
    };
  }
  const view = ctx.cluster.view();
  const allNamespaces = inv.flags['all-namespaces'] === true;
  let events = view.objects.list('Event', allNamespaces ? undefined : ctx.namespace);

  const forArg = typeof inv.flags['for'] === 'string' ? inv.flags['for'] : '';
  if (forArg) {
    const slash = forArg.indexOf('/');
    if (slash < 0)
      return { stdout: '', stderr: clientError(`--for must be in resource/name form`), exitCode: 1 };
    const info = resolveResource(forArg.slice(0, slash));
    if (!info) return { stdout: '', stderr: unknownResourceType(forArg.slice(0, slash)), exitCode: 1 };
    const name = forArg.slice(slash + 1);
    events = events.filter((e) => e.involvedObject.kind === info.kind && e.involvedObject.name === name);
  }
  const types = ((inv.flags['types'] as string[] | undefined) ?? [])
    .flatMap((t) => t.split(','))
    .filter(Boolean);
  for (const t of types) {
    if (!['normal', 'warning'].includes(t.toLowerCase())) {
      return { stdout: '', stderr: clientError(`valid --types are Normal or Warning`), exitCode: 1 };
    }
  }
  if (types.length)
    events = events.filter((e) => types.some((t) => t.toLowerCase() === e.type.toLowerCase()));
  events = sortEvents(events);

  if (!events.length) {
    return {
      stdout: '',
      stderr: allNamespaces ? 'No events found.\n' : `No events found in ${ctx.namespace} namespace.\n`,
      exitCode: 0,
    };
  }
  const output = typeof inv.flags['output'] === 'string' ? inv.flags['output'] : '';
  if (output) return printEventList(events, output, view.now);
  const header = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const rows = events.map((e) => [
    interval(e, view.now),
    e.type,
    e.reason,
    `${e.involvedObject.kind}/${e.involvedObject.name}`,
    e.message.trim(),
  ]);
  if (allNamespaces) {
    header.unshift('NAMESPACE');
    events.forEach((e, i) => rows[i]?.unshift(e.metadata.namespace ?? ''));
  }
  const noHeaders = inv.flags['no-headers'] === true;
  return { stdout: tabwrite(noHeaders ? rows : [header, ...rows]), stderr: '', exitCode: 0 };
}

export const eventsCommand: CommandSpec = {
  path: ['events'],
  short: 'List events',
  usage:
    'kubectl events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning]',
  flags: [
    {
      name: 'for',
      type: 'string',
      description: 'Filter events to only those pertaining to the specified resource.',
    },
    { name: 'types', type: 'stringArray', description: 'Output only events of given types.' },
    {
      name: 'all-namespaces',
      short: 'A',
      type: 'bool',
      default: false,
      description: 'If present, list the requested object(s) across all namespaces.',
    },
    {
      name: 'watch',
      short: 'w',
      type: 'bool',
      default: false,
      description: 'After listing the requested events, watch for more events.',
    },
    { name: 'output', short: 'o', type: 'string', description: 'Output format.' },
    {
      name: 'no-headers',
      type: 'bool',
      default: false,
      description: "When using the default output format, don't print headers.",
    },
    {
      name: 'chunk-size',
      type: 'int',
      default: 500,
      description: 'Return large lists in chunks rather than all at once.',
    },
  ],
  run: runEvents,
};
