// Node maintenance: `kubectl cordon|uncordon NODE`, `kubectl drain NODE [--ignore-daemonsets]
// [--delete-emptydir-data] [--force]` and `kubectl taint nodes NODE key=value:Effect[-]` with kubectl 1.30's
// replies and errors [kubectl@1.30 drain.go, pkg/drain/filters.go, taint.go, taint/utils.go].
import { notFound, rfc3339, type KubeObject, type Node, type Pod, type Taint } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import type { KubectlError } from '../../manifest/manifest-reader';
import { parseLabelSelector, parseResourceArgs } from '../shared/resource-args';
import { sendUpdate } from '../shared/templates';
import { watchUntil } from '../shared/watch';
import {
  DRY_RUN_FLAG,
  SELECTOR_FLAG,
  apiError,
  clientErr,
  deepClone,
  dryRunOf,
  dryRunSuffix,
  finish,
  writeOptions,
} from '../shared/write-support';

/** Nodes named by `NODE…`, `node/NODE`, or `-l selector`. */
function findNodes(
  ctx: KubectlContext,
  names: readonly string[],
  selector: string | undefined,
): { nodes: Node[]; errors: KubectlError[] } | string {
  const nodes: Node[] = [];
  const errors: KubectlError[] = [];
  const view = ctx.cluster.view();
  if (selector) {
    const parsed = parseLabelSelector(selector);
    if (!parsed.ok) return parsed.error;
    nodes.push(...view.objects.list('Node').filter((n) => parsed.matches(n.metadata.labels)));
  }
  for (const raw of names) {
    const name = raw.startsWith('node/') ? raw.slice(5) : raw.startsWith('nodes/') ? raw.slice(6) : raw;
    const node = view.objects.get('Node', undefined, name);
    if (node) nodes.push(node);
    else errors.push(apiError(notFound('Node', name)));
  }
  return { nodes, errors };
}

function setUnschedulable(
  ctx: KubectlContext,
  node: Node,
  desired: boolean,
  verb: string,
  dryRun: 'none' | 'client' | 'server',
): { line: string } | { error: KubectlError } {
  const word = desired ? 'cordoned' : 'uncordoned';
  if ((node.spec.unschedulable ?? false) === desired)
    return { line: `node/${node.metadata.name} already ${word}\n` };
  const spec = { ...node.spec };
  if (desired) spec.unschedulable = true;
  else delete spec.unschedulable;
  const sent = sendUpdate(ctx, { ...node, spec } as KubeObject, verb, dryRun);
  if (!sent.ok) return { error: apiError(sent.error) };
  return { line: `node/${node.metadata.name} ${word}${dryRunSuffix(dryRun)}\n` };
}

function runCordon(desired: boolean, ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const verb = desired ? 'cordon' : 'uncordon';
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const selector = invocation.flags['selector'] as string | undefined;
  if (!invocation.args.length && !selector)
    return {
      stdout: '',
      stderr: clientError(`USAGE: ${verb} NODE [flags]\nSee 'kubectl ${verb} -h' for help and examples`),
      exitCode: 1,
    };
  const found = findNodes(ctx, invocation.args, selector);
  if (typeof found === 'string') return { stdout: '', stderr: clientError(found), exitCode: 1 };
  let stdout = '';
  const errors = [...found.errors];
  for (const node of found.nodes) {
    const result = setUnschedulable(ctx, node, desired, verb, dryRun.value);
    if ('error' in result) errors.push(result.error);
    else stdout += result.line;
  }
  return finish(stdout, errors);
}

// ---- drain ------------------------------------------------------------------------------------------------

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'Pods declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

interface DrainPlan {
  evict: Pod[];
  fatal: Map<string, string[]>;
  warnings: Map<string, string[]>;
}

type PodDeleteStatus = { delete: boolean; reason: 'okay' | 'warning' | 'error' | 'skip'; message?: string };

const okay: PodDeleteStatus = { delete: true, reason: 'okay' };

/**
 * kubectl's drain filters in their order (pkg/drain/filters.go): the pod's status is the last filter's, and a
 * filter that refuses deletion stops the chain — so a later "okay" replaces an earlier warning.
 */
