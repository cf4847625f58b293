// The JSONPath templates of `kubectl -o jsonpath=…` and custom-columns (client-go util/jsonpath): text with
// `{…}` actions; paths `.a.b`, `['k']`, `[n]`, `[a:b]`, `[*]`, `.*`, `..name`, filters `[?(@.x=="y")]`,
// `{range …}…{end}` and string literals `{"\n"}`. Missing keys print nothing (kubectl allows missing keys).
import type { CommandOutput } from '../command/command';
import { goJsonEscape } from './serialize';

type Json = unknown;

type Step =
  | { t: 'field'; name: string }
  | { t: 'wild' }
  | { t: 'recursive'; name: string | '*' }
  | { t: 'index'; index: number }
  | { t: 'slice'; start?: number; end?: number; step?: number }
  | { t: 'filter'; left: Step[]; op?: string; right?: Operand };

type Operand =
  { t: 'literal'; value: string | number | boolean | null } | { t: 'path'; steps: Step[]; root: boolean };

type Node =
  | { t: 'text'; text: string }
  | { t: 'path'; steps: Step[]; root: boolean }
  | { t: 'literal'; text: string }
  | { t: 'range'; steps: Step[]; root: boolean; body: Node[] };

export class JsonPathError extends Error {}

/** Parses a template; throws JsonPathError with client-go's wording for common mistakes. */
export function parseTemplate(template: string): Node[] {
  const tokens: ({ t: 'text'; text: string } | { t: 'action'; text: string })[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      tokens.push({ t: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) tokens.push({ t: 'text', text: template.slice(i, open) });
    const close = findClose(template, open);
    if (close < 0) throw new JsonPathError(`unclosed action`);
    tokens.push({ t: 'action', text: template.slice(open + 1, close).trim() });
    i = close + 1;
  }
  let pos = 0;
  const parseNodes = (inRange: boolean): Node[] => {
    const nodes: Node[] = [];
    while (pos < tokens.length) {
      const token = tokens[pos++]!;
      if (token.t === 'text') {
        nodes.push({ t: 'text', text: token.text });
        continue;
      }
      const text = token.text;
      if (text === 'end') {
        if (!inRange) throw new JsonPathError('not in range, nothing to end');
        return nodes;
      }
      if (text.startsWith('range ') || text === 'range') {
        const { steps, root } = parsePath(text.slice(5).trim());
        const body = parseNodes(true);
        nodes.push({ t: 'range', steps, root, body });
        continue;
      }
      if (text.startsWith('"') || text.startsWith("'")) {
        nodes.push({ t: 'literal', text: unquote(text) });
        continue;
      }
      const { steps, root } = parsePath(text);
      nodes.push({ t: 'path', steps, root });
    }
    if (inRange) throw new JsonPathError('unclosed range');
    return nodes;
  };
  return parseNodes(false);
}

function findClose(text: string, open: number): number {
  let quote = '';
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  return -1;
}

function unquote(text: string): string {
  const q = text[0];
  if (text.length < 2 || text[text.length - 1] !== q) throw new JsonPathError(`unterminated quoted string`);
  const body = text.slice(1, -1);
  if (q === "'") return body;
  return body.replace(/\\(.)/g, (_, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === '0' ? '\0' : c,
  );
}

/** Parses `.a.b[0]`, `$.a`, `@.a`, `a.b` (relaxed: a leading name). */
export function parsePath(text: string): { steps: Step[]; root: boolean } {
  let i = 0;
  let root = false;
  const steps: Step[] = [];
  const s = text.trim();
  if (s[0] === '$') {
    root = true;
    i = 1;
  } else if (s[0] === '@') i = 1;
  const readName = (): string => {
    const start = i;
    while (i < s.length && /[A-Za-z0-9_\-/\\*]/.test(s[i] as string)) {
      if (s[i] === '\\') i++;
      i++;
    }
    return s.slice(start, i).replace(/\\(.)/g, '$1');
  };
  if (i < s.length && /[A-Za-z_]/.test(s[i] as string)) {
    steps.push({ t: 'field', name: readName() });
  }
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      if (s[i + 1] === '.') {
        i += 2;
        const name = s[i] === '*' ? (i++, '*') : readName();
        steps.push({ t: 'recursive', name });
        continue;
      }
      i++;
      if (s[i] === '*') {
        i++;
        steps.push({ t: 'wild' });
        continue;
      }
      if (i >= s.length || s[i] === '.' || s[i] === '[') continue;
      steps.push({ t: 'field', name: readName() });
      continue;
    }
    if (c === '[') {
      const close = matchBracket(s, i);
      if (close < 0) throw new JsonPathError(`unterminated array`);
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      steps.push(parseBracket(inner));
      continue;
    }
    throw new JsonPathError(
      `unrecognized character in action: U+${(c as string).charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${c}'`,
    );
  }
  return { steps, root };
}

