// The entry point of the simulated kubectl: one command line in, kubectl's stdout, stderr and exit code out.
// It splits the line like a shell, finds the command in the registry (longest path), parses the flags with
// pflag's rules and runs the command. Commands write through ctx.cluster and never reconcile: whoever calls
// runKubectl (the session runner, the backend) lets the controllers run afterwards.
import type { CommandOutput, CommandSpec, FlagSpec, KubectlContext } from './command';
import { tokenize } from './command-line';
import { GLOBAL_FLAGS, parseFlags, takesSeparateValue } from './flags';
import { COMMANDS } from './registry';
import { clientError, suggestionsFor, unknownCommand } from '../errors/kubectl-errors';

/** The only kubeconfig context a sandbox has (`--context` must name it). */
export const SANDBOX_CONTEXT = 'podlab';

export function runKubectl(ctx: KubectlContext, commands: readonly CommandSpec[] = COMMANDS): CommandOutput {
  const tokenized = tokenize(ctx.line);
  if (!tokenized.ok) return { stdout: '', stderr: `podlab: ${tokenized.error}\n`, exitCode: 2 };
  const [program, ...tokens] = tokenized.words;
  if (program === undefined) return { stdout: '', stderr: '', exitCode: 0 };
  if (program !== 'kubectl' && program !== 'k')
    return { stdout: '', stderr: `podlab: ${program}: command not found\n`, exitCode: 127 };

  const resolved = resolveCommand(tokens, commands);
  if (!resolved.spec) {
    const { prefix, unknown } = resolved;
    if (prefix.length === 0) {
      if (unknown === undefined) {
        // `kubectl`, `kubectl --help`, `kubectl -n x`: the root help (flags are still checked).
        const parsed = parseFlags(tokens, [], 'kubectl');
        if (!parsed.ok) return { stdout: '', stderr: parsed.error, exitCode: 1 };
        return { stdout: rootHelp(commands), stderr: '', exitCode: 0 };
      }
      const names = topLevel(commands);
      return {
        stdout: '',
        stderr: unknownCommand(unknown, 'kubectl', suggestionsFor(unknown, names)),
        exitCode: 1,
      };
    }
    // A command group (`kubectl rollout`, `kubectl set foo`): kubectl's DefaultSubCommandRun prints the
    // group's help to stderr, or complains about the extra word, and exits 1.
    const path = `kubectl ${prefix.join(' ')}`;
    if (unknown !== undefined)
      return {
        stdout: '',
        stderr: clientError(`unknown command "${unknown}"\nSee '${path} -h' for help and examples`),
        exitCode: 1,
      };
    return { stdout: '', stderr: groupHelp(prefix, commands), exitCode: 1 };
  }

  const { spec, pathIndexes } = resolved;
  const commandPath = `kubectl ${spec.path.join(' ')}`;
  const rest = tokens.filter((_, i) => !pathIndexes.has(i));
  const parsed = parseFlags(rest, spec.flags, commandPath);
  if (!parsed.ok) return { stdout: '', stderr: parsed.error, exitCode: 1 };
  const { invocation } = parsed;
  if (invocation.flags['help'] === true) return { stdout: commandHelp(spec), stderr: '', exitCode: 0 };

  const context = invocation.flags['context'];
  if (typeof context === 'string' && context !== '' && context !== SANDBOX_CONTEXT)
    return {
      stdout: '',
      stderr: clientError(`context was not found for specified context: ${context}`),
      exitCode: 1,
    };
  const namespace = invocation.flags['namespace'];
  const runCtx: KubectlContext =
    typeof namespace === 'string' && namespace !== '' ? { ...ctx, namespace } : ctx;
  return spec.run(runCtx, invocation);
}

type Resolved =
  { spec: CommandSpec; pathIndexes: Set<number> } | { spec?: undefined; prefix: string[]; unknown?: string };

/**
 * Walks the leading positional words down the command tree: `rollout status deploy/web` → `rollout status`.
 * Flags are skipped (with their separate values, judged by the flags of the command matched so far).
 */
