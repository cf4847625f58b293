// The write path of the simulated API server: what create, update and delete do to an object before it is
// stored (names, uid, resourceVersion, generation, timestamps, defaulting, admission, validation, graceful
// deletion and finalizers). Every function is pure: it returns the event to append, or an ApiError.
import type { KubeObject, Kind, ObjectOfKind } from '../api/objects';
import { isKind, resourceInfo } from '../api/objects';
import type { ObjectMetaInput } from '../api/meta';
import { Rng, randomSuffix, randomUid } from '../rng/rng';
import { jsonEqual } from '../rng/template-hash';
import type { Actor, ClusterEvent, KubeEventNote } from '../state/cluster-event';
import type { ClusterView } from '../state/cluster-state';
import { rfc3339 } from '../time/time';
import { admit } from './admission';
import {
  alreadyExists,
  badRequest,
  conflict,
  fail,
  invalid,
  namespaceNotFound,
  notFound,
  ok,
  required,
  type Result,
} from './api-error';
import { applyDefaults } from './defaults';
import { validateObject, validateUpdate } from './validation';

/** An object as a client sends it: metadata may lack uid, resourceVersion and timestamps. */
export type ObjectInput = Omit<KubeObject, 'metadata'> & { metadata: ObjectMetaInput };

export interface WriteMeta {
  actor: Actor;
  reason: string;
  cause?: number;
  notes?: KubeEventNote[];
}

export type DeletePropagation = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: DeletePropagation;
  /** Only delete if the stored object still has this uid (controllers deleting what they saw). */
  uid?: string;
}

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/** The version the next event will get, and randomness keyed by it (see rng.ts). */
function rngFor(view: ClusterView, salt: string): Rng {
  return new Rng(view.seed, `${salt}@${view.version + 1}`);
}

function envelope(view: ClusterView, meta: WriteMeta) {
  return {
    v: 1 as const,
    at: view.now,
    actor: meta.actor,
    reason: meta.reason,
    ...(meta.cause !== undefined ? { cause: meta.cause } : {}),
    ...(meta.notes && meta.notes.length ? { notes: meta.notes } : {}),
  };
}

export function createObject(
  view: ClusterView,
  input: ObjectInput,
  meta: WriteMeta,
): Result<{ event: ClusterEvent; object: KubeObject }> {
  if (!isKind(input.kind)) return fail(badRequest(`no kind "${String(input.kind)}" is registered`));
  const info = resourceInfo(input.kind);
  const namespace = info.namespaced ? (input.metadata.namespace ?? 'default') : undefined;
  if (namespace && !view.objects.get('Namespace', undefined, namespace))
    return fail(namespaceNotFound(namespace));

  let name = input.metadata.name;
  if (!name) {
    const prefix = input.metadata.generateName;
    if (!prefix)
      return fail(invalid(input.kind, '', [required('metadata.name', 'name or generateName is required')]));
    const rng = rngFor(view, 'name');
    // Retry on the (rare) collision, as the apiserver's generator effectively does.
    do name = `${prefix.length > 58 ? prefix.slice(0, 58) : prefix}${randomSuffix(rng)}`;
    while (view.objects.get(input.kind, namespace, name));
  }

  const draft = {
    ...input,
    metadata: {
      ...input.metadata,
      name,
      ...(namespace ? { namespace } : {}),
      uid: randomUid(rngFor(view, 'uid')),
      resourceVersion: String(view.resourceVersion + 1),
      creationTimestamp: rfc3339(view.now),
      ...(info.hasGeneration ? { generation: 1 } : {}),
    },
  } as KubeObject;
  if (!info.namespaced) delete draft.metadata.namespace;
  delete draft.metadata.deletionTimestamp;

  const object = admit(view, applyDefaults(draft), undefined);
  const causes = validateObject(object, view);
  if (causes.length) return fail(invalid(object.kind, name, causes));
  if (view.objects.get(object.kind, namespace, name)) return fail(alreadyExists(object.kind, name));

  return ok({ event: { type: 'ObjectCreated', ...envelope(view, meta), data: { object } }, object });
}

