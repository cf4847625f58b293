// `kubectl scale (TYPE NAME | TYPE/NAME | -f FILE) --replicas=N [--current-replicas=M]`:
// `deployment.apps/web scaled` for Deployments, ReplicaSets and StatefulSets.
import type { KubeObject } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import type { KubectlError } from '../../manifest/manifest-reader';
import { findTargets } from '../shared/targets';
import { sendUpdate } from '../shared/templates';
import {
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
  apiError,
  clientErr,
  dryRunOf,
  finish,
  reply,
  writeOutputOf,
} from '../shared/write-support';

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

function run(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };
  if (!invocation.explicit.has('replicas'))
    return { stdout: '', stderr: clientError('required flag(s) "replicas" not set'), exitCode: 1 };
  const replicas = invocation.flags['replicas'] as number;
  if (replicas < 0)
    return {
      stdout: '',
      stderr: clientError(
        'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
      ),
      exitCode: 1,
    };
  const found = findTargets(ctx, invocation, { allowSelector: true, allowAll: true });
  if (!found.ok) return { stdout: '', stderr: clientError(found.error), exitCode: 1 };
  const { targets } = found;
  if (targets.emptySelection && !targets.errors.length)
    return { stdout: '', stderr: clientError('no objects passed to scale'), exitCode: 1 };
  const errors: KubectlError[] = [...targets.errors];
  const current = invocation.flags['current-replicas'] as number;
  let stdout = '';
  for (const object of targets.objects) {
    if (!SCALABLE.has(object.kind)) {
      errors.push({
        type: 'api',
        error: { code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' },
      });
      continue;
    }
    const spec = (object as Extract<KubeObject, { kind: 'Deployment' }>).spec;
    const was = spec.replicas ?? 1;
    if (current >= 0 && current !== was) {
      errors.push(clientErr(`Expected replicas to be ${current}, was ${was}`));
      continue;
    }
    const scaled = { ...object, spec: { ...spec, replicas } } as KubeObject;
    const result = sendUpdate(ctx, scaled, 'scale', dryRun.value);
    if (!result.ok) {
      errors.push(apiError(result.error));
      continue;
    }
    stdout += reply(ctx, result.value, 'scaled', dryRun.value, output.value).stdout;
  }
  return finish(stdout, errors);
}

export const scaleCommand: CommandSpec = {
  path: ['scale'],
  short: 'Set a new size for a deployment, replica set, or replication controller',
  usage:
    'kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]',
  flags: [
    {
      name: 'replicas',
      type: 'int',
      default: 0,
      description: 'The new desired number of replicas. Required.',
    },
    {
      name: 'current-replicas',
      type: 'int',
      default: -1,
      description:
        'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.',
    },
    { name: 'resource-version', type: 'string', description: 'Precondition for resource version.' },
    {
      name: 'all',
      type: 'bool',
      default: false,
      description: 'Select all resources in the namespace of the specified resource types',
    },
    {
      name: 'timeout',
      type: 'duration',
      default: 0,
      description: "The length of time to wait before giving up on a scale operation, zero means don't wait.",
    },
    FILENAME_FLAG,
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
  ],
  run,
};