function resolveCommand(tokens: readonly string[], commands: readonly CommandSpec[]): Resolved {
  const prefix: string[] = [];
  const pathIndexes = new Set<number>();
  let i = 0;
  for (;;) {
    const current = exact(prefix, commands);
    const known: readonly FlagSpec[] = current?.flags ?? [];
    let next = -1;
    for (; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token === '--') break;
      if (token.startsWith('-') && token.length > 1) {
        if (takesSeparateValue(token, known.length ? known : GLOBAL_FLAGS)) i++;
        continue;
      }
      next = i;
      break;
    }
    if (next < 0) break;
    const word = tokens[next]!;
    const candidate = [...prefix, word];
    const extends_ = commands.some((c) => startsWith(c, candidate));
    if (!extends_) {
      if (current) break;
      return { prefix, unknown: word };
    }
    const matched = commands.find((c) => startsWith(c, candidate));
    prefix.push(matched!.path[prefix.length]!);
    pathIndexes.add(next);
    i = next + 1;
  }
  const spec = exact(prefix, commands);
  if (spec) return { spec, pathIndexes };
  return { prefix };
}

function startsWith(spec: CommandSpec, words: readonly string[]): boolean {
  if (spec.path.length < words.length) return false;
  return words.every((w, i) => {
    if (spec.path[i] === w) return true;
    // Aliases name the last word of a path (`create deploy` for `create deployment`).
    return i === spec.path.length - 1 && (spec.aliases ?? []).includes(w);
  });
}

function exact(prefix: readonly string[], commands: readonly CommandSpec[]): CommandSpec | undefined {
  if (!prefix.length) return undefined;
  return commands.find((c) => c.path.length === prefix.length && c.path.every((p, i) => p === prefix[i]));
}

function topLevel(commands: readonly CommandSpec[]): string[] {
  return [...new Set(commands.map((c) => c.path[0]!))].sort();
}

function rootHelp(commands: readonly CommandSpec[]): string {
  const groups = new Map<string, string>();
  for (const c of commands) {
    const word = c.path[0]!;
    if (!groups.has(word)) groups.set(word, c.path.length === 1 ? c.short : groupShort(word));
  }
  const names = [...groups.keys()].sort();
  const width = Math.max(0, ...names.map((n) => n.length)) + 3;
  return (
    'kubectl controls the Kubernetes cluster manager (simulated by Podlab).\n\n' +
    ' Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n' +
    'Commands:\n' +
    names.map((n) => `  ${n.padEnd(width)}${groups.get(n)}\n`).join('') +
    '\nUsage:\n  kubectl [flags] [options]\n\n' +
    'Use "kubectl <command> --help" for more information about a given command.\n'
  );
}

function groupShort(word: string): string {
  switch (word) {
    case 'rollout':
      return 'Manage the rollout of a resource';
    case 'set':
      return 'Set specific features on objects';
    case 'create':
      return 'Create a resource from a file or from stdin';
    default:
      return '';
  }
}

function groupHelp(prefix: readonly string[], commands: readonly CommandSpec[]): string {
  const subs = commands.filter(
    (c) => c.path.length === prefix.length + 1 && prefix.every((p, i) => c.path[i] === p),
  );
  const width = Math.max(0, ...subs.map((c) => c.path[prefix.length]!.length)) + 3;
  return (
    `${groupShort(prefix[0]!)}\n\nAvailable Commands:\n` +
    subs.map((c) => `  ${c.path[prefix.length]!.padEnd(width)}${c.short}\n`).join('') +
    `\nUsage:\n  kubectl ${prefix.join(' ')} SUBCOMMAND [options]\n\n` +
    `Use "kubectl ${prefix.join(' ')} <command> --help" for more information about a given command.\n`
  );
}

function commandHelp(spec: CommandSpec): string {
  const flags = [...spec.flags].sort((a, b) => (a.name < b.name ? -1 : 1));
  const label = (f: FlagSpec) => (f.short ? `-${f.short}, --${f.name}` : `--${f.name}`);
  const width = Math.max(0, ...flags.map((f) => label(f).length)) + 2;
  return (
    `${spec.short}\n\n` +
    (flags.length
      ? `Options:\n${flags.map((f) => `    ${label(f).padEnd(width)}${f.description}\n`).join('')}\n`
      : '') +
    `Usage:\n  ${spec.usage}\n\n` +
    'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
  );
}
