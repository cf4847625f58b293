// `kubectl logs` (kubectl@1.30 pkg/cmd/logs/logs.go, polymorphichelpers logsforobject/attachablepodforobject):
// a pod's container output from @podlab/kube's containerLogs. `TYPE/NAME` picks one pod of a controller the way
// kubectl does (podutils.ByLogging); `-l` prints every matching pod (tail 10 by default). In a stepped
// sandbox `-f` prints what exists and returns (docs/kubectl.md).
import {
  containerLogs,
  matchesSelector,
  notFound,
  resolveResource,
  type ClusterView,
  type ContainerLogOptions,
  type LabelSelector,
  type ResourceInfo,
  type Pod,
} from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError, formatApiError, unknownResourceType } from '../../errors/kubectl-errors';
import { matchesRequirements, parseLabelSelector } from '../get/label-selector';
import { selectorListError } from '../get/resource-args';

const USAGE_ERROR =
  "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n" +
  'POD or TYPE/NAME is a required argument for the logs command\n' +
  "See 'kubectl logs -h' for help and examples\n";

const isReady = (pod: Pod) =>
  (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const readyTime = (pod: Pod) =>
  Date.parse((pod.status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime ?? '') || 0;
const maxRestarts = (pod: Pod) =>
  Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount));
const PHASE_RANK: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

/** podutils.ByLogging: the pod `kubectl logs deploy/x` reads first. */
export function byLogging(a: Pod, b: Pod): number {
  const an = !!a.spec.nodeName;
  const bn = !!b.spec.nodeName;
  if (an !== bn) return an ? -1 : 1;
  const ap = PHASE_RANK[a.status?.phase ?? ''] ?? 3;
  const bp = PHASE_RANK[b.status?.phase ?? ''] ?? 3;
  if (ap !== bp) return ap - bp;
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1;
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) {
    // Ready longer first; a zero time counts as latest.
    if (!readyTime(a)) return 1;
    if (!readyTime(b)) return -1;
    return readyTime(a) - readyTime(b);
  }
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
  const ac = Date.parse(a.metadata.creationTimestamp) || 0;
  const bc = Date.parse(b.metadata.creationTimestamp) || 0;
  if (ac !== bc) {
    if (!ac) return 1;
    if (!bc) return -1;
    return ac - bc;
  }
  return 0;
}

type Resolved = { ok: true; pod: Pod; note: string } | { ok: false; stderr: string };

/** The pod a `POD` or `TYPE/NAME` argument designates, with kubectl's `Found N pods` note. */
function resolvePod(view: ClusterView, namespace: string, arg: string): Resolved {
  if (!arg.includes('/')) {
    const pod = view.objects.get('Pod', namespace, arg);
    return pod ? { ok: true, pod, note: '' } : { ok: false, stderr: notFoundIn('Pod', arg, namespace) };
  }
  const slash = arg.indexOf('/');
  const type = arg.slice(0, slash);
  const name = arg.slice(slash + 1);
  const info = resolveResource(type);
  if (!info) return { ok: false, stderr: unknownResourceType(type) };
  const object = view.objects.get(info.kind, info.namespaced ? namespace : undefined, name);
  if (!object) return { ok: false, stderr: notFoundIn(info.kind, name, namespace) };
  if (object.kind === 'Pod') return { ok: true, pod: object, note: '' };
  let selector: LabelSelector | undefined;
  if (object.kind === 'Service') {
    selector = object.spec.selector ? { matchLabels: object.spec.selector } : undefined;
  } else if ('spec' in object && object.spec && 'selector' in object.spec) {
    selector = object.spec.selector as LabelSelector;
  }
  if (!selector) {
    return {
      ok: false,
      stderr: clientError(
        `cannot attach to ${info.kind.toLowerCase()}.${info.group || ''}: selector for ${info.kind} not implemented`,
      ),
    };
  }
  const pods = view.objects
    .list('Pod', namespace)
    .filter((p) => matchesSelector(selector, p.metadata.labels));
  if (!pods.length) return { ok: false, stderr: clientError('timed out waiting for the condition') };
  const sorted = [...pods].sort(byLogging);
  const pod = sorted[0] as Pod;
  return {
    ok: true,
    pod,
    note: pods.length > 1 ? `Found ${pods.length} pods, using pod/${pod.metadata.name}\n` : '',
  };
}

