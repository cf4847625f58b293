// Sending manifest objects to the API the way `kubectl apply` and `kubectl create -f` do, one document at a
// time: strict decoding first (unknown fields are the server's BadRequest), then create, or for apply the
// client-side three-way merge against the live object with the last-applied annotation.
import { canonicalJson, jsonEqual, type KubeObject, type ObjectInput } from '@podlab/kube';
import type { KubectlContext } from '../../command/command';
import { withSource } from '../../errors/kubectl-errors';
import {
  validateFields,
  type KubectlError,
  type ManifestObject,
  type Validation,
} from '../../manifest/manifest-reader';
import { apiError, clientErr, deepClone, writeOptions, type DryRun } from '../shared/write-support';
import { threeWayMerge } from './three-way-merge';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type WriteOutcome =
  | { ok: true; object: KubeObject; operation: 'created' | 'configured' | 'unchanged'; warning?: string }
  | { ok: false; error: KubectlError };

/** Go's json.Marshal of an unstructured object: keys sorted, compact, HTML characters escaped, newline. */
export function lastAppliedJson(object: Record<string, unknown>): string {
  const { metadata, ...rest } = object;
  const meta = { ...(metadata as Record<string, unknown>) };
  const annotations = { ...((meta['annotations'] as Record<string, string> | undefined) ?? {}) };
  delete annotations[LAST_APPLIED];
  if (Object.keys(annotations).length) meta['annotations'] = annotations;
  else delete meta['annotations'];
  const json = canonicalJson({ ...rest, metadata: meta })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
  return `${json}\n`;
}

function withAnnotation(
  object: Record<string, unknown>,
  key: string,
  value: string,
): Record<string, unknown> {
  const metadata = { ...(object['metadata'] as Record<string, unknown>) };
  metadata['annotations'] = {
    ...((metadata['annotations'] as Record<string, string> | undefined) ?? {}),
    [key]: value,
  };
  return { ...object, metadata };
}

function emptyNameError(item: ManifestObject): KubectlError {
  const { info } = item;
  const gvr = `${info.apiVersion}, Resource=${info.resource}`;
  const gvk = `${info.apiVersion}, Kind=${info.kind}`;
  return clientErr(
    `error when retrieving current configuration of:\nResource: "${gvr}", GroupVersionKind: "${gvk}"\nName: "", Namespace: "${item.namespace ?? ''}"\nfrom server for: "${item.source}": resource name may not be empty`,
  );
}

/** `kubectl create -f`: create each object (optionally saving the config for later applies). */
export function createFromManifest(
  ctx: KubectlContext,
  manifest: ManifestObject,
  dryRun: DryRun,
  saveConfig: boolean,
  validation: Validation = 'strict',
): WriteOutcome {
  const checked = validateFields(manifest, validation);
  if (!checked.ok)
    return { ok: false, error: apiError(withSource(checked.error, 'creating', manifest.source)) };
  const item = { ...manifest, object: checked.object };
  const warning = checked.warnings || undefined;
  let object = deepClone(item.object) as Record<string, unknown>;
  if (saveConfig) object = withAnnotation(object, LAST_APPLIED, lastAppliedJson(object));
  if (dryRun === 'client')
    return {
      ok: true,
      object: object as unknown as KubeObject,
      operation: 'created',
      ...(warning ? { warning } : {}),
    };
  const result = ctx.cluster.create(object as unknown as ObjectInput, writeOptions(ctx, 'create', dryRun));
  if (!result.ok) return { ok: false, error: apiError(withSource(result.error, 'creating', item.source)) };
  return { ok: true, object: result.value, operation: 'created', ...(warning ? { warning } : {}) };
}

/** `kubectl apply -f` for one object: created / configured / unchanged. */
export function applyManifest(
  ctx: KubectlContext,
  manifest: ManifestObject,
  dryRun: DryRun,
  validation: Validation = 'strict',
): WriteOutcome {
  if (!manifest.name) return { ok: false, error: emptyNameError(manifest) };
  const current = ctx.cluster.get(manifest.info.kind, manifest.namespace, manifest.name);
  const checked = validateFields(manifest, validation);
  if (!checked.ok)
    return {
      ok: false,
      error: apiError(withSource(checked.error, current ? 'patching' : 'creating', manifest.source)),
    };
  const item = { ...manifest, object: checked.object };
  const fieldWarnings = checked.warnings;
  const modified = withAnnotation(deepClone(item.object), LAST_APPLIED, lastAppliedJson(item.object));

  if (!current) {
    const warn = fieldWarnings ? { warning: fieldWarnings } : {};
    if (dryRun === 'client')
      return { ok: true, object: modified as unknown as KubeObject, operation: 'created', ...warn };
    const result = ctx.cluster.create(modified as unknown as ObjectInput, writeOptions(ctx, 'apply', dryRun));
    if (!result.ok) return { ok: false, error: apiError(withSource(result.error, 'creating', item.source)) };
    return { ok: true, object: result.value, operation: 'created', ...warn };
  }

  const annotation = current.metadata.annotations?.[LAST_APPLIED];
  let original: unknown;
  try {
    original = annotation ? JSON.parse(annotation) : undefined;
  } catch {
    original = undefined;
  }
  const missingAnnotation = annotation
    ? ''
    : `Warning: resource ${item.info.resource}/${item.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`;
  const warning = missingAnnotation + fieldWarnings || undefined;
  const merged = threeWayMerge(original, modified, deepClone(current)) as KubeObject;
  if (jsonEqual(merged, current))
    return { ok: true, object: current, operation: 'unchanged', ...(warning ? { warning } : {}) };
  if (dryRun === 'client')
    return { ok: true, object: merged, operation: 'configured', ...(warning ? { warning } : {}) };
  const result = ctx.cluster.update(merged, writeOptions(ctx, 'apply', dryRun));
  if (!result.ok) return { ok: false, error: apiError(result.error) };
  return {
    ok: true,
    object: result.value ?? merged,
    operation: 'configured',
    ...(warning ? { warning } : {}),
  };
}
