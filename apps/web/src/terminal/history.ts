// Command history for the prompt (up/down like readline): immutable, so the terminal keeps one value.

export interface History {
  /** Oldest first. */
  readonly entries: readonly string[];
  /** entries.length while editing a new line; an index while browsing. */
  readonly index: number;
  /** The line that was being typed when browsing started, restored by going down past the newest entry. */
  readonly draft: string;
}

export const MAX_HISTORY = 500;

export function emptyHistory(entries: readonly string[] = []): History {
  const kept = entries.slice(-MAX_HISTORY);
  return { entries: kept, index: kept.length, draft: '' };
}

/** Records a submitted line (blank lines and a repeat of the newest entry are not kept) and stops browsing. */
export function remember(history: History, line: string): History {
  const trimmed = line.trim();
  const last = history.entries[history.entries.length - 1];
  const entries =
    trimmed === '' || trimmed === last ? history.entries : [...history.entries, trimmed].slice(-MAX_HISTORY);
  return { entries, index: entries.length, draft: '' };
}

/** Up: the previous entry, or undefined at the oldest. `current` is the text now at the prompt. */
export function previous(history: History, current: string): { history: History; line: string } | undefined {
  if (history.index === 0) return undefined;
  const draft = history.index === history.entries.length ? current : history.draft;
  const index = history.index - 1;
  return { history: { ...history, index, draft }, line: history.entries[index] ?? '' };
}

/** Down: the next entry, then the draft; undefined when not browsing. */
export function next(history: History): { history: History; line: string } | undefined {
  if (history.index >= history.entries.length) return undefined;
  const index = history.index + 1;
  const line = index === history.entries.length ? history.draft : (history.entries[index] ?? '');
  return {
    history: { ...history, index, draft: index === history.entries.length ? '' : history.draft },
    line,
  };
}
