import { EMPTY_LINE, type EditAction, editLine, lineOf, replaceBeforeCursor } from './line-editor';
import { emptyHistory, MAX_HISTORY, next, previous, remember } from './history';
import { decodeInput } from './input-decoder';

const run = (text: string, cursor: number, ...actions: EditAction[]) =>
  actions.reduce(editLine, { text, cursor });

describe('editLine', () => {
  it('inserts at the cursor and drops control characters', () => {
    expect(run('kubectl pods', 8, { type: 'insert', text: 'get ' })).toEqual({
      text: 'kubectl get pods',
      cursor: 12,
    });
    expect(run('', 0, { type: 'insert', text: 'a\x07b\tc' })).toEqual({ text: 'ab c', cursor: 4 });
  });

  it('moves and deletes by character and word', () => {
    expect(run('abc', 3, { type: 'backspace' }, { type: 'left' }, { type: 'delete' })).toEqual({
      text: 'a',
      cursor: 1,
    });
    expect(run('kubectl get pods', 16, { type: 'wordLeft' })).toEqual({
      text: 'kubectl get pods',
      cursor: 12,
    });
    expect(run('kubectl get pods', 0, { type: 'wordRight' }, { type: 'wordRight' })).toEqual({
      text: 'kubectl get pods',
      cursor: 11,
    });
    expect(run('kubectl get  ', 13, { type: 'deleteWordBefore' })).toEqual({ text: 'kubectl ', cursor: 8 });
    expect(run('kubectl get pods', 8, { type: 'killToEnd' })).toEqual({ text: 'kubectl ', cursor: 8 });
    expect(run('kubectl get pods', 8, { type: 'killToStart' })).toEqual({ text: 'get pods', cursor: 0 });
  });

  it('returns the same state when nothing changes (no redraw)', () => {
    const start = lineOf('abc');
    for (const type of ['right', 'end', 'delete', 'killToEnd'] as const)
      expect(editLine(start, { type })).toBe(start);
    for (const type of ['left', 'home', 'backspace', 'killToStart', 'deleteWordBefore'] as const)
      expect(editLine(EMPTY_LINE, { type })).toBe(EMPTY_LINE);
  });

  it('replaces the word before the cursor', () => {
    expect(
      replaceBeforeCursor({ text: 'kubectl get deplo -o yaml', cursor: 17 }, 12, 'deployments '),
    ).toEqual({
      text: 'kubectl get deployments  -o yaml',
      cursor: 24,
    });
  });
});

describe('history', () => {
  it('keeps non-blank lines, without an immediate repeat, at most MAX_HISTORY', () => {
    let h = emptyHistory();
    for (const line of ['a', 'a', ' ', 'b', 'a']) h = remember(h, line);
    expect(h.entries).toEqual(['a', 'b', 'a']);
    for (let i = 0; i < MAX_HISTORY + 5; i++) h = remember(h, `cmd ${i}`);
    expect(h.entries).toHaveLength(MAX_HISTORY);
    expect(h.entries[0]).toBe('cmd 5');
  });

  it('browses back and forth and returns the draft', () => {
    const h = emptyHistory(['one', 'two']);
    expect(next(h)).toBeUndefined();
    const up1 = previous(h, 'draft')!;
    expect(up1.line).toBe('two');
    const up2 = previous(up1.history, 'two (edited)')!;
    expect(up2.line).toBe('one');
    expect(previous(up2.history, 'one')).toBeUndefined();
    const down1 = next(up2.history)!;
    expect(down1.line).toBe('two');
    expect(next(down1.history)!.line).toBe('draft');
  });
});

describe('decodeInput', () => {
  it('groups printable text and decodes keys', () => {
    expect(decodeInput('kubectl\t')).toEqual([{ type: 'insert', text: 'kubectl' }, { type: 'complete' }]);
    expect(decodeInput('\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F\x1b[3~')).toEqual(
      ['historyUp', 'historyDown', 'right', 'left', 'home', 'end', 'delete'].map((type) => ({ type })),
    );
    expect(decodeInput('\x03\x7f\x15\x17\x0c\x04').map((a) => a.type)).toEqual([
      'interrupt',
      'backspace',
      'killToStart',
      'deleteWordBefore',
      'clearScreen',
      'endOfInput',
    ]);
  });

  it('splits a pasted block into lines (CRLF once) and drops unknown escape sequences', () => {
    expect(decodeInput('a\r\nb\nc\r')).toEqual([
      { type: 'insert', text: 'a' },
      { type: 'enter' },
      { type: 'insert', text: 'b' },
      { type: 'enter' },
      { type: 'insert', text: 'c' },
      { type: 'enter' },
    ]);
    expect(decodeInput('x\x1b[15~y\x1b[200~z')).toEqual([
      { type: 'insert', text: 'x' },
      { type: 'insert', text: 'y' },
      { type: 'insert', text: 'z' },
    ]);
  });
});