function matchBracket(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function parseBracket(inner: string): Step {
  if (inner === '*') return { t: 'wild' };
  if (inner.startsWith('?')) {
    const body = inner.slice(1).trim().replace(/^\(/, '').replace(/\)$/, '').trim();
    const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(body);
    if (!m) return { t: 'filter', left: parsePath(body).steps };
    return {
      t: 'filter',
      left: parsePath(m[1] as string).steps,
      op: m[2],
      right: parseOperand(m[3] as string),
    };
  }
  if (inner.startsWith("'") || inner.startsWith('"')) return { t: 'field', name: unquote(inner) };
  if (inner.includes(':')) {
    const [a, b, c] = inner.split(':').map((p) => (p.trim() === '' ? undefined : Number(p)));
    return { t: 'slice', start: a, end: b, step: c };
  }
  const n = Number(inner);
  if (!Number.isInteger(n)) throw new JsonPathError(`invalid array index ${inner}`);
  return { t: 'index', index: n };
}

function parseOperand(text: string): Operand {
  const s = text.trim();
  if (s.startsWith('"') || s.startsWith("'")) return { t: 'literal', value: unquote(s) };
  if (s === 'true' || s === 'false') return { t: 'literal', value: s === 'true' };
  if (s === 'nil' || s === 'null') return { t: 'literal', value: null };
  if (s !== '' && !Number.isNaN(Number(s))) return { t: 'literal', value: Number(s) };
  const p = parsePath(s);
  return { t: 'path', steps: p.steps, root: p.root };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function descendants(value: Json, out: Json[]): void {
  out.push(value);
  if (Array.isArray(value)) for (const v of value) descendants(v, out);
  else if (isObject(value)) for (const k of Object.keys(value).sort()) descendants(value[k], out);
}

export function evaluate(steps: readonly Step[], values: Json[], root: Json): Json[] {
  let current = values;
  for (const step of steps) {
    const next: Json[] = [];
    for (const v of current) {
      switch (step.t) {
        case 'field':
          if (isObject(v) && step.name in v && v[step.name] !== undefined) next.push(v[step.name]);
          break;
        case 'wild':
          if (Array.isArray(v)) next.push(...v);
          else if (isObject(v)) for (const k of Object.keys(v).sort()) next.push(v[k]);
          break;
        case 'recursive': {
          const all: Json[] = [];
          descendants(v, all);
          for (const d of all) {
            if (step.name === '*') {
              if (Array.isArray(d)) next.push(...d);
              else if (isObject(d)) for (const k of Object.keys(d).sort()) next.push(d[k]);
            } else if (isObject(d) && step.name in d) next.push(d[step.name]);
          }
          break;
        }
        case 'index':
          if (Array.isArray(v)) {
            const idx = step.index < 0 ? v.length + step.index : step.index;
            if (idx < 0 || idx >= v.length)
              throw new JsonPathError(
                'array index out of bounds: index ' + step.index + ', length ' + v.length,
              );
            next.push(v[idx]);
          }
          break;
        case 'slice':
          if (Array.isArray(v)) {
            const len = v.length;
            const norm = (x: number | undefined, d: number) =>
              x === undefined ? d : x < 0 ? Math.max(0, len + x) : Math.min(len, x);
            const start = norm(step.start, 0);
            const end = norm(step.end, len);
            const inc = step.step && step.step > 0 ? step.step : 1;
            for (let k = start; k < end; k += inc) next.push(v[k]);
          }
          break;
        case 'filter': {
          const items = Array.isArray(v) ? v : [v];
          for (const item of items) if (matches(step, item, root)) next.push(item);
          break;
        }
      }
    }
    current = next;
  }
  return current;
}

function matches(step: Extract<Step, { t: 'filter' }>, item: Json, root: Json): boolean {
  const left = evaluate(step.left, [item], root);
  if (!step.op || !step.right) return left.length > 0 && left[0] !== false && left[0] !== null;
  const right: Json[] =
    step.right.t === 'literal'
      ? [step.right.value]
      : evaluate(step.right.steps, [step.right.root ? root : item], root);
  if (!left.length || !right.length) return false;
  const a = left[0];
  const b = right[0];
  switch (step.op) {
    case '==':
      return looseEqual(a, b);
    case '!=':
      return !looseEqual(a, b);
    case '<':
      return Number(a) < Number(b);
    case '>':
      return Number(a) > Number(b);
    case '<=':
      return Number(a) <= Number(b);
    case '>=':
      return Number(a) >= Number(b);
    case '=~':
      return typeof a === 'string' && typeof b === 'string' && new RegExp(b).test(a);
  }
  return false;
}

function looseEqual(a: Json, b: Json): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return a === b;
}

/** How client-go's jsonpath prints one result: strings raw, scalars as text, maps and lists as compact JSON. */
export function valueText(value: Json): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') return goJsonEscape(JSON.stringify(value));
  return String(value);
}

