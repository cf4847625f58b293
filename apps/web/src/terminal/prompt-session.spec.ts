import { Terminal } from '@xterm/headless';
import { complete } from './completion';
import { KUBECTL_COMMANDS, KUBE_RESOURCES } from './kubectl-tables';
import { type CommandResult, PromptSession, toTerminal, visibleLength } from './prompt-session';

interface Call {
  command: string;
  stdin: string | undefined;
  resolve(result: CommandResult): void;
  reject(error: Error): void;
}

function setup(history: string[] = []) {
  // A real terminal emulator (xterm's headless build) shows what the learner would see.
  const term = new Terminal({ cols: 80, rows: 30, allowProposedApi: true });
  let pending = Promise.resolve();
  const calls: Call[] = [];
  const saved: string[][] = [];
  const session = new PromptSession({
    write: (text) => {
      pending = pending.then(() => new Promise<void>((resolve) => term.write(text, resolve)));
    },
    run: (command, stdin) =>
      new Promise<CommandResult>((resolve, reject) => calls.push({ command, stdin, resolve, reject })),
    complete: (line, cursor) =>
      complete(line, cursor, {
        commands: KUBECTL_COMMANDS,
        resources: KUBE_RESOURCES,
        objects: [
          { kind: 'Deployment', name: 'web', namespace: 'default' },
          { kind: 'Deployment', name: 'worker', namespace: 'default' },
        ],
      }),
    columns: () => term.cols,
    onHistory: (entries) => saved.push([...entries]),
    history,
  });
  session.start();
  /** The screen's rows, trailing blanks trimmed, empty rows at the end dropped. */
  const screen = async (): Promise<string[]> => {
    await pending;
    const rows: string[] = [];
    const buffer = term.buffer.active;
    for (let i = 0; i < buffer.length; i++) rows.push(buffer.getLine(i)?.translateToString(true) ?? '');
    while (rows.length && rows[rows.length - 1] === '') rows.pop();
    return rows;
  };
  const cursor = async () => {
    await pending;
    return { x: term.buffer.active.cursorX, y: term.buffer.active.cursorY };
  };
  return { session, calls, saved, screen, cursor, term };
}

