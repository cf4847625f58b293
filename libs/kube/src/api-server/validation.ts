// API server validation (pkg/apis/*/validation) with its field paths and messages, for what the curriculum
// touches. Returns every cause, so kubectl can print one line or the multi-line list.
import type { LabelSelector } from '../api/meta';
import type { KubeObject } from '../api/objects';
import type { PodSpec, PodTemplateSpec } from '../api/pod';
import { jsonEqual } from '../rng/template-hash';
import type { ClusterView } from '../state/cluster-state';
import { forbidden, invalidValue, required, type FieldCause } from './api-error';
import { matchesSelector } from '../api/selectors';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS1123_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

export function validateObject(object: KubeObject, _view: ClusterView): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = object.metadata.name;
  // Services and StatefulSets (their names become DNS labels / pod names) need RFC 1123 labels.
  const labelNamed = object.kind === 'Service' || object.kind === 'Namespace';
  if (
    labelNamed
      ? !DNS1123_LABEL.test(name) || name.length > 63
      : !DNS1123_SUBDOMAIN.test(name) || name.length > 253
  ) {
    causes.push(
      invalidValue('metadata.name', name, labelNamed ? DNS1123_LABEL_MESSAGE : DNS1123_SUBDOMAIN_MESSAGE),
    );
  }
  switch (object.kind) {
    case 'Pod':
      causes.push(...validatePodSpec(object.spec, 'spec'));
      break;
    case 'Deployment': {
      const s = object.spec;
      causes.push(...validateReplicas(s.replicas, 'spec.replicas'));
      causes.push(...validateSelectorAndTemplate(s.selector, s.template, 'deployment'));
      const ru = s.strategy?.rollingUpdate;
      if (s.strategy?.type === 'RollingUpdate' && ru) {
        if (isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) {
          causes.push(
            invalidValue(
              'spec.strategy.rollingUpdate.maxUnavailable',
              ru.maxUnavailable ?? 0,
              'may not be 0 when `maxSurge` is 0',
            ),
          );
        }
        if (typeof ru.maxUnavailable === 'string' && percent(ru.maxUnavailable) > 100) {
          causes.push(
            invalidValue(
              'spec.strategy.rollingUpdate.maxUnavailable',
              ru.maxUnavailable,
              'must not be greater than 100%',
            ),
          );
        }
      }
      if (s.strategy?.type === 'Recreate' && s.strategy.rollingUpdate) {
        causes.push(
          forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"),
        );
      }
      if (s.progressDeadlineSeconds !== undefined && s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) {
        causes.push(
          invalidValue(
            'spec.progressDeadlineSeconds',
            s.progressDeadlineSeconds,
            'must be greater than minReadySeconds',
          ),
        );
      }
      break;
    }
    case 'ReplicaSet':
      causes.push(...validateReplicas(object.spec.replicas, 'spec.replicas'));
      causes.push(...validateSelectorAndTemplate(object.spec.selector, object.spec.template, 'replicaset'));
      break;
    case 'StatefulSet':
      causes.push(...validateReplicas(object.spec.replicas, 'spec.replicas'));
      if (!object.spec.serviceName) causes.push(required('spec.serviceName'));
      causes.push(...validateSelectorAndTemplate(object.spec.selector, object.spec.template, 'statefulset'));
      break;
    case 'DaemonSet':
      causes.push(...validateSelectorAndTemplate(object.spec.selector, object.spec.template, 'daemonset'));
      break;
    default:
      break;
  }
  return causes;
}

