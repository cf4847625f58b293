// The session script format (issue 4): `$ <command>` lines (a trailing `<<EOF` or `<<'EOF'` takes the following
// lines up to `EOF` as stdin), `@ <directive> …` lines, `#` comments and blank lines. Parsing is separate from
// running so the shell can feed the same steps one at a time.

export type Step =
  | { kind: 'command'; lineNo: number; text: string; command: string; stdin?: string }
  | { kind: 'directive'; lineNo: number; text: string; name: string; args: string[] };

export type ParseResult = { ok: true; steps: Step[] } | { ok: false; error: string };

/**
 * Finds a heredoc marker outside quotes (`kubectl apply -f - <<EOF`, `cat <<'EOF' | kubectl apply -f -`) and
 * returns the command without it, with the delimiter.
 */
export function heredocOf(
  command: string,
): { command: string; delimiter: string; stripTabs: boolean } | undefined {
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      continue;
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch !== '<' || command[i + 1] !== '<') continue;
    const match = command.slice(i).match(/^<<(-?)\s*(?:'([^']+)'|"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*))/);
    if (!match) return undefined;
    const rest = command.slice(i + match[0].length);
    return {
      command: `${command.slice(0, i).trimEnd()}${rest.trim() ? ` ${rest.trim()}` : ''}`,
      delimiter: (match[2] ?? match[3] ?? match[4])!,
      stripTabs: match[1] === '-',
    };
  }
  return undefined;
}

export function parseScript(text: string): ParseResult {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const steps: Step[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (line.startsWith('$ ') || line === '$') {
      const command = line.slice(2);
      const heredoc = heredocOf(command);
      if (!heredoc) {
        steps.push({ kind: 'command', lineNo, text: line, command });
        continue;
      }
      const body: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        const bodyLine = heredoc.stripTabs ? lines[i]!.replace(/^\t+/, '') : lines[i]!;
        if (bodyLine === heredoc.delimiter) {
          closed = true;
          break;
        }
        body.push(bodyLine);
      }
      if (!closed)
        return {
          ok: false,
          error: `line ${lineNo}: here-document delimited by "${heredoc.delimiter}" is not closed`,
        };
      steps.push({
        kind: 'command',
        lineNo,
        text: line,
        command: heredoc.command,
        stdin: body.length ? `${body.join('\n')}\n` : '',
      });
      continue;
    }
    if (line.startsWith('@')) {
      const [name, ...args] = line.slice(1).trim().split(/\s+/);
      if (!name) return { ok: false, error: `line ${lineNo}: empty directive` };
      steps.push({ kind: 'directive', lineNo, text: line, name, args });
      continue;
    }
    return {
      ok: false,
      error: `line ${lineNo}: expected "$ <command>", "@ <directive>", a comment or a blank line`,
    };
  }
  return { ok: true, steps };
}
