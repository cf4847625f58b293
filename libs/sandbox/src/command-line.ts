// One learner command line against a sandbox's cluster, dispatched like libs/kubectl's Session does for `podlab
// run`: a pipeline of simple commands (`cat <<EOF | kubectl apply -f -`), stdout feeding the next stdin, `cat`
// reading files or echoing its input, `cat > FILE` writing one (see sandbox-files.ts).
import type { Cluster } from '@podlab/kube';
import { runKubectl, splitPipeline, tokenize, type CommandOutput } from '@podlab/kubectl';
import { SandboxFileSystem } from './sandbox-files';

export interface CommandLineContext {
  readonly cluster: Cluster;
  /** The sandbox's files (default: none, and writes are dropped). */
  readonly files?: SandboxFileSystem;
  readonly line: string;
  readonly stdin?: string | undefined;
  readonly clock: 'live' | 'stepped';
  readonly user: string;
}

export function runCommandLine(ctx: CommandLineContext): CommandOutput {
  let input = ctx.stdin;
  let stderr = '';
  let last: CommandOutput = { stdout: '', stderr: '', exitCode: 0 };
  const segments = splitPipeline(ctx.line);
  const withFiles = { ...ctx, files: ctx.files ?? new SandboxFileSystem() };
  for (const segment of segments) {
    last = runSimple(withFiles, segment.trim(), input, segments.length === 1);
    stderr += last.stderr;
    input = last.stdout;
  }
  return { ...last, stderr };
}

function runSimple(
  ctx: CommandLineContext & { readonly files: SandboxFileSystem },
  line: string,
  stdin: string | undefined,
  mayWrite: boolean,
): CommandOutput {
  const words = tokenize(line);
  if (!words.ok) return { stdout: '', stderr: `podlab: ${words.error}\n`, exitCode: 2 };
  const [program, ...args] = words.words;
  if (program === 'cat') return cat(ctx.files, args, stdin, mayWrite);
  return runKubectl({
    cluster: ctx.cluster,
    namespace: 'default',
    ...(stdin !== undefined ? { stdin } : {}),
    files: ctx.files,
    clock: ctx.clock,
    user: ctx.user,
    line,
  });
}

/** `cat FILE…`, `cat` (echo stdin), `cat > FILE` / `cat <<EOF > FILE` (write stdin; Session's rules). */
function cat(
  files: SandboxFileSystem,
  args: readonly string[],
  stdin: string | undefined,
  mayWrite: boolean,
): CommandOutput {
  const redirect = args.findIndex((a) => a === '>' || a.startsWith('>'));
  if (redirect >= 0) {
    const target = args[redirect] === '>' ? args[redirect + 1] : args[redirect]!.slice(1);
    if (!target)
      return { stdout: '', stderr: "podlab: syntax error near unexpected token `newline'\n", exitCode: 2 };
    // A write is replayed from the recorded command's stdin, so it must be the whole line.
    if (!mayWrite)
      return {
        stdout: '',
        stderr: 'podlab: write files with a command of their own: cat > FILE <<EOF\n',
        exitCode: 1,
      };
    files.write(target, stdin ?? '');
    return { stdout: '', stderr: '', exitCode: 0 };
  }
  if (!args.length) return { stdout: stdin ?? '', stderr: '', exitCode: 0 };
  let stdout = '';
  let stderr = '';
  for (const path of args) {
    const content = files.read(path);
    if (content === undefined) stderr += `cat: ${path}: No such file or directory\n`;
    else stdout += content;
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}
