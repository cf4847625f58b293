// nodeSelector and required node affinity (component-helpers scheduling/corev1/nodeaffinity): the NodeAffinity
// filter of the scheduler, and DaemonSet placement.
import type { Node } from '../../api/node';
import type { NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from '../../api/pod';

function matchRequirement(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const has = value !== undefined;
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const left = Number(value);
      const right = Number(values[0]);
      if (!Number.isInteger(left) || !Number.isInteger(right)) return false;
      return req.operator === 'Gt' ? left > right : left < right;
    }
    default:
      return false;
  }
}

/** A term matches when all its expressions and fields match; an empty term matches nothing. */
function matchTerm(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!expressions.length && !fields.length) return false;
  const labels = node.metadata.labels ?? {};
  for (const req of expressions) {
    const value = Object.prototype.hasOwnProperty.call(labels, req.key) ? labels[req.key] : undefined;
    if (!matchRequirement(req, value)) return false;
  }
  for (const req of fields) {
    // metadata.name is the only field selector the API accepts here.
    if (req.key !== 'metadata.name' || !matchRequirement(req, node.metadata.name)) return false;
  }
  return true;
}

/** nodeSelector AND requiredDuringSchedulingIgnoredDuringExecution (terms ORed). */
export function matchesNodeSelectorAndAffinity(spec: PodSpec, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) if (labels[key] !== value) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return required.nodeSelectorTerms.some((term) => matchTerm(term, node));
}

/** Sum of weights of the preferred node affinity terms the node matches (NodeAffinity score). */
export function preferredNodeAffinityScore(spec: PodSpec, node: Node): number {
  let total = 0;
  for (const preferred of spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
    if (matchTerm(preferred.preference, node)) total += preferred.weight;
  return total;
}
