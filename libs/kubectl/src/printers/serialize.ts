// `-o yaml` / `-o json`: kubectl prints objects through unstructured maps, so keys come out sorted (Go's
// encoding/json sorts map keys; sigs.k8s.io/yaml goes through JSON). The simulator-only `sim` field of pods and
// nodes is never printed.
import type { KubeObject } from '@podlab/kube';
import { emitYaml } from './yaml-emitter';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A plain JSON value of the object as the API would return it: `sim` removed, keys sorted, undefined dropped. */
export function toApiJson(object: KubeObject): Json {
  const { sim: _sim, ...rest } = object as KubeObject & { sim?: unknown };
  return sortKeys(rest);
}

function sortKeys(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value as Json;
}

/** The `kind: List` wrapper kubectl prints for several objects (or a list request). */
export function listOf(objects: readonly KubeObject[]): Json {
  return { apiVersion: 'v1', items: objects.map(toApiJson), kind: 'List', metadata: { resourceVersion: '' } };
}

/** Go's encoding/json escapes HTML-sensitive characters and the JavaScript line separators inside strings. */
export function goJsonEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go's json.MarshalIndent with 4 spaces, as kubectl's JSONPrinter; `[]` and `{}` stay on one line. */
export function formatJson(value: Json): string {
  return `${goJsonEscape(JSON.stringify(value, null, 4))}\n`;
}

/** YAML exactly as `kubectl -o yaml` prints it (see yaml-emitter.ts). */
export function formatYaml(value: Json): string {
  return emitYaml(value);
}
