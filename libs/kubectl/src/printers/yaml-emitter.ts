// A YAML writer for JSON values that reproduces go-yaml v2's emitter as sigs.k8s.io/yaml drives it (what
// `kubectl -o yaml` prints): block style, 2-space indent, sequences at their key's indentation, keys in the
// order given, and go-yaml's scalar styles — plain when possible; double quotes when the text would read back
// as another type (bool, null, number, timestamp, per go-yaml's YAML 1.1 resolver); single quotes when plain is
// not allowed by the syntax; literal blocks for multi-line text; plain and single-quoted text folded at spaces
// once the line is past 80 columns. Written by hand because the general-purpose `yaml` package is two orders of
// magnitude slower on large lists (10,000 pods) and folds differently.

export type YamlValue = null | boolean | number | string | YamlValue[] | { [key: string]: YamlValue };

const BEST_WIDTH = 80;

const TYPED_WORDS = new Set(
  (
    'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF ' +
    'null Null NULL ~ <<  .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF .nan .NaN .NAN'
  ).split(' '),
);
const INT = /^[-+]?(0|[1-9][0-9_]*)$/;
const INT_PREFIXED = /^[-+]?0(x[0-9a-fA-F_]+|o?[0-7_]+|b[01_]+)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP =
  /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[-+]\d{1,2}(?::?\d{2})?)?)?$/;

/** Whether go-yaml's resolver reads the plain text back as something other than a string. */
export function resolvesToNonString(text: string): boolean {
  if (text === '' || TYPED_WORDS.has(text)) return true;
  if (!/^[-+.0-9]/.test(text)) return false;
  return (
    INT.test(text) || INT_PREFIXED.test(text) || FLOAT.test(text) || BASE60.test(text) || TIMESTAMP.test(text)
  );
}

/** Text that go-yaml always writes plain (no spaces, no indicator characters, no leading dash). */
const SAFE_PLAIN = /^[A-Za-z0-9_/.=][A-Za-z0-9_/.=:-]*$/;

const isBlank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n';

/** yaml_emitter_analyze_scalar, reduced to what decides between plain, single quotes and double quotes. */
function analyze(text: string): { plain: boolean; single: boolean } {
  if (text.startsWith('---') || text.startsWith('...')) return { plain: false, single: true };
  let indicators = false;
  let special = false;
  let spaceBreak = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const next = text[i + 1];
    const followedByBlank = isBlank(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) indicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByBlank) indicators = true;
    } else if (c === ':' && followedByBlank) indicators = true;
    else if (c === '#' && isBlank(text[i - 1])) indicators = true;
    const code = c.charCodeAt(0);
    if ((code < 0x20 && c !== '\n' && c !== '\t') || code === 0x7f || code === 0xfeff) special = true;
    if (c === '\t') special = true;
    if (c === ' ' && next === '\n') spaceBreak = true;
  }
  const leadingOrTrailingSpace = text.startsWith(' ') || text.endsWith(' ');
  return {
    plain: !indicators && !special && !spaceBreak && !leadingOrTrailingSpace,
    single: !special && !spaceBreak,
  };
}

/** Writes text with go-yaml's folding: at a space, once past the width, unless the next char is a space too. */
function folded(text: string, startColumn: number, indent: number, singleQuoted: boolean): string {
  let out = '';
  let column = startColumn;
  let previousSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === ' ') {
      const canBreak = !singleQuoted || (i !== 0 && i !== text.length - 1);
      if (canBreak && !previousSpace && column > BEST_WIDTH && text[i + 1] !== ' ') {
        out += `\n${' '.repeat(indent)}`;
        column = indent;
      } else {
        out += c;
        column++;
      }
      previousSpace = true;
      continue;
    }
    previousSpace = false;
    const piece = singleQuoted && c === "'" ? "''" : c;
    out += piece;
    column += piece.length;
  }
  return out;
}

function doubleQuoted(text: string): string {
  let out = '"';
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (c === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code === 0xfeff) out += '\\uFEFF';
    else out += c;
  }
  return `${out}"`;
}