/** Replaces an object. A resourceVersion in the input is a precondition (optimistic concurrency). */
export function updateObject(
  view: ClusterView,
  input: KubeObject,
  meta: WriteMeta,
): Result<{ event: ClusterEvent; object: KubeObject | undefined }> {
  const namespace = resourceInfo(input.kind).namespaced ? (input.metadata.namespace ?? 'default') : undefined;
  const current = view.objects.get(input.kind, namespace, input.metadata.name);
  if (!current) return fail(notFound(input.kind, input.metadata.name));
  if (input.metadata.resourceVersion && input.metadata.resourceVersion !== current.metadata.resourceVersion) {
    return fail(conflict(input.kind, input.metadata.name));
  }
  const info = resourceInfo(input.kind);
  const draft = {
    ...input,
    metadata: {
      ...input.metadata,
      ...(namespace ? { namespace } : {}),
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      resourceVersion: String(view.resourceVersion + 1),
      ...(current.metadata.deletionTimestamp
        ? { deletionTimestamp: current.metadata.deletionTimestamp }
        : {}),
      ...(current.metadata.deletionGracePeriodSeconds !== undefined
        ? { deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds }
        : {}),
    },
  } as KubeObject;
  const object = admit(view, applyDefaults(draft), current);
  if (info.hasGeneration) {
    const specChanged = !jsonEqual(specOf(object), specOf(current));
    object.metadata.generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
  }
  const causes = [...validateObject(object, view), ...validateUpdate(current, object)];
  if (causes.length) return fail(invalid(object.kind, object.metadata.name, causes));

  // The last finalizer of an object being deleted is gone: the object goes. A pod in its grace period
  // (deletionGracePeriodSeconds > 0) stays: the kubelet still updates it and deletes it when its containers
  // have stopped (genericregistry shouldDeleteDuringUpdate).
  const inGracePeriod =
    current.kind === 'Pod' &&
    !(current.metadata.finalizers ?? []).length &&
    (current.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  if (object.metadata.deletionTimestamp && !(object.metadata.finalizers ?? []).length && !inGracePeriod) {
    return ok({ event: deletedEvent(view, object, meta), object: undefined });
  }
  return ok({ event: { type: 'ObjectUpdated', ...envelope(view, meta), data: { object } }, object });
}

/**
 * Deletes an object. Pods on a node terminate gracefully (deletionTimestamp now + grace; the kubelet removes
 * them); objects with finalizers, or deleted with Foreground/Orphan propagation, wait for their finalizers.
 */
export function deleteObject(
  view: ClusterView,
  kind: Kind,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
  meta: WriteMeta,
): Result<{ event: ClusterEvent | undefined; object: KubeObject | undefined }> {
  const ns = resourceInfo(kind).namespaced ? (namespace ?? 'default') : undefined;
  const current = view.objects.get(kind, ns, name);
  if (!current || (options.uid && current.metadata.uid !== options.uid)) return fail(notFound(kind, name));

  const propagation = options.propagationPolicy ?? 'Background';
  const finalizers = [...(current.metadata.finalizers ?? [])];
  if (propagation === 'Foreground' && !finalizers.includes(FOREGROUND_FINALIZER))
    finalizers.push(FOREGROUND_FINALIZER);
  if (propagation === 'Orphan' && !finalizers.includes(ORPHAN_FINALIZER)) finalizers.push(ORPHAN_FINALIZER);

  if (current.kind === 'Pod') {
    const defaultGrace = current.spec.terminationGracePeriodSeconds ?? 30;
    const grace = Math.max(0, options.gracePeriodSeconds ?? defaultGrace);
    // Unscheduled pods, and grace 0 (kubectl --force), leave the API at once.
    const immediate = !current.spec.nodeName || grace === 0;
    if (immediate && !finalizers.length)
      return ok({ event: deletedEvent(view, current, meta), object: undefined });
    const existingDeadline = current.metadata.deletionTimestamp;
    const deadline = rfc3339(view.now + grace * 1000);
    if (
      existingDeadline &&
      existingDeadline <= deadline &&
      sameList(finalizers, current.metadata.finalizers)
    ) {
      return ok({ event: undefined, object: current });
    }
    const object = withMeta(view, current, {
      deletionTimestamp: deadline,
      deletionGracePeriodSeconds: grace,
      finalizers,
    });
    return ok({ event: { type: 'ObjectUpdated', ...envelope(view, meta), data: { object } }, object });
  }

  if (!finalizers.length) return ok({ event: deletedEvent(view, current, meta), object: undefined });
  if (current.metadata.deletionTimestamp && sameList(finalizers, current.metadata.finalizers)) {
    return ok({ event: undefined, object: current });
  }
  const object = withMeta(view, current, {
    deletionTimestamp: current.metadata.deletionTimestamp ?? rfc3339(view.now),
    deletionGracePeriodSeconds: 0,
    finalizers,
  });
  return ok({ event: { type: 'ObjectUpdated', ...envelope(view, meta), data: { object } }, object });
}

function deletedEvent(view: ClusterView, object: KubeObject, meta: WriteMeta): ClusterEvent {
  return {
    type: 'ObjectDeleted',
    ...envelope(view, meta),
    data: {
      kind: object.kind,
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      name: object.metadata.name,
      uid: object.metadata.uid,
    },
  };
}

function withMeta<T extends KubeObject>(view: ClusterView, object: T, patch: Partial<T['metadata']>): T {
  const metadata = { ...object.metadata, ...patch, resourceVersion: String(view.resourceVersion + 1) };
  if (metadata.finalizers && metadata.finalizers.length === 0) delete metadata.finalizers;
  return { ...object, metadata };
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return jsonEqual(a ?? [], b ?? []);
}

/** The part of an object whose change bumps metadata.generation. */
function specOf(object: KubeObject): unknown {
  return 'spec' in object ? object.spec : undefined;
}

export type { ObjectOfKind };
