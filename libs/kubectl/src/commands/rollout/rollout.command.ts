// `kubectl rollout status|history|undo|pause|resume|restart` (spec A.2.7, A.2.10, B.3, B.4).
// `rollout status` watches: see shared/watch.ts for what that means in stepped and live sandboxes.
import {
  controllerRevisionHistory,
  kindPrefix,
  jsonEqual,
  rfc3339,
  type Deployment,
  type KubeObject,
  type PodTemplateSpec,
  type ReplicaSet,
} from '@podlab/kube';
import type { CommandOutput, CommandSpec, FlagSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import type { KubectlError } from '../../manifest/manifest-reader';
import { tabwrite } from '../../printers/tabwriter';
import { describePodTemplate } from '../describe/pod-template';
import { findTargets } from '../shared/targets';
import { podTemplateOf, sendUpdate } from '../shared/templates';
import { watchUntil } from '../shared/watch';
import {
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
  apiError,
  clientErr,
  deepClone,
  dryRunOf,
  finish,
  qualified,
  reply,
  writeOutputOf,
} from '../shared/write-support';
import { rolloutStatusOf } from './status-viewers';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const HASH_LABEL = 'pod-template-hash';
/** Annotations `rollout undo` keeps from the Deployment instead of copying them from the ReplicaSet. */
const UNDO_SKIPPED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

const fail = (message: string): CommandOutput => ({ stdout: '', stderr: clientError(message), exitCode: 1 });

/** `<resource>.<group> "<name>"`, the prefix of rollout's object errors (`deployments.apps "web" is …`). */
function objectLabel(object: KubeObject): string {
  const prefix = kindPrefix(object.kind);
  const [singular, ...group] = prefix.split('.');
  return `${singular}s${group.length ? `.${group.join('.')}` : ''} "${object.metadata.name}"`;
}

function targetsOf(ctx: KubectlContext, invocation: Invocation, typeMeansAll = false) {
  return findTargets(ctx, invocation, { allowSelector: true, typeMeansAll });
}

// ---- status -------------------------------------------------------------------------------------------

function runStatus(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const found = targetsOf(ctx, invocation);
  if (!found.ok) return fail(found.error);
  const { targets } = found;
  if (targets.errors.length) return finish('', targets.errors);
  if (targets.objects.length !== 1)
    return fail(
      `rollout status is only supported on individual resources and resource collections, but ${targets.objects.length} resources were found`,
    );
  const object = targets.objects[0]!;
  const revision = invocation.flags['revision'] as number;
  if (revision < 0) return fail('revision must be a positive integer: ' + String(revision));
  const first = rolloutStatusOf(object, revision);
  if (!first) return fail(`no status viewer has been implemented for ${object.kind}`);

  let stdout = '';
  // Every watch event (each write of the object) prints its line, as kubectl's watch loop does.
  const uid = object.metadata.uid;
  const events = ctx.cluster.newEvents();
  let seen = events.length;
  let outcome: { done: boolean; error?: string } = { done: false };
  const consider = (o: KubeObject) => {
    const status = rolloutStatusOf(o, revision)!;
    if (status.error) outcome = { done: true, error: status.error };
    else {
      stdout += status.message;
      if (status.done) outcome = { done: true };
    }
  };
  consider(ctx.cluster.get(object.kind, object.metadata.namespace, object.metadata.name) ?? object);
  if (outcome.done || invocation.flags['watch'] === false || ctx.clock === 'live') {
    return outcome.error
      ? { stdout, stderr: clientError(outcome.error), exitCode: 1 }
      : { stdout, stderr: '', exitCode: 0 };
  }
  // Without --timeout kubectl waits forever; the simulated cap is 10 minutes, stretched past a Deployment's
  // progress deadline so that a stalled rollout ends with kubectl's own "exceeded its progress deadline".
  const deadline =
    object.kind === 'Deployment' ? ((object.spec.progressDeadlineSeconds ?? 600) + 60) * 1000 : 0;
  const timeout = (invocation.flags['timeout'] as number) || Math.max(10 * 60 * 1000, deadline);
  const watched = watchUntil(ctx, timeout, () => {
    const all = ctx.cluster.newEvents();
    for (; seen < all.length && !outcome.done; seen++) {
      const event = all[seen]!;
      if (event.type === 'ObjectUpdated' && event.data.object.metadata.uid === uid)
        consider(event.data.object);
      else if (event.type === 'ObjectDeleted' && event.data.uid === uid)
        outcome = { done: true, error: 'object has been deleted' };
    }
    seen = all.length;
    return { done: outcome.done };
  });
  if (outcome.error) return { stdout, stderr: clientError(outcome.error), exitCode: 1 };
  if (!watched.finished)
    return { stdout, stderr: clientError('timed out waiting for the condition'), exitCode: 1 };
  return { stdout, stderr: '', exitCode: 0 };
}

// ---- history --------------------------------------------------------------------------------------------

interface Revision {
  number: number;
  changeCause: string | undefined;
  template: PodTemplateSpec;
}

function ownedReplicaSets(ctx: KubectlContext, d: Deployment): ReplicaSet[] {
  return ctx.cluster
    .view()
    .objects.dependents(d.metadata.uid, 'ReplicaSet')
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller));
}

