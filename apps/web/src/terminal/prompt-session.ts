// The shell behind the terminal: prompt, line editing, history, Ctrl-C, tab completion, heredocs, and one
// command at a time. Framework-free: it writes ANSI text through `write` and runs lines through `run`, so it is
// unit-tested with a fake terminal; the xterm component only wires it up.
import { heredocOf } from '@podlab/kubectl';
import type { Completion } from './completion';
import { emptyHistory, type History, next, previous, remember } from './history';
import { decodeInput, type InputAction } from './input-decoder';
import { EMPTY_LINE, editLine, type LineState, lineOf, replaceBeforeCursor } from './line-editor';

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface PromptSessionOptions {
  /** Writes to the terminal (ANSI). */
  write(text: string): void;
  /** Runs one command line with its stdin (from a heredoc); rejects with a readable message. */
  run(command: string, stdin: string | undefined): Promise<CommandResult>;
  /** Completes the word before the cursor. */
  complete(line: string, cursor: number): Completion;
  /** The terminal's width in columns (line wrapping). */
  columns(): number;
  /** Called when the history changes (to keep it across reloads). */
  onHistory?(entries: readonly string[]): void;
  /** Called after every command, with its result (for refreshing views). */
  onCommandDone?(command: string, result: CommandResult | undefined): void;
  history?: readonly string[];
  prompt?: string;
}

const PROMPT = '\x1b[1;32m$\x1b[0m ';
const CONTINUATION = '> ';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
export const visibleLength = (text: string) => text.replace(ANSI, '').length;

/** Terminal text: `\n` becomes `\r\n` (xterm moves down without returning otherwise). */
export const toTerminal = (text: string) => text.replace(/\r?\n/g, '\r\n');

interface Heredoc {
  command: string;
  delimiter: string;
  stripTabs: boolean;
  lines: string[];
  firstLine: string;
}

export class PromptSession {
  private line: LineState = EMPTY_LINE;
  private history: History;
  private heredoc: Heredoc | undefined;
  /** The running command's ticket; Ctrl-C forgets it so a late answer is not printed. */
  private running: number | undefined;
  private ticket = 0;
  /** Input that arrived while a command ran (a pasted script): handled once the prompt is back. */
  private queue: InputAction[] = [];
  /** The row (from the prompt's first row) where the cursor was left by the last redraw. */
  private cursorRow = 0;
  private readonly prompt: string;

  constructor(private readonly options: PromptSessionOptions) {
    this.history = emptyHistory(options.history ?? []);
    this.prompt = options.prompt ?? PROMPT;
  }