const ok = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('PromptSession', () => {
  it('runs a typed line and prints its output, then a new prompt', async () => {
    const t = setup();
    t.session.input('kubectl get pods');
    expect(t.session.current).toEqual({ text: 'kubectl get pods', cursor: 16 });
    t.session.input('\r');
    expect(t.calls.map((c) => c.command)).toEqual(['kubectl get pods']);
    expect(t.session.busy).toBe(true);
    t.calls[0]!.resolve(ok('No resources found in default namespace.\n'));
    await flush();
    expect(t.session.busy).toBe(false);
    expect(await t.screen()).toEqual([
      '$ kubectl get pods',
      'No resources found in default namespace.',
      '$ ',
    ]);
  });

  it('prints stderr in red and a failed request as a podlab error', async () => {
    const t = setup();
    t.session.input('kubectl get nope\r');
    t.calls[0]!.resolve({
      stdout: '',
      stderr: 'error: the server doesn\'t have a resource type "nope"\n',
      exitCode: 1,
    });
    await flush();
    expect((await t.screen()).slice(1)).toEqual([
      'error: the server doesn\'t have a resource type "nope"',
      '$ ',
    ]);
    t.session.input('kubectl get pods\r');
    t.calls[1]!.reject(new Error('The API cannot be reached.'));
    await flush();
    expect((await t.screen()).slice(-2)).toEqual(['podlab: The API cannot be reached.', '$ ']);
  });

  it('edits the line: cursor moves, backspace, Ctrl-U, Ctrl-W', () => {
    const t = setup();
    t.session.input('kubectl get pod');
    t.session.input('\x1b[D\x1b[D\x1b[D'); // left ×3
    t.session.input('x');
    expect(t.session.current).toEqual({ text: 'kubectl get xpod', cursor: 13 });
    t.session.input('\x7f');
    expect(t.session.current.text).toBe('kubectl get pod');
    t.session.input('\x05\x17'); // end, delete word
    expect(t.session.current).toEqual({ text: 'kubectl get ', cursor: 12 });
    t.session.input('\x15');
    expect(t.session.current).toEqual({ text: '', cursor: 0 });
  });

  it('recalls history with up and down, restoring the draft', async () => {
    const t = setup(['kubectl get nodes']);
    t.session.input('kubectl get pods\r');
    t.calls[0]!.resolve(ok(''));
    await flush();
    expect(t.saved.at(-1)).toEqual(['kubectl get nodes', 'kubectl get pods']);
    t.session.input('kubectl ver');
    t.session.input('\x1b[A');
    expect(t.session.current.text).toBe('kubectl get pods');
    t.session.input('\x1b[A');
    expect(t.session.current.text).toBe('kubectl get nodes');
    t.session.input('\x1b[A');
    expect(t.session.current.text).toBe('kubectl get nodes');
    t.session.input('\x1b[B\x1b[B');
    expect(t.session.current.text).toBe('kubectl ver');
  });

  it('Ctrl-C drops the line without running it', async () => {
    const t = setup();
    t.session.input('kubectl delete deployment web');
    t.session.input('\x03');
    expect(t.session.current.text).toBe('');
    expect(t.calls).toEqual([]);
    expect(await t.screen()).toEqual(['$ kubectl delete deployment web^C', '$ ']);
  });

  it('Ctrl-C while a command runs gives the prompt back and ignores the late answer', async () => {
    const t = setup();
    t.session.input('kubectl rollout status deploy/web\r');
    t.session.input('\x03');
    expect(t.session.busy).toBe(false);
    t.calls[0]!.resolve(ok('deployment "web" successfully rolled out\n'));
    await flush();
    expect(await t.screen()).toEqual(['$ kubectl rollout status deploy/web', '^C', '$ ']);
  });

  it('completes with Tab and lists the choices when the word is ambiguous', async () => {
    const t = setup();
    t.session.input('kubectl rollout st\t');
    expect(t.session.current.text).toBe('kubectl rollout status ');
    t.session.input('deploy/w\t');
    expect(t.session.current.text).toBe('kubectl rollout status deploy/w');
    expect(await t.screen()).toEqual([
      '$ kubectl rollout status deploy/w',
      'deploy/web  deploy/worker',
      '$ kubectl rollout status deploy/w',
    ]);
    expect(await t.cursor()).toEqual({ x: 33, y: 2 });
    t.session.input('e\t');
    expect(t.session.current.text).toBe('kubectl rollout status deploy/web ');
  });

  it('collects a heredoc as the stdin of its command', async () => {
    const t = setup();
    t.session.input('kubectl apply -f - <<EOF\r');
    expect(t.calls).toEqual([]);
    t.session.input('apiVersion: v1\rkind: Namespace\r');
    t.session.input('metadata:\r  name: dev\rEOF\r');
    expect(t.calls.map((c) => [c.command, c.stdin])).toEqual([
      ['kubectl apply -f -', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n'],
    ]);
    expect(await t.screen()).toEqual([
      '$ kubectl apply -f - <<EOF',
      '> apiVersion: v1',
      '> kind: Namespace',
      '> metadata:',
      '>   name: dev',
      '> EOF',
    ]);
    t.calls[0]!.resolve(ok('namespace/dev created\n'));
    await flush();
    expect(t.session.historyEntries).toEqual(['kubectl apply -f - <<EOF']);
  });

  it('queues a pasted script while a command runs and runs its lines in order', async () => {
    const t = setup();
    t.session.input('kubectl create deployment web --image=nginx\r\nkubectl get deploy\r\n');
    expect(t.calls.map((c) => c.command)).toEqual(['kubectl create deployment web --image=nginx']);
    t.calls[0]!.resolve(ok('deployment.apps/web created\n'));
    await flush();
    expect(t.calls.map((c) => c.command)).toEqual([
      'kubectl create deployment web --image=nginx',
      'kubectl get deploy',
    ]);
  });

  it('submit runs a command from outside the prompt (the editor) with its stdin', async () => {
    const t = setup();
    const done = t.session.submit('kubectl apply -f -', 'kind: Namespace\n');
    expect(t.calls.map((c) => [c.command, c.stdin])).toEqual([['kubectl apply -f -', 'kind: Namespace\n']]);
    t.calls[0]!.resolve(ok('namespace/dev created\n'));
    await done;
    expect(await t.screen()).toEqual(['$ kubectl apply -f -', 'namespace/dev created', '$ ']);
  });

  it('edits a line longer than the terminal over several rows', async () => {
    const t = setup();
    t.term.resize(10, 10);
    t.session.input('abcdefghijkl'); // "$ " + 12 characters: two rows
    expect(await t.screen()).toEqual(['$ abcdefgh', 'ijkl']);
    expect(await t.cursor()).toEqual({ x: 4, y: 1 });
    t.session.input('\x01'); // home: back up one row, after the prompt
    expect(await t.cursor()).toEqual({ x: 2, y: 0 });
    t.session.input('0123456'); // now three rows
    expect(await t.screen()).toEqual(['$ 0123456a', 'bcdefghijk', 'l']);
    expect(await t.cursor()).toEqual({ x: 9, y: 0 });
    t.session.input('\x05\x7f\x7f\x7f'); // end, three backspaces: two rows again, nothing left behind
    expect(await t.screen()).toEqual(['$ 0123456a', 'bcdefghi']);
    expect(await t.cursor()).toEqual({ x: 8, y: 1 });
    t.session.input('xy'); // exactly 20 cells: the cursor waits at the end of the second row
    expect(await t.screen()).toEqual(['$ 0123456a', 'bcdefghixy']);
    t.session.input('\x1b[D'); // left: one cell back on the same row
    expect(await t.cursor()).toEqual({ x: 9, y: 1 });
    t.session.input('\x01'); // home: two rows up is wrong, one row up is right
    expect(await t.cursor()).toEqual({ x: 2, y: 0 });
  });
});

describe('terminal text', () => {
  it('turns newlines into CRLF and measures text without colours', () => {
    expect(toTerminal('a\nb\r\nc')).toBe('a\r\nb\r\nc');
    expect(visibleLength('\x1b[1;32m$\x1b[0m ')).toBe(2);
  });
});
