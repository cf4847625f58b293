// `-l/--selector` as apimachinery labels.Parse reads it: comma-separated requirements `k=v`, `k==v`, `k!=v`,
// `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`. `!=` and `notin` also match objects without the key.

export type Requirement =
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | '!'; key: string }
  | { op: 'gt' | 'lt'; key: string; value: number };

export type ParsedSelector = { ok: true; requirements: Requirement[] } | { ok: false; error: string };

/** Splits on commas outside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

export function parseLabelSelector(text: string): ParsedSelector {
  const requirements: Requirement[] = [];
  if (text.trim() === '') return { ok: true, requirements };
  for (const raw of splitTop(text)) {
    const part = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^!\s*(\S+)$/.exec(part))) {
      requirements.push({ op: '!', key: m[1] as string });
    } else if ((m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(part))) {
      const values = (m[3] as string)
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      requirements.push({ op: m[2] as 'in' | 'notin', key: m[1] as string, values });
    } else if ((m = /^([^=!<>\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part))) {
      const value = m[3] as string;
      if (!VALUE.test(value)) return { ok: false, error: invalidValue(value) };
      requirements.push({ op: m[2] === '!=' ? '!=' : '=', key: m[1] as string, value });
    } else if ((m = /^([^=!<>\s]+)\s*([<>])\s*(-?\d+)$/.exec(part))) {
      requirements.push({ op: m[2] === '>' ? 'gt' : 'lt', key: m[1] as string, value: Number(m[3]) });
    } else if (KEY.test(part)) {
      requirements.push({ op: 'exists', key: part });
    } else {
      return { ok: false, error: `unable to parse requirement: found '${part}', expected: key` };
    }
  }
  for (const r of requirements) {
    if (!KEY.test(r.key)) return { ok: false, error: invalidKey(r.key) };
  }
  return { ok: true, requirements };
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
