// `kubectl explain` (kubectl@1.30 pkg/explain/v2/templates/plaintext.tmpl): GROUP/KIND/VERSION, FIELD for a field path,
// DESCRIPTION wrapped and indented by 4, then FIELDS with `name<TAB><type>` and `-required-`. `--recursive`
// lists the field tree without descriptions. Descriptions come from schema.ts.
import { resolveResource } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError, unknownResourceType } from '../../errors/kubectl-errors';
import { TYPES, type FieldDef, type TypeDef } from './schema';

const NO_TYPE =
  'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  'error: Required resource not specified.\n' +
  "See 'kubectl explain -h' for help and examples\n";

/** Greedy word wrap at `width` columns (kubectl's template `wrap`). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

const indent = (lines: string[], n: number) => lines.map((l) => `${' '.repeat(n)}${l}\n`).join('');

/** `[]Container` → `Container`; `map[string]string` → none. */
function elementType(type: string): TypeDef | undefined {
  const name = type.startsWith('[]') ? type.slice(2) : type;
  return TYPES[name];
}

/** The short enum line of the field list: `enum: a, b, c, d, ....` (at most 4 values). */
function shortEnum(values: readonly string[] | undefined, indentAmount: number): string {
  if (!values?.length) return '';
  const shown = values.slice(0, 4).map((v) => (v === '' ? '""' : v));
  return `\n${' '.repeat(indentAmount)}enum: ${shown.join(', ')}${values.length > 4 ? ', ....' : ''}`;
}

function fieldLine(name: string, def: FieldDef, depth: number): string {
  const indentAmount = depth * 2;
  return `${' '.repeat(indentAmount)}${name}\t<${def[0]}>${def[2] ? ' -required-' : ''}${shortEnum(def[3], indentAmount)}\n`;
}

function recursiveFields(type: TypeDef | undefined, depth: number, seen: ReadonlySet<TypeDef>): string {
  if (!type?.fields) return '';
  let out = '';
  for (const name of Object.keys(type.fields).sort()) {
    const def = type.fields[name] as FieldDef;
    out += fieldLine(name, def, depth);
    const child = elementType(def[0]);
    if (child && !seen.has(child)) out += recursiveFields(child, depth + 1, new Set([...seen, child]));
  }
  return out;
}

export function runExplain(_ctx: KubectlContext, inv: Invocation): CommandOutput {
  const [target, ...extra] = inv.args;
  if (target === undefined) return { stdout: '', stderr: NO_TYPE, exitCode: 1 };
  if (extra.length) {
    return { stdout: '', stderr: clientError(`We accept only this format: explain RESOURCE`), exitCode: 1 };
  }
  const [resourceName = '', ...path] = target.split('.');
  const info = resolveResource(resourceName);
  if (!info) return { stdout: '', stderr: unknownResourceType(resourceName), exitCode: 1 };
  const root = TYPES[info.kind];
  if (!root)
    return { stdout: '', stderr: clientError(`couldn't find resource for "${info.kind}"`), exitCode: 1 };

  let type: TypeDef | undefined = root;
  let field: { name: string; def: FieldDef } | undefined;
  for (const part of path.filter((p) => p !== '')) {
    const def: FieldDef | undefined = type?.fields?.[part];
    if (!def) return { stdout: '', stderr: clientError(`field "${part}" does not exist`), exitCode: 1 };
    field = { name: part, def };
    type = elementType(def[0]);
  }

  let out = '';
  if (info.group) out += `GROUP:      ${info.group}\n`;
  out += `KIND:       ${info.kind}\nVERSION:    ${info.version}\n\n`;
  // The plaintext template ends the FIELD line, then the (empty) enum line, then adds a blank line.
  if (field) {
    const values = field.def[3] ?? [];
    const longEnum = values.length
      ? `ENUM:${values.map((v) => `\n    ${v === '' ? '""' : v}`).join('')}`
      : '';
    out += `FIELD: ${field.name} <${field.def[0]}>\n${longEnum}\n\n`;
  }
  out += 'DESCRIPTION:\n';
  const description = field
    ? [field.def[1], ...(type && type !== root ? [type.description] : [])]
    : [root.description];
  out += indent(
    description.flatMap((d) => wrap(d, 76)),
    4,
  );
  out += '    \n';
  if (type?.fields) {
    out += 'FIELDS:\n';
    if (inv.flags['recursive'] === true) {
      out += recursiveFields(type, 1, new Set([type]));
    } else {
      for (const name of Object.keys(type.fields).sort()) {
        const def = type.fields[name] as FieldDef;
        out += fieldLine(name, def, 1);
        out += indent(wrap(def[1], 76), 4);
        out += '\n';
      }
    }
  }
  // The template's closing newline.
  out += '\n';
  return { stdout: out, stderr: '', exitCode: 0 };
}

export const explainCommand: CommandSpec = {
  path: ['explain'],
  short: 'Get documentation for a resource',
  usage:
    'kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]',
  flags: [
    {
      name: 'recursive',
      type: 'bool',
      default: false,
      description: 'When true, print the name of all the fields recursively.',
    },
    {
      name: 'api-version',
      type: 'string',
      default: '',
      description: 'Use given api-version (group/version) of the resource.',
    },
    {
      name: 'output',
      short: 'o',
      type: 'string',
      default: 'plaintext',
      description: 'Format in which to render the schema.',
    },
  ],
  run: runExplain,
};