function revisionsOf(ctx: KubectlContext, object: KubeObject): Revision[] | undefined {
  if (object.kind === 'Deployment')
    return ownedReplicaSets(ctx, object)
      .map((rs) => ({
        number: Number(rs.metadata.annotations?.[REVISION] ?? 0),
        changeCause: rs.metadata.annotations?.[CHANGE_CAUSE],
        template: rs.spec.template,
      }))
      .filter((r) => r.number > 0)
      .sort((a, b) => a.number - b.number);
  if (object.kind === 'StatefulSet' || object.kind === 'DaemonSet')
    return controllerRevisionHistory(ctx.cluster.view(), object).map((r) => ({
      number: r.revision,
      changeCause: r.changeCause,
      template: r.template,
    }));
  return undefined;
}

function runHistory(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const found = targetsOf(ctx, invocation);
  if (!found.ok) return fail(found.error);
  const { targets } = found;
  let stdout = '';
  const errors: KubectlError[] = [...targets.errors];
  const wanted = invocation.flags['revision'] as number;
  for (const object of targets.objects) {
    const revisions = revisionsOf(ctx, object);
    if (!revisions) {
      errors.push(clientErr(`no history viewer has been implemented for ${JSON.stringify(object.kind)}`));
      continue;
    }
    if (wanted > 0) {
      const revision = revisions.find((r) => r.number === wanted);
      if (!revision) {
        errors.push(clientErr('unable to find the specified revision'));
        continue;
      }
      stdout += `${qualified(object)} with revision #${wanted}\n${describePodTemplate(revision.template)}\n`;
      continue;
    }
    if (!revisions.length) {
      stdout += `${qualified(object)} \nNo rollout history found.\n`;
      continue;
    }
    const table = tabwrite(
      [['REVISION', 'CHANGE-CAUSE'], ...revisions.map((r) => [String(r.number), r.changeCause ?? '<none>'])],
      { minWidth: 0, padding: 2 },
    );
    stdout += `${qualified(object)} \n${table}\n`;
  }
  return finish(stdout, errors);
}

// ---- undo -------------------------------------------------------------------------------------------------

function withoutHash(template: PodTemplateSpec): PodTemplateSpec {
  const copy = deepClone(template);
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[HASH_LABEL];
  }
  return copy;
}

function runUndo(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const found = targetsOf(ctx, invocation);
  if (!found.ok) return fail(found.error);
  const { targets } = found;
  const errors: KubectlError[] = [...targets.errors];
  let stdout = '';
  const toRevision = invocation.flags['to-revision'] as number;
  for (const object of targets.objects) {
    const revisions = revisionsOf(ctx, object);
    if (!revisions) {
      errors.push(clientErr(`no rollbacker has been implemented for ${JSON.stringify(object.kind)}`));
      continue;
    }
    if (object.kind === 'Deployment' && object.spec.paused) {
      errors.push(
        clientErr(
          "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
        ),
      );
      continue;
    }
    let target: Revision | undefined;
    if (toRevision > 0) {
      target = revisions.find((r) => r.number === toRevision);
      if (!target) {
        errors.push(clientErr(`unable to find specified revision ${toRevision} in history`));
        continue;
      }
    } else {
      target = revisions.length >= 2 ? revisions[revisions.length - 2] : undefined;
      if (!target) {
        const what =
          object.kind === 'Deployment'
            ? 'deployment'
            : object.kind === 'StatefulSet'
              ? 'statefulset'
              : 'daemonset';
        errors.push(clientErr(`no rollout history found for ${what} "${object.metadata.name}"`));
        continue;
      }
    }
    const current = podTemplateOf(object)!;
    const template = withoutHash(target.template);
    if (jsonEqual(withoutHash(current), template)) {
      stdout += `${qualified(object)} skipped rollback (current template already matches revision ${target.number})\n`;
      continue;
    }
    const copy = deepClone(object) as Deployment;
    copy.spec.template = template;
    if (object.kind === 'Deployment') {
      const rs = ownedReplicaSets(ctx, object).find(
        (r) => Number(r.metadata.annotations?.[REVISION]) === target!.number,
      );
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(rs?.metadata.annotations ?? {}))
        if (!UNDO_SKIPPED.has(k)) annotations[k] = v;
      for (const [k, v] of Object.entries(object.metadata.annotations ?? {}))
        if (UNDO_SKIPPED.has(k)) annotations[k] = v;
      copy.metadata = { ...copy.metadata, annotations };
      if (!Object.keys(annotations).length) delete copy.metadata.annotations;
    }
    const sent = sendUpdate(ctx, copy as KubeObject, 'rollout undo', dryRun.value);
    if (!sent.ok) {
      errors.push(apiError(sent.error));
      continue;
    }
    stdout += `${qualified(object)} rolled back${dryRun.value === 'client' ? ' (dry run)' : dryRun.value === 'server' ? ' (server dry run)' : ''}\n`;
  }
  return finish(stdout, errors);
}