/** Go's fmt.Sprint of an unstructured value (custom-columns cells): `map[a:1 b:x]`, `[a b]`, `<nil>`. */
export function goSprint(value: Json): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goSprint).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${k}:${goSprint((value as Record<string, Json>)[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

function run(nodes: readonly Node[], current: Json, root: Json, asJson: boolean, out: string[]): void {
  for (const node of nodes) {
    switch (node.t) {
      case 'text':
        out.push(node.text);
        break;
      case 'literal':
        out.push(node.text);
        break;
      case 'path': {
        const results = evaluate(node.steps, [node.root ? root : current], root);
        if (asJson) out.push(`${goJsonEscape(JSON.stringify(results, null, 4))}\n`);
        else out.push(results.map(valueText).join(' '));
        break;
      }
      case 'range': {
        const results = evaluate(node.steps, [node.root ? root : current], root);
        for (const r of results) run(node.body, r, root, asJson, out);
        break;
      }
    }
  }
}

/** Executes a template against one value (kubectl: the object, or the List for several). */
export function executeTemplate(template: string, data: Json, asJson = false): string {
  const nodes = parseTemplate(template);
  const out: string[] = [];
  run(nodes, data, data, asJson, out);
  return out.join('');
}

export function printJsonPath(data: Json, template: string, asJson: boolean): CommandOutput {
  let nodes: Node[];
  try {
    nodes = parseTemplate(template);
  } catch (error) {
    if (error instanceof JsonPathError) {
      // cli-runtime's JSONPathPrintFlags: `error parsing jsonpath <template>, <cause>`.
      return {
        stdout: '',
        stderr: `error: error parsing jsonpath ${template}, ${error.message}\n`,
        exitCode: 1,
      };
    }
    throw error;
  }
  try {
    const out: string[] = [];
    run(nodes, data, data, asJson, out);
    return { stdout: out.join(''), stderr: '', exitCode: 0 };
  } catch (error) {
    if (error instanceof JsonPathError) {
      // kubectl also dumps the Go value given to the engine; the simulator leaves that dump out.
      return {
        stdout: '',
        stderr: `error: error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${error.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${template}\n\n`,
        exitCode: 1,
      };
    }
    throw error;
  }
}