/**
 * logs.go wraps the builder's NotFound with fmt.Errorf, so CheckErr no longer sees an API status and prints it as a
 * client error: `error: error from server (NotFound): pods "x" not found in namespace "default"`.
 */
function notFoundIn(kind: Parameters<typeof notFound>[0], name: string, namespace: string): string {
  return clientError(
    `error from server (NotFound): ${notFound(kind, name).message} in namespace "${namespace}"`,
  );
}

/** `nginx, sidecar, init-db (init)`: podcmd.AllContainerNames. */
function allContainerNames(pod: Pod): string {
  return [
    ...pod.spec.containers.map((c) => c.name),
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ');
}

/** The container to read: -c, else the default-container annotation, else the first (with kubectl's notes). */
function pickContainer(pod: Pod, requested: string): { name: string; note: string } {
  if (requested) return { name: requested, note: '' };
  let note = '';
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated) {
    if (hasContainer(pod, annotated)) return { name: annotated, note: '' };
    note = `Default container name "${annotated}" not found in pod ${pod.metadata.name}\n`;
  }
  const first = pod.spec.containers[0]?.name ?? '';
  const several = pod.spec.containers.length > 1 || (pod.spec.initContainers?.length ?? 0) > 0;
  if (several) note += `Defaulted container "${first}" out of: ${allContainerNames(pod)}\n`;
  return { name: first, note };
}

const hasContainer = (pod: Pod, name: string): boolean =>
  [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].some((c) => c.name === name);

function logsOf(
  view: ClusterView,
  pod: Pod,
  container: string,
  options: ContainerLogOptions,
  prefix: boolean,
): { stdout: string; stderr: string } {
  // logsforobject.go checks the container name on the client before asking the kubelet.
  if (!hasContainer(pod, container)) {
    return {
      stdout: '',
      stderr: clientError(`container ${container} is not valid for pod ${pod.metadata.name}`),
    };
  }
  const result = containerLogs(view, pod, container, options);
  if (!result.ok) return { stdout: '', stderr: formatApiError(result.error) };
  if (!prefix) return { stdout: result.value, stderr: '' };
  const tag = `[pod/${pod.metadata.name}/${container}] `;
  return {
    stdout: result.value
      .split('\n')
      .filter((l, i, all) => i < all.length - 1 || l !== '')
      .map((l) => `${tag}${l}\n`)
      .join(''),
    stderr: '',
  };
}