/** A block literal: `|`, `|-` or `|+` with an indentation hint when the text starts with a space. */
function literal(text: string, indent: number): string {
  let chomp = '';
  if (!text.endsWith('\n')) chomp = '-';
  else if (text.endsWith('\n\n')) chomp = '+';
  const hint = text.startsWith(' ') || text.startsWith('\n') ? '2' : '';
  const body = chomp === '-' ? text : text.replace(/\n$/, '');
  const lines = body.split('\n').map((l) => (l === '' ? '' : `${' '.repeat(indent)}${l}`));
  return `|${hint}${chomp}\n${lines.join('\n')}`;
}

/** A scalar written at `column`, continuation lines at `indent` (key or dash column + 2). */
function scalar(
  value: null | boolean | number | string,
  column: number,
  indent: number,
  isKey = false,
): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (!isKey && value.includes('\n')) {
    const a = analyze(value.replace(/\n/g, ' '));
    if (!value.includes(' \n') && a.single) return literal(value, indent);
    return doubleQuoted(value);
  }
  if (resolvesToNonString(value)) return doubleQuoted(value);
  // Fast path for the common case (names, images, label values): plain, and too short to fold.
  if (SAFE_PLAIN.test(value) && !value.endsWith(':') && (isKey || column + value.length <= BEST_WIDTH + 1)) {
    return value;
  }
  const a = analyze(value);
  if (a.plain) return isKey ? value : folded(value, column, indent, false);
  if (a.single)
    return isKey ? `'${value.replace(/'/g, "''")}'` : `'${folded(value, column + 1, indent, true)}'`;
  return doubleQuoted(value);
}

const isMap = (v: YamlValue): v is { [key: string]: YamlValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const SPACES: string[] = [];
const spaces = (n: number): string => (SPACES[n] ??= ' '.repeat(n));

function emitMap(
  map: { [key: string]: YamlValue },
  indent: number,
  firstInline: boolean,
  out: string[],
): void {
  let first = true;
  for (const key of Object.keys(map)) {
    const prefix = first && firstInline ? '' : spaces(indent);
    first = false;
    const keyText = scalar(key, indent, indent, true);
    emitEntry(`${prefix}${keyText}:`, indent + keyText.length + 1, map[key] as YamlValue, indent, out);
  }
}

/** Writes `head` (a key with its colon, or a dash) followed by the value, in go-yaml's block layout. */
function emitEntry(head: string, column: number, value: YamlValue, indent: number, out: string[]): void {
  if (Array.isArray(value)) {
    if (!value.length) {
      out.push(`${head} []\n`);
      return;
    }
    out.push(`${head}\n`);
    emitSeq(value, indent, out);
  } else if (isMap(value)) {
    if (!Object.keys(value).length) {
      out.push(`${head} {}\n`);
      return;
    }
    out.push(`${head}\n`);
    emitMap(value, indent + 2, false, out);
  } else {
    out.push(`${head} ${scalar(value, column + 1, indent + 2)}\n`);
  }
}

function emitSeq(items: YamlValue[], indent: number, out: string[]): void {
  for (const item of items) {
    const dash = `${spaces(indent)}-`;
    if (isMap(item) && Object.keys(item).length) {
      out.push(`${dash} `);
      emitMap(item, indent + 2, true, out);
    } else if (Array.isArray(item) && item.length) {
      out.push(`${dash} `);
      // A nested sequence starts on the dash line: `- - a`.
      const nested: string[] = [];
      emitSeq(item, indent + 2, nested);
      out.push(nested.join('').replace(/^ +/, ''));
    } else if (Array.isArray(item)) {
      out.push(`${dash} []\n`);
    } else if (isMap(item)) {
      out.push(`${dash} {}\n`);
    } else {
      out.push(`${dash} ${scalar(item, indent + 2, indent + 2)}\n`);
    }
  }
}

export function emitYaml(value: YamlValue): string {
  const out: string[] = [];
  if (isMap(value) && Object.keys(value).length) emitMap(value, 0, false, out);
  else if (Array.isArray(value) && value.length) emitSeq(value, 0, out);
  else if (Array.isArray(value)) out.push('[]\n');
  else if (isMap(value)) out.push('{}\n');
  else out.push(`${scalar(value, 0, 2)}\n`);
  return out.join('');
}
