// `kubectl delete` by names, TYPE/NAME, -f, -l, --all: `deployment.apps "web" deleted` per object, with
// --cascade, --grace-period, --force (and its warning), --now, --wait (blocks until the objects are gone; see
// watch.ts for what that means in a stepped sandbox), --ignore-not-found, --dry-run and -o name.
import { kindPrefix, resourceInfo, type DeletePropagation, type KubeObject } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import type { KubectlError } from '../../manifest/manifest-reader';
import { findTargets } from '../shared/targets';
import { watchUntil } from '../shared/watch';
import {
  ALL_NAMESPACES_FLAG,
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
  apiError,
  dryRunOf,
  dryRunSuffix,
  finish,
  writeOptions,
} from '../shared/write-support';

const FORCE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

function cascadeOf(
  raw: unknown,
): { ok: true; value: DeletePropagation; warning?: string } | { ok: false; error: string } {
  switch (raw) {
    case undefined:
    case 'background':
      return { ok: true, value: 'Background' };
    case 'true':
      return {
        ok: true,
        value: 'Background',
        warning:
          'warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n',
      };
    case 'foreground':
      return { ok: true, value: 'Foreground' };
    case 'orphan':
      return { ok: true, value: 'Orphan' };
    case 'false':
      return {
        ok: true,
        value: 'Orphan',
        warning:
          'warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n',
      };
    default:
      return {
        ok: false,
        error: clientError(
          `invalid cascade value (${String(raw)}). Must be "background", "foreground", or "orphan"`,
        ),
      };
  }
}

function run(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const cascade = cascadeOf(invocation.flags['cascade']);
  if (!cascade.ok) return { stdout: '', stderr: cascade.error, exitCode: 1 };
  const output = invocation.flags['output'];
  if (output !== undefined && output !== 'name')
    return {
      stdout: '',
      stderr: clientError(
        `unexpected -o output mode: ${String(output)}, the flag 'output' must be one of yaml|wide|name`,
      ),
      exitCode: 1,
    };

  const force = invocation.flags['force'] === true;
  let grace = invocation.flags['grace-period'] as number;
  if (invocation.flags['now'] === true) {
    if (grace !== -1)
      return {
        stdout: '',
        stderr: clientError('--now and --grace-period cannot be specified together'),
        exitCode: 1,
      };
    grace = 1;
  }
  // kubectl turns --grace-period=0 into 1 unless --force, and --force alone into 0.
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;

  if (invocation.flags['all'] === true && invocation.flags['selector'])
    return {
      stdout: '',
      stderr: clientError('cannot set --all and --selector at the same time'),
      exitCode: 1,
    };
  const found = findTargets(ctx, invocation, { allowSelector: true, allowAll: true });
  if (!found.ok) return { stdout: '', stderr: clientError(found.error), exitCode: 1 };
  const { targets } = found;

  let stderr = cascade.warning ?? '';
  if (force && grace === 0) stderr += FORCE_WARNING;
  const ignoreNotFound = invocation.flags['ignore-not-found'] === true;
  const errors: KubectlError[] = ignoreNotFound
    ? targets.errors.filter((e) => !(e.type === 'api' && e.error.reason === 'NotFound'))
    : [...targets.errors];
  if (targets.emptySelection && !errors.length)
    return { stdout: ignoreNotFound ? '' : 'No resources found\n', stderr, exitCode: 0 };

  const operation = force && grace === 0 ? 'force deleted' : 'deleted';
  let stdout = '';
  const deleted: KubeObject[] = [];
  for (const object of targets.objects) {
    const line =
      output === 'name'
        ? `${kindPrefix(object.kind)}/${object.metadata.name}\n`
        : `${kindPrefix(object.kind)} "${object.metadata.name}" ${operation}${dryRunSuffix(dryRun.value)}\n`;
    if (dryRun.value === 'client') {
      stdout += line;
      continue;
    }
    const result = ctx.cluster.delete(
      object.kind,
      object.metadata.namespace,
      object.metadata.name,
      { propagationPolicy: cascade.value, ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}) },
      writeOptions(ctx, 'delete', dryRun.value),
    );
    if (!result.ok) {
      if (!(ignoreNotFound && result.error.reason === 'NotFound')) errors.push(apiError(result.error));
      continue;
    }
    stdout += line;
    deleted.push(object);
  }

  // --wait (default): block until every deleted object is gone from the API (finalizers, graceful pods).
  if (invocation.flags['wait'] !== false && dryRun.value === 'none' && deleted.length) {
    const timeout = (invocation.flags['timeout'] as number) || 10 * 60 * 1000;
    const gone = (o: KubeObject) => {
      const live = ctx.cluster.get(o.kind, o.metadata.namespace, o.metadata.name);
      return !live || live.metadata.uid !== o.metadata.uid;
    };
    const waited = watchUntil(ctx, timeout, () => ({ done: deleted.every(gone) }));
    if (!waited.finished && ctx.clock === 'stepped') {
      const pending = deleted.find((o) => !gone(o))!;
      errors.push({
        type: 'client',
        message: `timed out waiting for the condition on ${resourceInfo(pending.kind).resource}/${pending.metadata.name}`,
      });
    }
  }
  return finish(stdout, errors, stderr);
}

export const deleteCommand: CommandSpec = {
  path: ['delete'],
  short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  usage: 'kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]',
  flags: [
    FILENAME_FLAG,
    SELECTOR_FLAG,
    ALL_NAMESPACES_FLAG,
    {
      name: 'all',
      type: 'bool',
      default: false,
      description: 'Delete all resources, in the namespace of the specified resource types.',
    },
    {
      name: 'cascade',
      type: 'string',
      default: 'background',
      description: 'Must be "background", "orphan", or "foreground". Defaults to background.',
    },
    {
      name: 'grace-period',
      type: 'int',
      default: -1,
      description: 'Period of time in seconds given to the resource to terminate gracefully.',
    },
    {
      name: 'force',
      type: 'bool',
      default: false,
      description: 'If true, immediately remove resources from API and bypass graceful deletion.',
    },
    {
      name: 'now',
      type: 'bool',
      default: false,
      description: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).',
    },
    {
      name: 'wait',
      type: 'bool',
      default: true,
      description: 'If true, wait for resources to be gone before returning. This waits for finalizers.',
    },
    {
      name: 'timeout',
      type: 'duration',
      default: 0,
      description:
        'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object',
    },
    {
      name: 'ignore-not-found',
      type: 'bool',
      default: false,
      description: 'Treat "resource not found" as a successful delete.',
    },
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
  ],
  run,
};