export function runLogs(ctx: KubectlContext, inv: Invocation): CommandOutput {
  const view = ctx.cluster.view();
  const selectorText = typeof inv.flags['selector'] === 'string' ? inv.flags['selector'] : '';
  const containerFlag = typeof inv.flags['container'] === 'string' ? inv.flags['container'] : '';
  const allContainers = inv.flags['all-containers'] === true;
  const prefix = inv.flags['prefix'] === true;
  const tailFlag = typeof inv.flags['tail'] === 'number' ? inv.flags['tail'] : -1;
  const sinceMs = typeof inv.flags['since'] === 'number' ? inv.flags['since'] : undefined;
  const sinceTime = typeof inv.flags['since-time'] === 'string' ? inv.flags['since-time'] : '';
  if (sinceMs !== undefined && sinceTime) {
    return {
      stdout: '',
      stderr: clientError('at most one of `sinceTime` or `sinceSeconds` may be specified'),
      exitCode: 1,
    };
  }
  const options: ContainerLogOptions = {
    previous: inv.flags['previous'] === true,
    timestamps: inv.flags['timestamps'] === true,
  };
  if (sinceMs !== undefined) options.sinceSeconds = Math.ceil(sinceMs / 1000);
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t))
      return {
        stdout: '',
        stderr: clientError(
          `parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse "${sinceTime}" as "2006"`,
        ),
        exitCode: 1,
      };
    options.sinceSeconds = Math.max(0, Math.ceil((view.now - t) / 1000));
  }

  let pods: { pod: Pod; note: string }[];
  let container = containerFlag;
  if (selectorText) {
    if (inv.args.length) {
      return {
        stdout: '',
        stderr:
          "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n",
        exitCode: 1,
      };
    }
    const parsed = parseLabelSelector(selectorText);
    if (!parsed.ok) {
      const pods = resolveResource('pods') as ResourceInfo;
      return { stdout: '', stderr: selectorListError(pods, selectorText, '', parsed.error), exitCode: 1 };
    }
    pods = view.objects
      .list('Pod', ctx.namespace)
      .filter((p) => matchesRequirements(parsed.requirements, p.metadata.labels))
      .map((pod) => ({ pod, note: '' }));
    // With a selector kubectl shows the last 10 lines of each pod unless told otherwise.
    options.tailLines = tailFlag >= 0 ? tailFlag : 10;
    if (!pods.length)
      return { stdout: '', stderr: `No resources found in ${ctx.namespace} namespace.\n`, exitCode: 0 };
  } else {
    const [target, positionalContainer, ...extra] = inv.args;
    if (target === undefined || extra.length) return { stdout: '', stderr: USAGE_ERROR, exitCode: 1 };
    if (positionalContainer !== undefined) {
      if (containerFlag) {
        return {
          stdout: '',
          stderr: clientError('only one of -c or an inline [CONTAINER] arg is allowed'),
          exitCode: 1,
        };
      }
      container = positionalContainer;
    }
    const resolved = resolvePod(view, ctx.namespace, target);
    if (!resolved.ok) return { stdout: '', stderr: resolved.stderr, exitCode: 1 };
    pods = [{ pod: resolved.pod, note: resolved.note }];
    if (tailFlag >= 0) options.tailLines = tailFlag;
  }

  let stdout = '';
  let stderr = '';
  for (const { pod, note } of pods) {
    stderr += note;
    const names = allContainers
      ? [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name)
      : (() => {
          const picked = pickContainer(pod, container);
          stderr += picked.note;
          return [picked.name];
        })();
    for (const name of names) {
      const out = logsOf(view, pod, name, options, prefix);
      stdout += out.stdout;
      if (out.stderr) {
        stderr += out.stderr;
        if (!selectorText && !allContainers) return { stdout, stderr, exitCode: 1 };
      }
    }
  }
  return { stdout, stderr, exitCode: /Error from server|^error:/m.test(stderr) ? 1 : 0 };
}

export const logsCommand: CommandSpec = {
  path: ['logs'],
  short: 'Print the logs for a container in a pod',
  usage: 'kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]',
  flags: [
    { name: 'container', short: 'c', type: 'string', description: 'Print the logs of this container' },
    {
      name: 'follow',
      short: 'f',
      type: 'bool',
      default: false,
      description: 'Specify if the logs should be streamed.',
    },
    {
      name: 'previous',
      short: 'p',
      type: 'bool',
      default: false,
      description:
        'If true, print the logs for the previous instance of the container in a pod if it exists.',
    },
    { name: 'tail', type: 'int', default: -1, description: 'Lines of recent log file to display.' },
    {
      name: 'since',
      type: 'duration',
      description: 'Only return logs newer than a relative duration like 5s, 2m, or 3h.',
    },
    { name: 'since-time', type: 'string', description: 'Only return logs after a specific date (RFC3339).' },
    {
      name: 'timestamps',
      type: 'bool',
      default: false,
      description: 'Include timestamps on each line in the log output',
    },
    { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on.' },
    {
      name: 'all-containers',
      type: 'bool',
      default: false,
      description: "Get all containers' logs in the pod(s).",
    },
    {
      name: 'prefix',
      type: 'bool',
      default: false,
      description: 'Prefix each log line with the log source (pod name and container name)',
    },
    {
      name: 'max-log-requests',
      type: 'int',
      default: 5,
      description: 'Specify maximum number of concurrent logs to follow when using by a selector.',
    },
    {
      name: 'pod-running-timeout',
      type: 'duration',
      description: 'The length of time to wait until at least one pod is running',
    },
    {
      name: 'ignore-errors',
      type: 'bool',
      default: false,
      description: 'If watching / following pod logs, allow for any errors that occur to be non-fatal',
    },
  ],
  run: runLogs,
};
