// Comparing a transcript with an expected one that marks what depends on random choices (spec section C):
// `<A>` … `<E>` a ReplicaSet / revision hash (10 chars or fewer from `4-9bcdf`, the same value everywhere it
// appears), `?????` a pod name suffix (5 chars from `bcdfghjklmnpqrstvwxz2456789`), `<age>` an AGE cell,
// `<*>` anything up to the end of the line. Table columns may be wider or narrower when a hash is shorter, so
// a run of two or more spaces in the expected text matches any run of two or more spaces.

const HASH = '[4-9bcdf]{1,10}';
const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';
const AGE = '(?:<invalid>|<unknown>|\\d+[smhdy](?:\\d+[smhd])?)';

export type MatchResult = { ok: true } | { ok: false; line: number; expected: string; actual: string };

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Line-by-line match; hash placeholders bind on first use and must repeat the same value. */
export function matchTranscript(expected: string, actual: string): MatchResult {
  const want = expected.split('\n');
  const got = actual.split('\n');
  const bound = new Map<string, string>();
  const count = Math.max(want.length, got.length);
  for (let i = 0; i < count; i++) {
    const w = want[i];
    const a = got[i];
    if (w === undefined || a === undefined)
      return {
        ok: false,
        line: i + 1,
        expected: w ?? '<end of transcript>',
        actual: a ?? '<end of transcript>',
      };
    if (!matchLine(w, a, bound)) return { ok: false, line: i + 1, expected: w, actual: a };
  }
  return { ok: true };
}

function matchLine(expected: string, actual: string, bound: Map<string, string>): boolean {
  const names: string[] = [];
  let pattern = '';
  const tokens = expected.split(/(<[A-E]>|\?{5}|<age>|<\*>| {2,})/);
  for (const token of tokens) {
    if (!token) continue;
    const hash = token.match(/^<([A-E])>$/);
    if (hash) {
      const value = bound.get(hash[1]!);
      if (value !== undefined) pattern += escape(value);
      else if (names.includes(hash[1]!)) pattern += `\\k<${hash[1]}>`;
      else {
        names.push(hash[1]!);
        pattern += `(?<${hash[1]}>${HASH})`;
      }
    } else if (token === '?????') pattern += SUFFIX;
    else if (token === '<age>') pattern += AGE;
    else if (token === '<*>') pattern += '.*';
    else if (/^ {2,}$/.test(token)) pattern += ' {2,}';
    else pattern += escape(token);
  }
  const match = actual.match(new RegExp(`^${pattern}$`));
  if (!match) return false;
  for (const name of names) bound.set(name, match.groups![name]!);
  return true;
}