export function validateUpdate(old: KubeObject, next: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  if (
    (next.kind === 'Deployment' ||
      next.kind === 'ReplicaSet' ||
      next.kind === 'DaemonSet' ||
      next.kind === 'StatefulSet') &&
    old.kind === next.kind
  ) {
    if (!jsonEqual(old.spec.selector, next.spec.selector)) {
      // The value is Go's %#v of the struct, printed as is (not quoted like a string value).
      causes.push({
        type: 'FieldValueInvalid',
        field: 'spec.selector',
        message: `Invalid value: ${goLabelSelector(next.spec.selector)}: field is immutable`,
      });
    }
  }
  if (next.kind === 'Pod' && old.kind === 'Pod' && !podSpecUpdateAllowed(old.spec, next.spec)) {
    causes.push(
      forbidden(
        'spec',
        'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      ),
    );
  }
  return causes;
}

/**
 * ValidatePodUpdate: a pod's spec is immutable but for images, activeDeadlineSeconds and added tolerations.
 * Binding (nodeName set once by the scheduler) is a subresource upstream; here it is the one other change.
 */
function podSpecUpdateAllowed(old: PodSpec, next: PodSpec): boolean {
  // Status-only writes (kubelet, controllers) keep the spec object itself: the hot path costs nothing.
  if (old === next) return true;
  const changed = new Set([...Object.keys(old), ...Object.keys(next)]);
  for (const key of changed)
    if (old[key as keyof PodSpec] === next[key as keyof PodSpec]) changed.delete(key);
  if ([...changed].every((key) => key === 'nodeName' && !old.nodeName)) return true;
  const oldTolerations = old.tolerations ?? [];
  const nextTolerations = next.tolerations ?? [];
  const tolerationsOk =
    nextTolerations.length >= oldTolerations.length &&
    oldTolerations.every((t, i) => jsonEqual(t, nextTolerations[i]));
  const comparable = (spec: PodSpec, nodeName: string | undefined) => ({
    ...spec,
    containers: spec.containers.map((c) => ({ ...c, image: '' })),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map((c) => ({ ...c, image: '' })) } : {}),
    tolerations: undefined,
    activeDeadlineSeconds: undefined,
    nodeName,
  });
  const nodeName = old.nodeName ?? next.nodeName;
  return tolerationsOk && jsonEqual(comparable(old, nodeName), comparable(next, nodeName));
}

function validateReplicas(replicas: number | undefined, field: string): FieldCause[] {
  return replicas !== undefined && replicas < 0
    ? [invalidValue(field, replicas, 'must be greater than or equal to 0')]
    : [];
}

function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  what: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const empty =
    !selector ||
    (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length);
  if (empty) {
    causes.push(required('spec.selector'));
    causes.push(
      invalidValue('spec.selector', goLabelSelector(selector ?? {}), `empty selector is invalid for ${what}`),
    );
  }
  const labels = template?.metadata?.labels ?? {};
  if (!empty && selector && !matchesSelector(selector, labels)) {
    causes.push(
      invalidValue('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'),
    );
  }
  if (template) causes.push(...validatePodSpec(template.spec, 'spec.template.spec'));
  return causes;
}

function validatePodSpec(spec: PodSpec | undefined, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const containers = spec?.containers ?? [];
  if (!containers.length) causes.push(required(`${path}.containers`));
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    if (!c.name) causes.push(required(`${path}.containers[${i}].name`));
    else if (!DNS1123_LABEL.test(c.name))
      causes.push(invalidValue(`${path}.containers[${i}].name`, c.name, DNS1123_LABEL_MESSAGE));
    else if (seen.has(c.name))
      causes.push({
        type: 'FieldValueDuplicate',
        field: `${path}.containers[${i}].name`,
        message: `Duplicate value: ${JSON.stringify(c.name)}`,
      });
    if (c.name) seen.add(c.name);
    if (!c.image) causes.push(required(`${path}.containers[${i}].image`));
  });
  return causes;
}

function isZero(value: number | string | undefined): boolean {
  return value === undefined || value === 0 || (typeof value === 'string' && percent(value) === 0);
}

function percent(value: string): number {
  return Number(value.replace('%', ''));
}

/** A LabelSelector as Go prints it with %#v, for `field is immutable` errors. */
export function goLabelSelector(selector: LabelSelector): string {
  const labels = Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const ml = labels.length
    ? `map[string]string{${labels.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`
    : 'map[string]string(nil)';
  const me = selector.matchExpressions?.length
    ? `[]v1.LabelSelectorRequirement{...}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}
