// The line being typed at the prompt: text and cursor, edited like readline (pure; the terminal renders it).

export interface LineState {
  readonly text: string;
  /** 0 … text.length, in UTF-16 code units. */
  readonly cursor: number;
}

export type EditAction =
  | { type: 'insert'; text: string }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'wordLeft' }
  | { type: 'wordRight' }
  /** Ctrl-W: the word before the cursor (and the blanks after it). */
  | { type: 'deleteWordBefore' }
  /** Ctrl-U: everything before the cursor. */
  | { type: 'killToStart' }
  /** Ctrl-K: everything after the cursor. */
  | { type: 'killToEnd' };

export const EMPTY_LINE: LineState = { text: '', cursor: 0 };

export function lineOf(text: string): LineState {
  return { text, cursor: text.length };
}

const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';

function wordStartBefore(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && isBlank(text[i - 1])) i--;
  while (i > 0 && !isBlank(text[i - 1])) i--;
  return i;
}

function wordEndAfter(text: string, cursor: number): number {
  let i = cursor;
  while (i < text.length && isBlank(text[i])) i++;
  while (i < text.length && !isBlank(text[i])) i++;
  return i;
}

/** Applies one edit; returns the same object when nothing changes (so callers can skip a redraw). */
export function editLine(state: LineState, action: EditAction): LineState {
  const { text, cursor } = state;
  switch (action.type) {
    case 'insert': {
      // Control characters never enter the line (a paste's newlines are split into lines before this).
      // eslint-disable-next-line no-control-regex
      const clean = action.text.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '').replace(/\t/g, ' ');
      if (!clean) return state;
      return { text: text.slice(0, cursor) + clean + text.slice(cursor), cursor: cursor + clean.length };
    }
    case 'backspace':
      if (cursor === 0) return state;
      return { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
    case 'delete':
      if (cursor === text.length) return state;
      return { text: text.slice(0, cursor) + text.slice(cursor + 1), cursor };
    case 'left':
      return cursor === 0 ? state : { text, cursor: cursor - 1 };
    case 'right':
      return cursor === text.length ? state : { text, cursor: cursor + 1 };
    case 'home':
      return cursor === 0 ? state : { text, cursor: 0 };
    case 'end':
      return cursor === text.length ? state : { text, cursor: text.length };
    case 'wordLeft': {
      const to = wordStartBefore(text, cursor);
      return to === cursor ? state : { text, cursor: to };
    }
    case 'wordRight': {
      const to = wordEndAfter(text, cursor);
      return to === cursor ? state : { text, cursor: to };
    }
    case 'deleteWordBefore': {
      const from = wordStartBefore(text, cursor);
      if (from === cursor) return state;
      return { text: text.slice(0, from) + text.slice(cursor), cursor: from };
    }
    case 'killToStart':
      if (cursor === 0) return state;
      return { text: text.slice(cursor), cursor: 0 };
    case 'killToEnd':
      if (cursor === text.length) return state;
      return { text: text.slice(0, cursor), cursor };
  }
}

/** Replaces text[from, cursor) with `replacement` (tab completion), the cursor after it. */
export function replaceBeforeCursor(state: LineState, from: number, replacement: string): LineState {
  const start = Math.max(0, Math.min(from, state.cursor));
  return {
    text: state.text.slice(0, start) + replacement + state.text.slice(state.cursor),
    cursor: start + replacement.length,
  };
}