// ---- pause / resume / restart --------------------------------------------------------------------------

function mutate(
  ctx: KubectlContext,
  invocation: Invocation,
  verb: string,
  operation: string,
  change: (object: KubeObject) => { object?: KubeObject; error?: string },
  typeMeansAll = false,
): CommandOutput {
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const found = targetsOf(ctx, invocation, typeMeansAll);
  if (!found.ok) return fail(found.error);
  const errors: KubectlError[] = [...found.targets.errors];
  let stdout = '';
  for (const object of found.targets.objects) {
    const changed = change(deepClone(object));
    if (changed.error || !changed.object) {
      errors.push(clientErr(`${objectLabel(object)} ${changed.error ?? ''}`));
      continue;
    }
    const sent = sendUpdate(ctx, changed.object, verb, dryRun.value);
    if (!sent.ok) {
      errors.push(apiError(sent.error));
      continue;
    }
    stdout += reply(ctx, sent.value, operation, dryRun.value, output.value).stdout;
  }
  return finish(stdout, errors);
}

function runPause(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  return mutate(ctx, invocation, 'rollout pause', 'paused', (object) => {
    if (object.kind !== 'Deployment') return { error: 'pausing is not supported' };
    if (object.spec.paused) return { error: 'is already paused' };
    return { object: { ...object, spec: { ...object.spec, paused: true } } };
  });
}

function runResume(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  return mutate(ctx, invocation, 'rollout resume', 'resumed', (object) => {
    if (object.kind !== 'Deployment') return { error: 'resuming is not supported' };
    if (!object.spec.paused) return { error: 'is not paused' };
    const spec = { ...object.spec };
    delete spec.paused;
    return { object: { ...object, spec } };
  });
}

function runRestart(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const at = rfc3339(ctx.cluster.now);
  return mutate(
    ctx,
    invocation,
    'rollout restart',
    'restarted',
    (object) => {
      if (object.kind === 'Deployment' && object.spec.paused)
        return { error: "can't restart paused deployment (run rollout resume first)" };
      const template = podTemplateOf(object);
      if (!template || object.kind === 'ReplicaSet') return { error: 'restarting is not supported' };
      template.metadata = {
        ...(template.metadata ?? {}),
        annotations: { ...(template.metadata?.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': at },
      };
      return { object };
    },
    true,
  );
}

const TARGET_FLAGS: FlagSpec[] = [FILENAME_FLAG, SELECTOR_FLAG];

export const rolloutStatusCommand: CommandSpec = {
  path: ['rollout', 'status'],
  short: 'Show the status of the rollout',
  usage: 'kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]',
  flags: [
    ...TARGET_FLAGS,
    {
      name: 'watch',
      short: 'w',
      type: 'bool',
      default: true,
      description: "Watch the status of the rollout until it's done.",
    },
    {
      name: 'revision',
      type: 'int',
      default: 0,
      description: 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).',
    },
    {
      name: 'timeout',
      type: 'duration',
      default: 0,
      description: 'The length of time to wait before ending watch, zero means never.',
    },
  ],
  run: runStatus,
};

export const rolloutHistoryCommand: CommandSpec = {
  path: ['rollout', 'history'],
  short: 'View rollout history',
  usage: 'kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]',
  flags: [
    ...TARGET_FLAGS,
    {
      name: 'revision',
      type: 'int',
      default: 0,
      description: 'See the details, including podTemplate of the revision specified',
    },
    OUTPUT_FLAG,
  ],
  run: runHistory,
};

export const rolloutUndoCommand: CommandSpec = {
  path: ['rollout', 'undo'],
  short: 'Undo a previous rollout',
  usage: 'kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]',
  flags: [
    ...TARGET_FLAGS,
    {
      name: 'to-revision',
      type: 'int',
      default: 0,
      description: 'The revision to rollback to. Default to 0 (last revision).',
    },
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
  ],
  run: runUndo,
};

export const rolloutPauseCommand: CommandSpec = {
  path: ['rollout', 'pause'],
  short: 'Mark the provided resource as paused',
  usage: 'kubectl rollout pause RESOURCE',
  flags: [...TARGET_FLAGS, DRY_RUN_FLAG, OUTPUT_FLAG],
  run: runPause,
};

export const rolloutResumeCommand: CommandSpec = {
  path: ['rollout', 'resume'],
  short: 'Resume a paused resource',
  usage: 'kubectl rollout resume RESOURCE',
  flags: [...TARGET_FLAGS, DRY_RUN_FLAG, OUTPUT_FLAG],
  run: runResume,
};

export const rolloutRestartCommand: CommandSpec = {
  path: ['rollout', 'restart'],
  short: 'Restart a resource',
  usage: 'kubectl rollout restart RESOURCE',
  flags: [...TARGET_FLAGS, DRY_RUN_FLAG, OUTPUT_FLAG],
  run: runRestart,
};