function drainFilters(ctx: KubectlContext, invocation: Invocation): ((pod: Pod) => PodDeleteStatus)[] {
  const view = ctx.cluster.view();
  const force = invocation.flags['force'] === true;
  const finished = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const controllerOf = (pod: Pod) => pod.metadata.ownerReferences?.find((r) => r.controller);
  return [
    (pod) => {
      const controller = controllerOf(pod);
      if (controller?.kind !== 'DaemonSet') return okay;
      if (!view.objects.get('DaemonSet', pod.metadata.namespace, controller.name)) {
        // An orphaned DaemonSet pod: --force deletes it with the lookup error as a warning.
        const missing = `daemonsets.apps "${controller.name}" not found`;
        return force
          ? { delete: true, reason: 'warning', message: missing }
          : { delete: false, reason: 'error', message: missing };
      }
      if (invocation.flags['ignore-daemonsets'] !== true)
        return { delete: false, reason: 'error', message: DAEMONSET_FATAL };
      return { delete: false, reason: 'warning', message: DAEMONSET_WARNING };
    },
    (pod) => {
      if (finished(pod) || !(pod.spec.volumes ?? []).some((v) => v.emptyDir)) return okay;
      if (invocation.flags['delete-emptydir-data'] !== true)
        return { delete: false, reason: 'error', message: LOCAL_STORAGE_FATAL };
      return { delete: true, reason: 'warning', message: LOCAL_STORAGE_WARNING };
    },
    (pod) => {
      if (finished(pod) || controllerOf(pod)) return okay;
      if (!force) return { delete: false, reason: 'error', message: UNMANAGED_FATAL };
      return { delete: true, reason: 'warning', message: UNMANAGED_WARNING };
    },
  ];
}

function planDrain(ctx: KubectlContext, node: Node, invocation: Invocation): DrainPlan {
  const plan: DrainPlan = { evict: [], fatal: new Map(), warnings: new Map() };
  const add = (map: Map<string, string[]>, key: string, pod: Pod) =>
    map.set(key, [...(map.get(key) ?? []), `${pod.metadata.namespace}/${pod.metadata.name}`]);
  const filters = drainFilters(ctx, invocation);
  for (const pod of ctx.cluster.view().objects.podsOnNode(node.metadata.name)) {
    let status = okay;
    for (const filter of filters) {
      status = filter(pod);
      if (!status.delete) break;
    }
    if (status.reason === 'error') add(plan.fatal, status.message!, pod);
    if (status.reason === 'warning') add(plan.warnings, status.message!, pod);
    if (status.delete) plan.evict.push(pod);
  }
  return plan;
}

function runDrain(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const selector = invocation.flags['selector'] as string | undefined;
  if (!invocation.args.length && !selector)
    return {
      stdout: '',
      stderr: clientError("USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples"),
      exitCode: 1,
    };
  const found = findNodes(ctx, invocation.args, selector);
  if (typeof found === 'string') return { stdout: '', stderr: clientError(found), exitCode: 1 };
  let stdout = '';
  let stderr = '';
  const errors = [...found.errors];
  const remaining: string[] = [];
  let lastFatal = '';
  for (const node of found.nodes) {
    const cordon = setUnschedulable(ctx, node, true, 'drain', dryRun.value);
    if ('error' in cordon) {
      errors.push(cordon.error);
      continue;
    }
    stdout += cordon.line;
    const plan = planDrain(ctx, node, invocation);
    if (plan.fatal.size) {
      const messages = [...plan.fatal].map(([why, pods]) => `cannot delete ${why}: ${pods.join(', ')}`);
      lastFatal = messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
      stderr += `error: unable to drain node "${node.metadata.name}" due to error: ${lastFatal}, continuing command...\n`;
      remaining.push(node.metadata.name);
      continue;
    }
    if (plan.warnings.size)
      stderr += `Warning: ${[...plan.warnings].map(([why, pods]) => `${why}: ${pods.join(', ')}`).join('; ')}\n`;
    if (dryRun.value !== 'none') {
      for (const pod of plan.evict)
        stdout += `evicting pod ${pod.metadata.namespace}/${pod.metadata.name}${dryRunSuffix(dryRun.value)}\n`;
      stdout += `node/${node.metadata.name} drained${dryRunSuffix(dryRun.value)}\n`;
      continue;
    }
    const grace = invocation.flags['grace-period'] as number;
    for (const pod of plan.evict) {
      stdout += `evicting pod ${pod.metadata.namespace}/${pod.metadata.name}\n`;
      const result = ctx.cluster.delete(
        'Pod',
        pod.metadata.namespace,
        pod.metadata.name,
        grace >= 0 ? { gracePeriodSeconds: grace } : {},
        writeOptions(ctx, 'drain'),
      );
      if (!result.ok && result.error.reason !== 'NotFound') errors.push(apiError(result.error));
    }
    const gone = (pod: Pod) => {
      const live = ctx.cluster.get('Pod', pod.metadata.namespace, pod.metadata.name);
      return !live || live.metadata.uid !== pod.metadata.uid;
    };
    const timeout = (invocation.flags['timeout'] as number) || 10 * 60 * 1000;
    const waited = watchUntil(ctx, timeout, () => ({ done: plan.evict.every(gone) }));
    for (const pod of plan.evict)
      if (gone(pod) || ctx.clock === 'live') stdout += `pod/${pod.metadata.name} evicted\n`;
    if (!waited.finished && ctx.clock === 'stepped') {
      const pending = plan.evict
        .filter((p) => !gone(p))
        .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
      lastFatal = `error when waiting for pod deletion: ${pending.join(', ')}: timed out`;
      stderr += `error: unable to drain node "${node.metadata.name}" due to error: ${lastFatal}, continuing command...\n`;
      remaining.push(node.metadata.name);
      continue;
    }
    stdout += `node/${node.metadata.name} drained\n`;
  }
  if (remaining.length) {
    stderr += `There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`;
    errors.push(clientErr(lastFatal));
  }
  return finish(stdout, errors, stderr);
}

