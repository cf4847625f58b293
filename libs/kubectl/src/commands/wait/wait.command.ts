// `kubectl wait --for=condition=Ready|delete|jsonpath='{…}'=value (TYPE NAME | TYPE/NAME | -l … | --all)
// [--timeout=30s]`: `pod/x condition met` per object; `error: timed out waiting for the condition on pods/x`.
// Waiting moves a stepped sandbox's clock (see shared/watch.ts).
import { resourceInfo, type KubeObject } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import type { KubectlError } from '../../manifest/manifest-reader';
import { executeTemplate } from '../../printers/jsonpath';
import { toApiJson } from '../../printers/serialize';
import { findTargets } from '../shared/targets';
import { watchUntil } from '../shared/watch';
import {
  ALL_NAMESPACES_FLAG,
  FILENAME_FLAG,
  SELECTOR_FLAG,
  clientErr,
  finish,
  qualified,
} from '../shared/write-support';

type Condition =
  | { type: 'delete' }
  | { type: 'condition'; name: string; value: string }
  | { type: 'jsonpath'; path: string; value: string | undefined };

function parseFor(raw: string): Condition | string {
  if (raw === 'delete') return { type: 'delete' };
  if (raw.startsWith('condition=')) {
    const [name, value] = raw.slice('condition='.length).split('=');
    if (!name) return `unrecognized condition: "${raw}"`;
    return { type: 'condition', name, value: value ?? 'true' };
  }
  if (raw.startsWith('jsonpath=')) {
    const body = raw.slice('jsonpath='.length);
    const close = body.lastIndexOf('}');
    const path = close >= 0 ? body.slice(0, close + 1) : body;
    const rest = body.slice(path.length);
    const value = rest.startsWith('=') ? rest.slice(1) : undefined;
    return { type: 'jsonpath', path: path.startsWith('{') ? path : `{${path}}`, value };
  }
  return `unrecognized condition: "${raw}"`;
}

function met(condition: Condition, object: KubeObject | undefined): boolean {
  if (condition.type === 'delete') return object === undefined;
  if (!object) return false;
  if (condition.type === 'condition') {
    const status = (
      object as { status?: { conditions?: { type: string; status: string }[]; observedGeneration?: number } }
    ).status;
    const generation = object.metadata.generation;
    if (
      status?.observedGeneration !== undefined &&
      generation !== undefined &&
      status.observedGeneration < generation
    )
      return false;
    const found = status?.conditions?.find((c) => c.type.toLowerCase() === condition.name.toLowerCase());
    return !!found && found.status.toLowerCase() === condition.value.toLowerCase();
  }
  try {
    const text = executeTemplate(condition.path, toApiJson(object));
    return condition.value === undefined ? text !== '' : text === condition.value;
  } catch {
    return false;
  }
}

function run(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const raw = invocation.flags['for'] as string | undefined;
  if (!raw) return { stdout: '', stderr: clientError('--for must be specified'), exitCode: 1 };
  const condition = parseFor(raw);
  if (typeof condition === 'string') return { stdout: '', stderr: clientError(condition), exitCode: 1 };
  const found = findTargets(ctx, invocation, { allowSelector: true, allowAll: true });
  if (!found.ok) return { stdout: '', stderr: clientError(found.error), exitCode: 1 };
  const { targets } = found;
  // Waiting for the deletion of something already gone succeeds.
  const errors: KubectlError[] = targets.errors.filter(
    (e) => !(condition.type === 'delete' && e.type === 'api' && e.error.reason === 'NotFound'),
  );
  if (!targets.errors.length && !targets.objects.length && !errors.length)
    return { stdout: '', stderr: clientError('no matching resources found'), exitCode: 1 };
  const timeout = invocation.flags['timeout'] as number;
  let stdout = '';
  for (const object of targets.objects) {
    const current = () => {
      const live = ctx.cluster.get(object.kind, object.metadata.namespace, object.metadata.name);
      return live && live.metadata.uid === object.metadata.uid ? live : undefined;
    };
    const waited = watchUntil(ctx, Math.max(0, timeout), () => ({ done: met(condition, current()) }));
    if (waited.finished) stdout += `${qualified(object)} condition met\n`;
    else {
      errors.push(
        clientErr(
          `timed out waiting for the condition on ${resourceInfo(object.kind).resource}/${object.metadata.name}`,
        ),
      );
    }
  }
  return finish(stdout, errors);
}

export const waitCommand: CommandSpec = {
  path: ['wait'],
  short: 'Experimental: Wait for a specific condition on one or many resources',
  usage:
    "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
  flags: [
    {
      name: 'for',
      type: 'string',
      description:
        "The condition to wait on: [delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]].",
    },
    {
      name: 'timeout',
      type: 'duration',
      default: 30_000,
      description:
        "The length of time to wait before giving up.  Zero means check once and don't wait, negative means wait for a week.",
    },
    {
      name: 'all',
      type: 'bool',
      default: false,
      description: 'Select all resources in the namespace of the specified resource types',
    },
    FILENAME_FLAG,
    SELECTOR_FLAG,
    ALL_NAMESPACES_FLAG,
  ],
  run,
};
