// `-l/--selector` as apimachinery labels.Parse reads it: comma-separated requirements `k=v`, `k==v`, `k!=v`,
// `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`. `!=` and `notin` also match objects without the key.

export type Requirement =
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | '!'; key: string }
  | { op: 'gt' | 'lt'; key: string; value: number };

export type ParsedSelector = { ok: true; requirements: Requirement[] } | { ok: false; error: string };

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

type Tok = 'id' | 'end' | 'error' | ')' | '(' | ',' | '!' | '==' | '=' | '>' | '<' | '!=' | 'in' | 'notin';

const KEYWORDS: Record<string, Tok> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

interface Item {
  tok: Tok;
  lit: string;
}

/** apimachinery labels.Lexer: identifiers and keywords, and the longest special-symbol token. */
function lex(text: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && isWhitespace(text[pos] as string)) pos++;
    if (pos >= text.length) {
      items.push({ tok: 'end', lit: '' });
      return items;
    }
    if (isSpecial(text[pos] as string)) {
      let buffer = '';
      let last: Item | undefined;
      while (pos < text.length && isSpecial(text[pos] as string)) {
        const candidate = buffer + text[pos];
        const tok = KEYWORDS[candidate];
        if (tok) last = { tok, lit: candidate };
        else if (last) break;
        buffer = candidate;
        pos++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let buffer = '';
    while (pos < text.length && !isSpecial(text[pos] as string) && !isWhitespace(text[pos] as string)) {
      buffer += text[pos];
      pos++;
    }
    items.push({ tok: buffer === 'in' || buffer === 'notin' ? buffer : 'id', lit: buffer });
  }
}

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

class SelectorParseError extends Error {}

const fail = (message: string): never => {
  throw new SelectorParseError(message);
};

/** labels.Parse: apimachinery's selector parser (pkg/labels/selector.go), with its error texts. */
export function parseLabelSelector(text: string): ParsedSelector {
  const items = lex(text);
  let position = 0;
  // In a values context `in` and `notin` are plain identifiers.
  const view = (i: number, values: boolean): Item => {
    const item = items[Math.min(i, items.length - 1)] as Item;
    return values && (item.tok === 'in' || item.tok === 'notin') ? { tok: 'id', lit: item.lit } : item;
  };
  const lookahead = (values = true) => view(position, values);
  const consume = (values = true) => view(position++, values);

  const parseValues = (): string[] => {
    const open = consume();
    if (open.tok !== '(') fail(`found '${open.lit}' expected: '('`);
    const first = lookahead();
    const values = new Set<string>();
    if (first.tok === ')') {
      consume();
      return [''];
    }
    if (first.tok !== 'id' && first.tok !== ',')
      fail(`found '${first.lit}', expected: ',', ')' or identifier`);
    for (;;) {
      const t = consume();
      if (t.tok === 'id') {
        values.add(t.lit);
        const t2 = lookahead();
        if (t2.tok === ',') continue;
        if (t2.tok === ')') break;
        fail(`found '${t2.lit}', expected: ',' or ')'`);
      } else if (t.tok === ',') {
        if (!values.size) values.add('');
        const t2 = lookahead();
        if (t2.tok === ')') {
          values.add('');
          break;
        }
        if (t2.tok === ',') {
          consume();
          values.add('');
        }
      } else fail(`found '${t.lit}', expected: ',', or identifier`);
    }
    if (consume().tok !== ')') fail(`found '${first.lit}', expected: ')'`);
    return [...values].sort();
  };

  const parseRequirement = (): Requirement => {
    let item = consume();
    const notExists = item.tok === '!';
    if (notExists) item = consume();
    if (item.tok !== 'id') fail(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    if (!KEY.test(key)) fail(invalidKey(key));
    const next = lookahead().tok;
    if (next === 'end' || next === ',') return notExists ? { op: '!', key } : { op: 'exists', key };
    const op = consume(false);
    if (op.tok === 'in' || op.tok === 'notin') {
      const values = parseValues();
      for (const v of values) if (!VALUE.test(v)) fail(invalidValue(v));
      return { op: op.tok, key, values };
    }
    if (!['=', '==', '!=', '>', '<'].includes(op.tok))
      fail(`found '${op.lit}', expected: ${BINARY_OPERATORS}`);
    let value = '';
    const t = lookahead();
    if (t.tok !== 'end' && t.tok !== ',') {
      const v = consume();
      if (v.tok !== 'id') fail(`found '${v.lit}', expected: identifier`);
      value = v.lit;
    }
    if (op.tok === '>' || op.tok === '<') {
      if (!/^[-+]?\d+$/.test(value)) {
        fail(`values[0]: Invalid value: "${value}": for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      return { op: op.tok === '>' ? 'gt' : 'lt', key, value: Number(value) };
    }
    if (!VALUE.test(value)) fail(invalidValue(value));
    return { op: op.tok === '!=' ? '!=' : '=', key, value };
  };

  try {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, lit } = lookahead();
      if (tok === 'end') return { ok: true, requirements };
      if (tok !== 'id' && tok !== '!') fail(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(parseRequirement());
      } catch (error) {
        if (error instanceof SelectorParseError) fail(`unable to parse requirement: ${error.message}`);
        throw error;
      }
      const t = consume();
      if (t.tok === 'end') return { ok: true, requirements };
      if (t.tok !== ',') fail(`found '${t.lit}', expected: ',' or 'end of string'`);
      const t2 = lookahead();
      if (t2.tok !== 'id' && t2.tok !== '!') fail(`found '${t2.lit}', expected: identifier after ','`);
    }
  } catch (error) {
    if (error instanceof SelectorParseError) return { ok: false, error: error.message };
    throw error;
  }
}

function invalidKey(key: string): string {
  return `unable to parse requirement: <nil>: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
}

function invalidValue(value: string): string {
  return `unable to parse requirement: values[0][${value}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`;
}

export function matchesRequirements(
  requirements: readonly Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
        return has && v === r.value;
      case '!=':
        return !has || v !== r.value;
      case 'in':
        return has && r.values.includes(v as string);
      case 'notin':
        return !has || !r.values.includes(v as string);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v as string)) return false;
        return r.op === 'gt' ? Number(v) > r.value : Number(v) < r.value;
      }
    }
    return false;
  });
}
