// Label and selector strings as apimachinery prints them (labels.FormatLabels, LabelSelectorAsSelector().String()).
import type { LabelSelector } from '@podlab/kube';

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `app=web,tier=front` sorted by key, `<none>` when empty (labels.FormatLabels). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(byKey);
  if (!keys.length) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key, matchLabels as `k=v`, sets as
 * `k in (a,b)` with sorted values, `k`, `!k`. An empty selector selects everything and prints as ``.
 */
export function selectorString(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const req of selector.matchExpressions ?? []) {
    const values = [...(req.values ?? [])].sort(byKey).join(',');
    const text =
      req.operator === 'In'
        ? `${req.key} in (${values})`
        : req.operator === 'NotIn'
          ? `${req.key} notin (${values})`
          : req.operator === 'Exists'
            ? req.key
            : `!${req.key}`;
    reqs.push({ key: req.key, text });
  }
  return reqs
    .sort((a, b) => byKey(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}
