// Where the pod spec lives in each kind kubectl's `set` and `rollout` commands handle (the pod itself or the
// template of a workload), and the update helper they share.
import type { KubeObject, PodSpec, PodTemplateSpec, Result } from '@podlab/kube';
import type { KubectlContext } from '../../command/command';
import { writeOptions, type DryRun } from './write-support';

export function podTemplateOf(object: KubeObject): PodTemplateSpec | undefined {
  switch (object.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      return object.spec.template;
    default:
      return undefined;
  }
}

/** The pod spec of a Pod or of a workload's template (undefined for other kinds). */
export function podSpecOf(object: KubeObject): PodSpec | undefined {
  if (object.kind === 'Pod') return object.spec;
  return podTemplateOf(object)?.spec;
}

/** Sends a changed copy of an object (client dry run: returns it without sending). */
export function sendUpdate(
  ctx: KubectlContext,
  object: KubeObject,
  verb: string,
  dryRun: DryRun,
): Result<KubeObject> {
  if (dryRun === 'client') return { ok: true, value: object };
  const result = ctx.cluster.update(object, writeOptions(ctx, verb, dryRun));
  if (!result.ok) return result;
  return { ok: true, value: result.value ?? object };
}

/** kubectl --record: the command line as the change-cause annotation. */
export function withChangeCause<T extends KubeObject>(object: T, line: string, record: boolean): T {
  if (!record) return object;
  const words = line.trim().split(/\s+/);
  if (words[0] === 'k') words[0] = 'kubectl';
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...(object.metadata.annotations ?? {}), 'kubernetes.io/change-cause': words.join(' ') },
    },
  };
}
