// The one entry point for printing objects the way `kubectl … -o <format>` does. `get` and the write commands
// (`create/apply/scale … -o yaml|name`) share it, so every command prints the same bytes for the same objects.
import { kindPrefix, resourceInfo, type KubeObject } from '@podlab/kube';
import type { CommandOutput } from '../command/command';
import { formatLabels } from './labels';
import { formatJson, formatYaml, listOf, toApiJson } from './serialize';
import { tableFor } from './tables';
import { tabwrite } from './tabwriter';
import { printCustomColumns } from './custom-columns';
import { printJsonPath } from './jsonpath';

export interface PrintOptions {
  /** `wide`, `yaml`, `json`, `name`, `jsonpath=…`, `custom-columns=…`; undefined → the default table. */
  output?: string;
  showLabels?: boolean;
  /** `-L key1,key2`: one column per label key (header = the key's last segment, upper-cased). */
  labelColumns?: string[];
  noHeaders?: boolean;
  /** NAME cells as `deployment.apps/web` (several kinds requested, or `all`). */
  withKindPrefix?: boolean;
  /** Simulated now (ms), for AGE. */
  now: number;
  /** `-A`: a NAMESPACE column first. */
  allNamespaces?: boolean;
  /**
   * yaml/json/jsonpath print a `kind: List` when true; when false (default) one object prints bare and several
   * as a List. `kubectl get` passes true unless one name was asked for (kubectl's singleItemImplied).
   */
  asList?: boolean;
}

const EMPTY: CommandOutput = { stdout: '', stderr: '', exitCode: 0 };

/** `deployment.apps/web`, `pod/web-…`: the name printer's form. */
export function qualifiedName(object: KubeObject): string {
  return `${kindPrefix(object.kind)}/${object.metadata.name}`;
}

/** cli-runtime's printTable: a cell is cut at the first newline, carriage return or form feed, and marked `...`. */
const firstLine = (cell: string): string => {
  const i = cell.search(/[\f\n\r]/);
  return i < 0 ? cell : `${cell.slice(0, i)}...`;
};

/** Human-readable tables: one per run of same-kind objects, a blank line between them. */
export function printTables(objects: readonly KubeObject[], options: PrintOptions): string {
  const wide = options.output === 'wide';
  const groups: KubeObject[][] = [];
  for (const object of objects) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.kind === object.kind) last.push(object);
    else groups.push([object]);
  }
  const parts: string[] = [];
  const labelColumns = options.labelColumns ?? [];
  for (const group of groups) {
    const kind = group[0]?.kind;
    if (!kind) continue;
    const table = tableFor(kind, group, options.now);
    // `-A` adds NAMESPACE only to tables of namespaced kinds (get.go: printWithNamespace).
    const withNamespace = !!options.allNamespaces && resourceInfo(kind).namespaced;
    const shown = table.columns.map((c, i) => ({ ...c, i })).filter((c) => wide || c.priority === 0);
    const header = shown.map((c) => c.name);
    const rows = table.rows.map((cells, r) => {
      const object = group[r] as KubeObject;
      const out = shown.map((c) => firstLine(cells[c.i] ?? ''));
      // decorateTable prefixes the name-format column, wherever it is (events have it last, and only in wide).
      const nameAt = shown.findIndex((c) => c.name === 'NAME');
      if (options.withKindPrefix && nameAt >= 0) out[nameAt] = `${kindPrefix(kind)}/${out[nameAt]}`;
      if (withNamespace) out.unshift(object.metadata.namespace ?? '');
      for (const key of labelColumns) out.push(object.metadata.labels?.[key] ?? '');
      if (options.showLabels) out.push(formatLabels(object.metadata.labels));
      return out;
    });
    if (withNamespace) header.unshift('NAMESPACE');
    for (const key of labelColumns) header.push((key.split('/').pop() ?? key).toUpperCase());
    if (options.showLabels) header.push('LABELS');
    const text = tabwrite(options.noHeaders ? rows : [header, ...rows]);
    if (parts.length && !options.noHeaders) parts.push('\n');
    parts.push(text);
  }
  return parts.join('');
}

export function printObjects(objects: KubeObject[], options: PrintOptions): CommandOutput {
  const output = options.output ?? '';
  const data = () =>
    options.asList || objects.length !== 1 ? listOf(objects) : toApiJson(objects[0] as KubeObject);
  if (output === '' || output === 'wide') {
    return objects.length ? { ...EMPTY, stdout: printTables(objects, options) } : EMPTY;
  }
  if (output === 'name') return { ...EMPTY, stdout: objects.map((o) => `${qualifiedName(o)}\n`).join('') };
  if (output === 'yaml') return { ...EMPTY, stdout: formatYaml(data()) };
  if (output === 'json') return { ...EMPTY, stdout: formatJson(data()) };
  const eq = output.indexOf('=');
  const format = eq < 0 ? output : output.slice(0, eq);
  const arg = eq < 0 ? '' : output.slice(eq + 1);
  if (format === 'jsonpath' || format === 'jsonpath-as-json') {
    if (!arg)
      return { stdout: '', stderr: 'error: template format specified but no template given\n', exitCode: 1 };
    return printJsonPath(data(), arg, format === 'jsonpath-as-json');
  }
  if (format === 'custom-columns') {
    return printCustomColumns(objects.map(toApiJson), arg, options.noHeaders ?? false);
  }
  return {
    stdout: '',
    stderr:
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ` +
      'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
    exitCode: 1,
  };
}
