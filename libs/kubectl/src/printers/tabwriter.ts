// Go's text/tabwriter (left-aligned, pad char ' ', no flags), as kubectl uses it: tables through cli-runtime's
// GetNewTabWriter (minwidth 6, padding 3) and describe / rollout history (minwidth 0, padding 2). A cell is text
// terminated by a tab; the text after a line's last tab is not a cell of any column and is never padded. A
// column block is a run of consecutive lines that have a cell in that column, so a line without tabs (such as
// describe's `IPs:` or `Containers:`) ends the blocks above it — this is why describe's alignment restarts.

export interface TabwriterOptions {
  minWidth?: number;
  padding?: number;
}

const textWidth = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** Formats tab-separated text exactly as a Go tabwriter does on Flush. */
export function formatTabbed(text: string, options: TabwriterOptions = {}): string {
  const minWidth = options.minWidth ?? 6;
  const padding = options.padding ?? 3;
  const raw = text.split('\n');
  const endsWithNewline = raw[raw.length - 1] === '';
  if (endsWithNewline) raw.pop();
  const lines = raw.map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i] as string[];
      let s = '';
      cells.forEach((cell, j) => {
        s += cell;
        if (j < cells.length - 1 && j < widths.length)
          s += ' '.repeat(Math.max(0, (widths[j] as number) - textWidth(cell)));
      });
      out.push(i + 1 === lines.length && !endsWithNewline ? s : `${s}\n`);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= (lines[current] as string[]).length - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let width = minWidth;
      for (; current < line1; current++) {
        const cells = lines[current] as string[];
        if (column >= cells.length - 1) break;
        const w = textWidth(cells[column] as string) + padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
      // The outer loop's increment would skip the line that ended the block; step back onto it.
      current--;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('');
}

/** Rows of cells joined with tabs, one line each, formatted (kubectl's table printers). */
export function tabwrite(rows: readonly (readonly string[])[], options: TabwriterOptions = {}): string {
  if (!rows.length) return '';
  return formatTabbed(rows.map((r) => `${r.join('\t')}\n`).join(''), options);
}
