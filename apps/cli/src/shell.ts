// The interactive `podlab shell`: a kubectl prompt with line history, heredocs (`<<EOF` … `EOF`), the session
// directives (`@ advance 5s`, `@ settle`, `@ fault …`), and a live clock option that lets simulated time follow
// the wall clock between commands.
import { createInterface } from 'node:readline';
import { Session, formatElapsed, heredocOf } from '@podlab/kubectl';

export interface ShellOptions {
  live: boolean;
  seed: number;
  workers: number;
  controlPlane: boolean;
}

const HELP =
  'Type kubectl commands (or k), "@ advance 5s", "@ settle [10m]", "@ fault <kind> <target>", "cat > f.yaml <<EOF", "help" or "exit".\n';

export function runShell(options: ShellOptions): void {
  const session = new Session({
    seed: options.seed,
    workers: options.workers,
    controlPlane: options.controlPlane,
    clock: options.live ? 'live' : 'stepped',
  });
  const startedAt = Date.now();
  const start = session.cluster.now;
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: 'podlab$ ',
    historySize: 1000,
    terminal: process.stdin.isTTY,
  });
  process.stdout.write(
    `Podlab shell: kubectl against a simulated Kubernetes ${options.live ? 'v1.30 cluster (live clock)' : 'v1.30 cluster (stepped clock)'}. ${HELP}`,
  );

  let pending: { command: string; delimiter: string; stripTabs: boolean; body: string[] } | undefined;

  const catchUp = () => {
    // A live sandbox's simulated clock follows the wall clock.
    if (options.live) session.cluster.advanceTo(start + (Date.now() - startedAt));
  };

  const execute = (command: string, stdin?: string) => {
    catchUp();
    const out = session.command(command, stdin);
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
  };

  rl.on('line', (input) => {
    if (pending) {
      const line = pending.stripTabs ? input.replace(/^\t+/, '') : input;
      if (line === pending.delimiter) {
        const { command, body } = pending;
        pending = undefined;
        execute(command, body.length ? `${body.join('\n')}\n` : '');
        rl.setPrompt('podlab$ ');
      } else pending.body.push(line);
      rl.prompt();
      return;
    }
    const line = input.trim();
    if (line === 'exit' || line === 'quit') {
      rl.close();
      return;
    }
    if (line === 'help' || line === '?') process.stdout.write(HELP);
    else if (line.startsWith('@')) {
      catchUp();
      const [name, ...args] = line.slice(1).trim().split(/\s+/);
      const out = session.directive(name ?? '', args);
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
    } else if (line === 'time') process.stdout.write(`[t=${formatElapsed(session.elapsed())}]\n`);
    else if (line !== '') {
      const heredoc = heredocOf(line);
      if (heredoc) {
        pending = { ...heredoc, body: [] };
        rl.setPrompt('> ');
      } else execute(line);
    }
    rl.prompt();
  });
  rl.on('close', () => {
    process.stdout.write('\n');
    process.exit(0);
  });
  rl.prompt();
}
