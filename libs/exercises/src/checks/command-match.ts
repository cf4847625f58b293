// Command checks read the learner's CommandExecuted lines with kubectl's own tokenizer, so quoting and
// `--flag=value` / `--flag value` forms are understood exactly as the sandbox understood them.
import { tokenize } from '@podlab/kubectl';
import type { CommandPattern } from '../schema/exercise.schema';

/** kubectl flags that take a separate value word (`-n web`): their value is not a positional word. */
const VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '-f',
  '--filename',
  '-l',
  '--selector',
  '-o',
  '--output',
  '-c',
  '--container',
  '--image',
  '--replicas',
  '--to-revision',
  '--field-selector',
  '--grace-period',
  '--cascade',
  '--for',
  '--timeout',
  '-p',
  '--patch',
  '--type',
  '--port',
  '--target-port',
  '--name',
  '--revision',
  '--dry-run',
  '--context',
]);

export interface ParsedCommand {
  /** Positional words after `kubectl` (or `k`). */
  words: string[];
  /** Flags as typed, without values (`--to-revision`, `-f`). */
  flags: string[];
}

/** The kubectl invocations of a line (each segment of a pipeline that runs kubectl). */
export function parseCommandLine(line: string): ParsedCommand[] {
  const tokens = tokenize(line);
  if (!tokens.ok) return [];
  const segments: string[][] = [[]];
  for (const word of tokens.words) {
    if (word === '|') segments.push([]);
    else segments[segments.length - 1]!.push(word);
  }
  const commands: ParsedCommand[] = [];
  for (const segment of segments) {
    const [program, ...args] = segment;
    if (program !== 'kubectl' && program !== 'k') continue;
    const words: string[] = [];
    const flags: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg.startsWith('-') && arg !== '-') {
        const eq = arg.indexOf('=');
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        flags.push(flag);
        if (eq < 0 && VALUE_FLAGS.has(flag)) i++;
      } else words.push(arg);
    }
    commands.push({ words, flags });
  }
  return commands;
}

export function matchesPattern(command: ParsedCommand, pattern: CommandPattern): boolean {
  return (
    pattern.words.every((word, i) => command.words[i] === word) &&
    (pattern.flags ?? []).every((flag) => command.flags.includes(flag))
  );
}

export function describePattern(pattern: CommandPattern): string {
  return ['kubectl', ...pattern.words, ...(pattern.flags ?? [])].join(' ');
}
