// A sandbox's files (`cat > web.yaml <<EOF`, then `kubectl apply -f web.yaml`), as `podlab run` keeps them. They
// are not a separate store: a file write is a learner's command, recorded as CommandExecuted with its stdin, so
// the files are a fold of those events (and travel in snapshots next to the cluster).
import type { ClusterEvent } from '@podlab/kube';
import { tokenize, type SandboxFiles } from '@podlab/kubectl';
import { splitPipeline } from '@podlab/kubectl';

const normalize = (path: string) => path.replace(/^\.\//, '');

export class SandboxFileSystem implements SandboxFiles {
  private readonly files: Map<string, string>;

  constructor(entries: Iterable<readonly [string, string]> = []) {
    this.files = new Map(entries);
  }

  read(path: string): string | undefined {
    return this.files.get(normalize(path));
  }

  list(): string[] {
    return [...this.files.keys()].sort();
  }

  write(path: string, content: string): void {
    this.files.set(normalize(path), content);
  }

  entries(): [string, string][] {
    return [...this.files.entries()];
  }

  /** Applies the file write of a recorded command, if it was one. */
  evolve(event: ClusterEvent): void {
    if (event.type !== 'CommandExecuted' || event.data.exitCode !== 0) return;
    const target = fileWriteTarget(event.data.line);
    if (target !== undefined) this.write(target, event.data.stdin ?? '');
  }
}

/**
 * The file a whole command line writes with its stdin (`cat > FILE`, `cat >FILE`, `cat <<EOF > FILE` once the
 * heredoc became stdin), or undefined. Only a line that is this one simple command writes a file: that is what
 * replaying the CommandExecuted event can reproduce.
 */
export function fileWriteTarget(line: string): string | undefined {
  if (splitPipeline(line).length !== 1) return undefined;
  const words = tokenize(line.trim());
  if (!words.ok) return undefined;
  const [program, ...args] = words.words;
  if (program !== 'cat') return undefined;
  const redirect = args.findIndex((a) => a === '>' || a.startsWith('>'));
  if (redirect < 0) return undefined;
  const target = args[redirect] === '>' ? args[redirect + 1] : args[redirect]!.slice(1);
  return target || undefined;
}
