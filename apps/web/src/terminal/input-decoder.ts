// Turns what xterm's onData delivers (typed keys, escape sequences, pasted text) into prompt actions (pure).
import type { EditAction } from './line-editor';

export type InputAction =
  | EditAction
  | { type: 'enter' }
  | { type: 'interrupt' }
  | { type: 'complete' }
  | { type: 'historyUp' }
  | { type: 'historyDown' }
  | { type: 'clearScreen' }
  /** Ctrl-D on an empty line ends a heredoc, as in a shell. */
  | { type: 'endOfInput' };

const SEQUENCES: ReadonlyArray<readonly [string, InputAction]> = [
  // Longest first, so a prefix never shadows a longer sequence.
  ['\x1b[1;5C', { type: 'wordRight' }],
  ['\x1b[1;5D', { type: 'wordLeft' }],
  ['\x1b[3~', { type: 'delete' }],
  ['\x1b[1~', { type: 'home' }],
  ['\x1b[4~', { type: 'end' }],
  ['\x1b[A', { type: 'historyUp' }],
  ['\x1b[B', { type: 'historyDown' }],
  ['\x1b[C', { type: 'right' }],
  ['\x1b[D', { type: 'left' }],
  ['\x1b[H', { type: 'home' }],
  ['\x1b[F', { type: 'end' }],
  ['\x1bOA', { type: 'historyUp' }],
  ['\x1bOB', { type: 'historyDown' }],
  ['\x1bOC', { type: 'right' }],
  ['\x1bOD', { type: 'left' }],
  ['\x1bOH', { type: 'home' }],
  ['\x1bOF', { type: 'end' }],
  ['\x1bb', { type: 'wordLeft' }],
  ['\x1bf', { type: 'wordRight' }],
];

const CONTROL: Record<string, InputAction> = {
  '\r': { type: 'enter' },
  '\n': { type: 'enter' },
  '\x7f': { type: 'backspace' },
  '\b': { type: 'backspace' },
  '\t': { type: 'complete' },
  '\x01': { type: 'home' },
  '\x02': { type: 'left' },
  '\x03': { type: 'interrupt' },
  '\x04': { type: 'endOfInput' },
  '\x05': { type: 'end' },
  '\x06': { type: 'right' },
  '\x0b': { type: 'killToEnd' },
  '\x0c': { type: 'clearScreen' },
  '\x0e': { type: 'historyDown' },
  '\x10': { type: 'historyUp' },
  '\x15': { type: 'killToStart' },
  '\x17': { type: 'deleteWordBefore' },
};

/**
 * Decodes one onData chunk. Printable runs become one insert; `\r\n` counts as one Enter (a pasted manifest);
 * unknown escape sequences are dropped whole rather than typed into the line.
 */
export function decodeInput(data: string): InputAction[] {
  const actions: InputAction[] = [];
  let text = '';
  const flush = () => {
    if (text) actions.push({ type: 'insert', text });
    text = '';
  };
  let i = 0;
  while (i < data.length) {
    const ch = data[i]!;
    if (ch === '\x1b') {
      flush();
      const known = SEQUENCES.find(([sequence]) => data.startsWith(sequence, i));
      if (known) {
        actions.push(known[1]);
        i += known[0].length;
        continue;
      }
      // An unknown CSI/SS3 sequence: skip to its final byte (0x40–0x7e).
      if (data[i + 1] === '[' || data[i + 1] === 'O') {
        let j = i + 2;
        while (j < data.length && !/[\x40-\x7e]/.test(data[j]!)) j++;
        i = j + 1;
      } else {
        i += 2;
      }
      continue;
    }
    if (ch === '\r' && data[i + 1] === '\n') {
      flush();
      actions.push({ type: 'enter' });
      i += 2;
      continue;
    }
    const control = CONTROL[ch];
    if (control) {
      flush();
      actions.push(control);
    } else if (ch >= ' ') {
      text += ch;
    }
    i++;
  }
  flush();
  return actions;
}