// ---- taint ------------------------------------------------------------------------------------------------

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

interface TaintChanges {
  add: Taint[];
  remove: { key: string; effect?: string }[];
}

function parseTaints(specs: readonly string[], now: number): TaintChanges | string {
  const changes: TaintChanges = { add: [], remove: [] };
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const body = spec.slice(0, -1);
      const colon = body.indexOf(':');
      const keyPart = colon >= 0 ? body.slice(0, colon) : body;
      const effect = colon >= 0 ? body.slice(colon + 1) : undefined;
      if (effect !== undefined && !EFFECTS.includes(effect))
        return `invalid taint effect: ${effect}, unsupported taint effect`;
      changes.remove.push({ key: keyPart.split('=')[0]!, ...(effect ? { effect } : {}) });
      continue;
    }
    const colon = spec.lastIndexOf(':');
    if (colon < 0) return `invalid taint spec: ${spec}, unknown taint spec format`;
    const effect = spec.slice(colon + 1);
    if (!EFFECTS.includes(effect)) return `invalid taint effect: ${effect}, unsupported taint effect`;
    const [key, value] = spec.slice(0, colon).split('=');
    if (!key) return `invalid taint spec: ${spec}, unknown taint spec format`;
    changes.add.push({
      key,
      ...(value ? { value } : {}),
      effect: effect as Taint['effect'],
      ...(effect === 'NoExecute' ? { timeAdded: rfc3339(now) } : {}),
    });
  }
  return changes;
}

