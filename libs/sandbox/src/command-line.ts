// One learner command line against a sandbox's cluster, dispatched like libs/kubectl's Session does for `podlab
// run`: a pipeline of simple commands (`cat <<EOF | kubectl apply -f -`), stdout feeding the next stdin, `cat`
// echoing its input. Sandboxes keep no files (yet): `-f FILE` and `cat > FILE` report that clearly.
import type { Cluster } from '@podlab/kube';
import { runKubectl, tokenize, type CommandOutput, type SandboxFiles } from '@podlab/kubectl';

const NO_FILES: SandboxFiles = {
  read: () => undefined,
  list: () => [],
};

export interface CommandLineContext {
  readonly cluster: Cluster;
  readonly line: string;
  readonly stdin: string | undefined;
  readonly clock: 'live' | 'stepped';
  readonly user: string;
}

export function runCommandLine(ctx: CommandLineContext): CommandOutput {
  let input = ctx.stdin;
  let stderr = '';
  let last: CommandOutput = { stdout: '', stderr: '', exitCode: 0 };
  for (const segment of splitPipeline(ctx.line)) {
    last = runSimple(ctx, segment.trim(), input);
    stderr += last.stderr;
    input = last.stdout;
  }
  return { ...last, stderr };
}

function runSimple(ctx: CommandLineContext, line: string, stdin: string | undefined): CommandOutput {
  const words = tokenize(line);
  if (!words.ok) return { stdout: '', stderr: `podlab: ${words.error}\n`, exitCode: 2 };
  const [program, ...args] = words.words;
  if (program === 'cat') return cat(args, stdin);
  return runKubectl({
    cluster: ctx.cluster,
    namespace: 'default',
    ...(stdin !== undefined ? { stdin } : {}),
    files: NO_FILES,
    clock: ctx.clock,
    user: ctx.user,
    line,
  });
}

function cat(args: readonly string[], stdin: string | undefined): CommandOutput {
  if (args.some((arg) => arg.startsWith('>')))
    return {
      stdout: '',
      stderr: 'podlab: sandboxes keep no files; pipe the manifest instead: cat <<EOF | kubectl apply -f -\n',
      exitCode: 1,
    };
  if (!args.length) return { stdout: stdin ?? '', stderr: '', exitCode: 0 };
  return {
    stdout: '',
    stderr: args.map((path) => `cat: ${path}: No such file or directory\n`).join(''),
    exitCode: 1,
  };
}

/** Splits a line at `|` outside quotes (the same rule as libs/kubectl's session runner). */
export function splitPipeline(line: string): string[] {
  const segments: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') {
        current += ch + (line[i + 1] ?? '');
        i++;
        continue;
      }
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') {
      current += ch + (line[i + 1] ?? '');
      i++;
      continue;
    } else if (ch === '|' && line[i + 1] !== '|') {
      segments.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  segments.push(current);
  return segments;
}
