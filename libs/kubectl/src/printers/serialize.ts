// `-o yaml` / `-o json`: kubectl prints objects through unstructured maps, so keys come out sorted (Go's
// encoding/json sorts map keys; sigs.k8s.io/yaml goes through JSON). The simulator-only `sim` field of pods and
// nodes is never printed.
import type { KubeObject } from '@podlab/kube';
import { Document, parse, visit } from 'yaml';

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

/** Go's json.MarshalIndent with 4 spaces, as kubectl's JSONPrinter; `[]` and `{}` stay on one line. */
export function formatJson(value: Json): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}

/**
 * YAML as sigs.k8s.io/yaml (go-yaml v2) writes it: 2-space indent, sequences not indented under their key,
 * lines folded at 80 columns, multi-line strings as literal blocks. Quoting follows go-yaml: a string that
 * would read back as another type (`"true"`, `"1"`, `""`, a timestamp) is double-quoted; one that merely
 * cannot be written plain (`'a: b'`, `'*x'`) is single-quoted.
 */
export function formatYaml(value: Json): string {
  const doc = new Document(value, { version: '1.1' });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string' || node.value.includes('\n')) return;
      if (!readsBackAsString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({
    indentSeq: false,
    lineWidth: 80,
    minContentWidth: 0,
    singleQuote: true,
    nullStr: 'null',
  });
}

function readsBackAsString(text: string): boolean {
  try {
    const back: unknown = parse(text, { version: '1.1' });
    // Only a scalar of another type makes go-yaml quote with double quotes; text that parses as a collection
    // just cannot be written plain, and the emitter falls back to single quotes.
    return !(back === null || typeof back === 'number' || typeof back === 'boolean' || back instanceof Date);
  } catch {
    return true;
  }
}