  /** The line at the prompt (for tests and accessibility mirrors). */
  get current(): LineState {
    return this.line;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  get historyEntries(): readonly string[] {
    return this.history.entries;
  }

  start(banner?: string): void {
    if (banner) this.options.write(toTerminal(banner.endsWith('\n') ? banner : `${banner}\n`));
    this.showPrompt();
  }

  /** Feeds what the terminal's onData delivered. */
  input(data: string): void {
    for (const action of decodeInput(data)) {
      if (this.running !== undefined) {
        if (action.type === 'interrupt') this.interruptRunning();
        else this.queue.push(action);
        continue;
      }
      this.handle(action);
    }
  }

  /** Runs a line as if typed (the editor's Apply button, examples in the instructions). */
  submit(command: string, stdin?: string): Promise<void> {
    if (this.running !== undefined) return Promise.resolve();
    this.line = lineOf(command);
    this.redraw();
    this.options.write('\r\n');
    this.line = EMPTY_LINE;
    this.cursorRow = 0;
    this.setHistory(remember(this.history, command));
    return this.execute(command, stdin);
  }

  private get activePrompt(): string {
    return this.heredoc ? CONTINUATION : this.prompt;
  }

  private showPrompt(): void {
    this.cursorRow = 0;
    this.options.write(this.activePrompt);
    if (this.line.text) this.redraw();
  }

  private setHistory(history: History): void {
    const changed = history.entries !== this.history.entries;
    this.history = history;
    if (changed) this.options.onHistory?.(history.entries);
  }

  private handle(action: InputAction): void {
    switch (action.type) {
      case 'enter':
        return this.enter();
      case 'interrupt':
        this.options.write('^C\r\n');
        this.line = EMPTY_LINE;
        this.heredoc = undefined;
        this.history = { ...this.history, index: this.history.entries.length, draft: '' };
        return this.showPrompt();
      case 'endOfInput':
        if (this.heredoc && this.line.text === '') return this.finishHeredoc();
        return this.apply(editLine(this.line, { type: 'delete' }));
      case 'complete':
        return this.completeWord();
      case 'historyUp': {
        if (this.heredoc) return;
        const found = previous(this.history, this.line.text);
        if (!found) return;
        this.history = found.history;
        return this.apply(lineOf(found.line));
      }
      case 'historyDown': {
        if (this.heredoc) return;
        const found = next(this.history);
        if (!found) return;
        this.history = found.history;
        return this.apply(lineOf(found.line));
      }
      case 'clearScreen':
        this.options.write('\x1b[2J\x1b[3J\x1b[H');
        return this.showPrompt();
      default:
        return this.apply(editLine(this.line, action));
    }
  }

  private apply(line: LineState): void {
    if (line === this.line) return;
    this.line = line;
    this.redraw();
  }

  /** Redraws prompt + line and puts the cursor in place, over as many rows as the line wraps to. */
  private redraw(): void {
    const columns = Math.max(1, this.options.columns());
    const promptLength = visibleLength(this.activePrompt);
    const end = promptLength + this.line.text.length;
    const target = promptLength + this.line.cursor;
    let out = '';
    if (this.cursorRow > 0) out += `\x1b[${this.cursorRow}A`;
    out += `\r\x1b[J${this.activePrompt}${this.line.text}`;
    // After writing `end` cells the cursor sits on row end/cols, except at an exact multiple of the width,
    // where xterm keeps it on the previous row (pending wrap).
    const endRow = end > 0 && end % columns === 0 ? end / columns - 1 : Math.floor(end / columns);
    const targetRow = Math.floor(target / columns);
    const targetColumn = target % columns;
    if (endRow !== targetRow || end !== target || end % columns === 0) {
      out += '\r';
      if (endRow > targetRow) out += `\x1b[${endRow - targetRow}A`;
      if (targetRow > endRow) out += '\n'.repeat(targetRow - endRow);
      if (targetColumn > 0) out += `\x1b[${targetColumn}C`;
    }
    this.cursorRow = targetRow;
    this.options.write(out);
  }

  private completeWord(): void {
    if (this.heredoc) return;
    const completion = this.options.complete(this.line.text, this.line.cursor);
    if (completion.replacement !== completion.word) {
      return this.apply(replaceBeforeCursor(this.line, completion.from, completion.replacement));
    }
    if (completion.candidates.length > 1) {
      // Nothing more to add: list the choices under the line, as bash does on a second Tab.
      this.moveBelowLine();
      this.options.write(`${completion.candidates.join('  ')}\r\n`);
      this.showPrompt();
      this.redraw();
    }
  }

  /** Puts the cursor on a fresh row below the (possibly wrapped) line. */
  private moveBelowLine(): void {
    const columns = Math.max(1, this.options.columns());
    const end = visibleLength(this.activePrompt) + this.line.text.length;
    const endRow = end > 0 && end % columns === 0 ? end / columns - 1 : Math.floor(end / columns);
    const down = endRow - this.cursorRow;
    this.options.write(`${down > 0 ? '\n'.repeat(down) : ''}\r\n`);
    this.cursorRow = 0;
  }

  private enter(): void {
    const text = this.line.text;
    this.line = EMPTY_LINE;
    this.moveBelowLine();
    if (this.heredoc) {
      const candidate = this.heredoc.stripTabs ? text.replace(/^\t+/, '') : text;
      if (candidate === this.heredoc.delimiter) return this.finishHeredoc();
      this.heredoc.lines.push(candidate);
      return this.showPrompt();
    }
    this.setHistory(remember(this.history, text));
    const command = text.trim();
    if (command === '') return this.showPrompt();
    if (command === 'clear') {
      this.options.write('\x1b[2J\x1b[3J\x1b[H');
      return this.showPrompt();
    }
    const heredoc = heredocOf(command);
    if (heredoc) {
      this.heredoc = { ...heredoc, lines: [], firstLine: command };
      return this.showPrompt();
    }
    void this.execute(command, undefined);
  }

  private finishHeredoc(): void {
    const heredoc = this.heredoc;
    if (!heredoc) return;
    this.heredoc = undefined;
    this.line = EMPTY_LINE;
    void this.execute(heredoc.command, heredoc.lines.length ? `${heredoc.lines.join('\n')}\n` : '');
  }

  private async execute(command: string, stdin: string | undefined): Promise<void> {
    const ticket = ++this.ticket;
    this.running = ticket;
    let result: CommandResult | undefined;
    try {
      result = await this.options.run(command, stdin);
      if (this.running !== ticket) return;
      if (result.stdout) this.options.write(toTerminal(result.stdout));
      if (result.stdout && !result.stdout.endsWith('\n')) this.options.write('\r\n');
      if (result.stderr) {
        const text = result.stderr.endsWith('\n') ? result.stderr : `${result.stderr}\n`;
        this.options.write(`${RED}${toTerminal(text)}${RESET}`);
      }
    } catch (error) {
      if (this.running !== ticket) return;
      const message = error instanceof Error ? error.message : String(error);
      this.options.write(`${RED}podlab: ${toTerminal(message)}${RESET}\r\n`);
    } finally {
      if (this.running === ticket) {
        this.running = undefined;
        this.showPrompt();
        this.options.onCommandDone?.(command, result);
        this.drainQueue();
      }
    }
  }

  private interruptRunning(): void {
    // The server runs a command to its end; Ctrl-C stops waiting for it and drops what was queued behind it.
    this.running = undefined;
    this.queue = [];
    this.options.write('^C\r\n');
    this.showPrompt();
  }

  private drainQueue(): void {
    while (this.queue.length > 0 && this.running === undefined) {
      const action = this.queue.shift()!;
      this.handle(action);
    }
  }
}
