// Go's text/tabwriter as kubectl configures it (cli-runtime printers.GetNewTabWriter: minwidth 6, tabwidth 4,
// padding 3, pad char ' ', no flags). Cells are separated by '\t'; the text after a row's last tab is not part
// of a column, so the last column is never padded. Widths count code points, as Go counts runes.

export interface TabwriterOptions {
  minWidth?: number;
  padding?: number;
}

const textWidth = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/**
 * Aligns rows of cells. Like Go's tabwriter a column is a run of consecutive lines that have a cell in that
 * column; every row kubectl prints has the same cells, so in practice each column spans the whole block.
 */
export function tabwrite(rows: readonly (readonly string[])[], options: TabwriterOptions = {}): string {
  const minWidth = options.minWidth ?? 6;
  const padding = options.padding ?? 3;
  return formatBlock(rows, 0, minWidth, padding).join('');
}

function formatBlock(
  rows: readonly (readonly string[])[],
  column: number,
  minWidth: number,
  padding: number,
): string[] {
  // Go's algorithm: lines are split into blocks of consecutive lines that have a cell (terminated by a tab)
  // in `column`; each block gets one width. Cells before the last in a row are tab-terminated.
  const out: string[] = rows.map(() => '');
  let start = 0;
  while (start < rows.length) {
    if ((rows[start]?.length ?? 0) - 1 <= column) {
      start++;
      continue;
    }
    let end = start;
    while (end < rows.length && (rows[end]?.length ?? 0) - 1 > column) end++;
    let width = minWidth;
    for (let i = start; i < end; i++) {
      const w = textWidth(rows[i]?.[column] ?? '') + padding;
      if (w > width) width = w;
    }
    for (let i = start; i < end; i++) {
      const cell = rows[i]?.[column] ?? '';
      out[i] = cell + ' '.repeat(width - textWidth(cell));
    }
    start = end;
  }
  const anyDeeper = rows.some((r) => r.length - 1 > column);
  const rest = anyDeeper ? formatBlock(rows, column + 1, minWidth, padding) : undefined;
  return rows.map((row, i) => {
    if (row.length - 1 > column) return (out[i] ?? '') + (rest?.[i] ?? '');
    if (row.length - 1 === column) return (row[column] ?? '') + '\n';
    return '';
  });
}
