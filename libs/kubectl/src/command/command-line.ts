// Splitting a command line into words the way a POSIX shell does for the cases learners type: single quotes
// (literal), double quotes (backslash escapes \" \\ \$ \`), backslash escapes outside quotes, and `#` comments
// at the start of a word. No expansion, pipes or redirections here (the session runner handles `<<EOF`).

export type TokenizeResult = { ok: true; words: string[] } | { ok: false; error: string };

export function tokenize(line: string): TokenizeResult {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (ch === '#' && !inWord) {
      break;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: "unexpected EOF while looking for matching `''" };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      inWord = true;
      let closed = false;
      while (i < line.length) {
        const c = line[i]!;
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
          if (line[i + 1] !== '\n') word += line[i + 1];
          i += 2;
          continue;
        }
        word += c;
        i++;
      }
      if (!closed) return { ok: false, error: 'unexpected EOF while looking for matching `"\'' };
    } else if (ch === '\\') {
      if (i + 1 < line.length) {
        if (line[i + 1] !== '\n') {
          word += line[i + 1];
          inWord = true;
        }
        i += 2;
      } else i++;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}

/** Quotes a word for display so that tokenize() gives it back (used by help texts and tests). */
export function quoteWord(word: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
