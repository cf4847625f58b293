// The learner's terminal: xterm.js showing a PromptSession (prompt, editing, history, Ctrl-C, completion).
// Screen readers get xterm's own accessibility tree (screenReaderMode) plus a live region with each command's
// result, so output is announced without reading the whole buffer.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { Completion } from './completion';
import { type CommandResult, PromptSession } from './prompt-session';

export interface KubectlTerminalHandle {
  /** Runs a command as if typed (the YAML editor's Apply). */
  submit(command: string, stdin?: string): Promise<void>;
  focus(): void;
}

export interface KubectlTerminalProps {
  /** Runs one command line on the sandbox. */
  run(command: string, stdin: string | undefined): Promise<CommandResult>;
  complete(line: string, cursor: number): Completion;
  /** Where the history is kept across reloads (sessionStorage key). */
  historyKey: string;
  banner?: string;
  onCommandDone?(command: string, result: CommandResult | undefined): void;
  /** Whether the terminal is on screen (it refits when shown). */
  visible?: boolean;
}

function loadHistory(key: string): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string') : [];
  } catch {
    return [];
  }
}

export const KubectlTerminal = forwardRef<KubectlTerminalHandle, KubectlTerminalProps>(
  function KubectlTerminal({ run, complete, historyKey, banner, onCommandDone, visible = true }, ref) {
    const host = useRef<HTMLDivElement>(null);
    const session = useRef<PromptSession | null>(null);
    const terminal = useRef<Terminal | null>(null);
    const fit = useRef<FitAddon | null>(null);
    const [announcement, setAnnouncement] = useState('');
    // The latest callbacks, read by the long-lived session.
    const callbacks = useRef({ run, complete, onCommandDone });
    callbacks.current = { run, complete, onCommandDone };

    useEffect(() => {
      const element = host.current;
      if (!element) return;
      const term = new Terminal({
        cursorBlink: true,
        convertEol: false,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        fontSize: 14,
        scrollback: 5_000,
        screenReaderMode: true,
        theme: { background: '#10141c', foreground: '#e6e9ef', cursor: '#7dd3fc', red: '#ff8a80' },
      });
      const fitAddon = new FitAddon();
      term.loadAddon(fitAddon);
      term.open(element);
      terminal.current = term;
      fit.current = fitAddon;
      try {
        fitAddon.fit();
      } catch {
        // Not laid out yet (hidden tab): fitted again when shown.
      }
      const prompt = new PromptSession({
        write: (text) => term.write(text),
        run: (command, stdin) => callbacks.current.run(command, stdin),
        complete: (line, cursor) => callbacks.current.complete(line, cursor),
        columns: () => term.cols,
        history: loadHistory(historyKey),
        onHistory: (entries) => {
          try {
            sessionStorage.setItem(historyKey, JSON.stringify(entries.slice(-200)));
          } catch {
            // Storage full or disabled: history lasts for this page only.
          }
        },
        onCommandDone: (command, result) => {
          if (result) {
            const text = `${result.stdout}${result.stderr}`.trim();
            setAnnouncement(`${command}: ${text || `exit code ${result.exitCode}`}`);
          }
          callbacks.current.onCommandDone?.(command, result);
        },
      });
      session.current = prompt;
      const input = term.onData((data) => prompt.input(data));
      // Tab must reach the terminal, not move the focus; Escape leaves the terminal for keyboard users.
      term.attachCustomKeyEventHandler((event) => {
        if (event.key === 'Escape' && event.type === 'keydown') {
          term.blur();
          element.closest<HTMLElement>('[data-terminal-region]')?.focus();
          return false;
        }
        return true;
      });
      prompt.start(banner);
      const observer = new ResizeObserver(() => {
        try {
          fitAddon.fit();
        } catch {
          // Hidden: nothing to fit.
        }
      });
      observer.observe(element);
      return () => {
        observer.disconnect();
        input.dispose();
        term.dispose();
        session.current = null;
        terminal.current = null;
      };
      // The terminal lives as long as the screen: a new sandbox remounts it (the screen keys it by sandbox id).
    }, []);

    useEffect(() => {
      if (!visible) return;
      try {
        fit.current?.fit();
      } catch {
        // Not laid out yet.
      }
    }, [visible]);

    useImperativeHandle(
      ref,
      () => ({
        submit: (command, stdin) => session.current?.submit(command, stdin) ?? Promise.resolve(),
        focus: () => terminal.current?.focus(),
      }),
      [],
    );

    return (
      <div className="terminal-region" data-terminal-region tabIndex={-1}>
        <p className="visually-hidden" id="terminal-help">
          A kubectl terminal. Type a command and press Enter; Up and Down recall history, Tab completes,
          Control C cancels, Escape leaves the terminal.
        </p>
        <div
          ref={host}
          className="terminal-host"
          data-testid="terminal"
          role="group"
          aria-label="Terminal"
          aria-describedby="terminal-help"
        />
        <div className="visually-hidden" aria-live="polite" data-testid="terminal-announcement">
          {announcement}
        </div>
      </div>
    );
  },
);