function runTaint(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const resources: string[] = [];
  const specs: string[] = [];
  for (const arg of invocation.args) {
    if (arg.includes(':') || arg.includes('=') || arg.endsWith('-')) specs.push(arg);
    else resources.push(arg);
  }
  if (!specs.length)
    return {
      stdout: '',
      stderr: clientError(
        "at least one taint update is required\nSee 'kubectl taint -h' for help and examples",
      ),
      exitCode: 1,
    };
  const all = invocation.flags['all'] === true;
  const selector = invocation.flags['selector'] as string | undefined;
  let names: string[] = [];
  if (resources.length) {
    const parsed = parseResourceArgs(resources);
    if (!parsed.ok) return { stdout: '', stderr: clientError(parsed.error), exitCode: 1 };
    if ([...parsed.refs.map((r) => r.info), ...parsed.types].some((i) => i.kind !== 'Node'))
      return {
        stdout: '',
        stderr: clientError('invalid resource type, only node types are supported'),
        exitCode: 1,
      };
    names = parsed.refs.map((r) => r.name);
    if (!names.length && !all && !selector)
      return {
        stdout: '',
        stderr: clientError("at least one resource name must be specified since 'all' parameter is not set"),
        exitCode: 1,
      };
  } else
    return {
      stdout: '',
      stderr: clientError("at least one resource name must be specified since 'all' parameter is not set"),
      exitCode: 1,
    };
  const changes = parseTaints(specs, ctx.cluster.now);
  if (typeof changes === 'string') return { stdout: '', stderr: clientError(changes), exitCode: 1 };
  const found = all
    ? { nodes: ctx.cluster.view().objects.list('Node'), errors: [] as KubectlError[] }
    : findNodes(ctx, names, selector);
  if (typeof found === 'string') return { stdout: '', stderr: clientError(found), exitCode: 1 };
  const overwrite = invocation.flags['overwrite'] === true;
  let stdout = '';
  const errors = [...found.errors];
  for (const node of found.nodes) {
    const old = node.spec.taints ?? [];
    if (!overwrite) {
      const clash = changes.add.find((t) => old.some((o) => o.key === t.key && o.effect === t.effect));
      if (clash) {
        errors.push(
          clientErr(
            `node ${node.metadata.name} already has ${clash.key} taint(s) with same effect(s) and --overwrite is false`,
          ),
        );
        continue;
      }
    }
    // reorganizeTaints: the new taints, then the old ones they do not replace, minus the removed ones.
    const next: Taint[] = [...changes.add];
    for (const o of old) if (!next.some((t) => t.key === o.key && t.effect === o.effect)) next.push(o);
    let deleted = false;
    const missing: string[] = [];
    let result = next;
    for (const r of changes.remove) {
      const keep = result.filter(
        (t) => !(t.key === r.key && (r.effect === undefined || t.effect === r.effect)),
      );
      if (keep.length === result.length) missing.push(r.effect ? `${r.key}:${r.effect}` : r.key);
      else deleted = true;
      result = keep;
    }
    if (missing.length) {
      errors.push(clientErr(missing.map((m) => `taint "${m}" not found`).join('\n')));
      continue;
    }
    const operation =
      overwrite || (changes.add.length && deleted)
        ? 'modified'
        : changes.add.length
          ? 'tainted'
          : 'untainted';
    const spec = deepClone(node.spec);
    if (result.length) spec.taints = result;
    else delete spec.taints;
    const sent = sendUpdate(ctx, { ...node, spec } as KubeObject, 'taint', dryRun.value);
    if (!sent.ok) {
      errors.push(apiError(sent.error));
      continue;
    }
    stdout += `node/${node.metadata.name} ${operation}${dryRunSuffix(dryRun.value)}\n`;
  }
  return finish(stdout, errors);
}

export const cordonCommand: CommandSpec = {
  path: ['cordon'],
  short: 'Mark node as unschedulable',
  usage: 'kubectl cordon NODE [options]',
  flags: [SELECTOR_FLAG, DRY_RUN_FLAG],
  run: (ctx, invocation) => runCordon(true, ctx, invocation),
};

export const uncordonCommand: CommandSpec = {
  path: ['uncordon'],
  short: 'Mark node as schedulable',
  usage: 'kubectl uncordon NODE [options]',
  flags: [SELECTOR_FLAG, DRY_RUN_FLAG],
  run: (ctx, invocation) => runCordon(false, ctx, invocation),
};

export const drainCommand: CommandSpec = {
  path: ['drain'],
  short: 'Drain node in preparation for maintenance',
  usage: 'kubectl drain NODE [options]',
  flags: [
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    {
      name: 'ignore-daemonsets',
      type: 'bool',
      default: false,
      description: 'Ignore DaemonSet-managed pods.',
    },
    {
      name: 'delete-emptydir-data',
      type: 'bool',
      default: false,
      description:
        'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).',
    },
    {
      name: 'force',
      type: 'bool',
      default: false,
      description: 'Continue even if there are pods that do not declare a controller.',
    },
    {
      name: 'grace-period',
      type: 'int',
      default: -1,
      description:
        'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.',
    },
    {
      name: 'timeout',
      type: 'duration',
      default: 0,
      description: 'The length of time to wait before giving up, zero means infinite',
    },
    {
      name: 'disable-eviction',
      type: 'bool',
      default: false,
      description: 'Force drain to use delete, even if eviction is supported.',
    },
    { name: 'pod-selector', type: 'string', description: 'Label selector to filter pods on the node' },
  ],
  run: runDrain,
};

export const taintCommand: CommandSpec = {
  path: ['taint'],
  short: 'Update the taints on one or more nodes',
  usage: 'kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]',
  flags: [
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    {
      name: 'overwrite',
      type: 'bool',
      default: false,
      description:
        'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.',
    },
    { name: 'all', type: 'bool', default: false, description: 'Select all nodes in the cluster' },
  ],
  run: runTaint,
};
