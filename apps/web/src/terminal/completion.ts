// Tab completion of kubectl command lines (pure): commands and sub-commands, resource kinds, object names from
// the sandbox's state, flags, and a few flag values (namespaces, output formats).

export interface CompletionCommand {
  /** `['rollout', 'status']`. */
  readonly path: readonly string[];
  readonly aliases?: readonly string[];
  readonly flags: readonly { name: string; short?: string; type: string }[];
}

export interface CompletionResource {
  /** `Deployment`. */
  readonly kind: string;
  /** The plural resource name: `deployments`. */
  readonly name: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
}

export interface CompletionObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
}

export interface CompletionContext {
  readonly commands: readonly CompletionCommand[];
  readonly resources: readonly CompletionResource[];
  /** The sandbox's objects now (names to complete). */
  readonly objects: readonly CompletionObject[];
}

export interface Completion {
  /** Where the word being completed starts (the text from there to the cursor is replaced). */
  readonly from: number;
  /** The word as typed so far. */
  readonly word: string;
  /** Every full candidate for the word, sorted. */
  readonly candidates: readonly string[];
  /** What replaces the word: the longest common prefix, plus a space when exactly one candidate is left. */
  readonly replacement: string;
}

/** Flags every command accepts (kubectl's global flags that matter in a sandbox). */
const GLOBAL_FLAGS = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'help', short: 'h', type: 'bool' },
  { name: 'context', type: 'string' },
] as const;

const OUTPUT_FORMATS = ['json', 'name', 'wide', 'yaml', 'jsonpath=', 'custom-columns='];

/** What the positional arguments of a command name. */
type ArgumentKind = 'kindThenNames' | 'workloads' | 'pods' | 'nodes' | 'kinds' | 'none';

const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet'];

function argumentKind(path: readonly string[]): ArgumentKind {
  const [first, second] = path;
  switch (first) {
    case 'get':
    case 'describe':
    case 'delete':
    case 'label':
    case 'annotate':
    case 'scale':
    case 'patch':
    case 'wait':
    case 'expose':
    case 'edit':
    case 'set':
      return 'kindThenNames';
    case 'rollout':
      return second === undefined ? 'none' : 'workloads';
    case 'explain':
      return 'kinds';
    case 'logs':
    case 'exec':
    case 'attach':
    case 'port-forward':
      return 'pods';
    case 'cordon':
    case 'uncordon':
    case 'drain':
      return 'nodes';
    case 'taint':
      return 'kindThenNames';
    default:
      return 'none';
  }
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0]!;
  for (const word of words) {
    let i = 0;
    while (i < prefix.length && i < word.length && prefix[i] === word[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

function result(from: number, word: string, all: Iterable<string>, prefixOf = word): Completion {
  const candidates = [...new Set(all)].filter((c) => c.startsWith(prefixOf)).sort();
  if (candidates.length === 0) return { from, word, candidates, replacement: word };
  const only = candidates.length === 1 ? candidates[0]! : undefined;
  const endsOpen = only !== undefined && (only.endsWith('/') || only.endsWith('='));
  const prefix = commonPrefix(candidates);
  const replacement =
    only !== undefined ? only + (endsOpen ? '' : ' ') : prefix.startsWith(word) ? prefix : word;
  return { from, word, candidates, replacement };
}

const none = (from: number, word: string): Completion => ({ from, word, candidates: [], replacement: word });

/** Finds the resource a user typed (`deploy`, `deployment`, `deployments`, `Deployment`, `deployment.apps`). */
export function resolveResource(
  resources: readonly CompletionResource[],
  typed: string,
): CompletionResource | undefined {
  const t = typed.toLowerCase().replace(/\.[a-z0-9.-]+$/, '');
  return resources.find(
    (r) =>
      r.name === t ||
      r.kind.toLowerCase() === t ||
      r.shortNames.includes(t) ||
      (r.name.endsWith('s') && r.name.slice(0, -1) === t),
  );
}

interface ParsedLine {
  positionals: string[];
  /** Flag values by long name (the last one wins). */
  flags: Map<string, string | true>;
  /** The flag whose value is being typed (`-n <TAB>`), if any. */
  pendingFlag?: string;
}

function findFlag(
  flags: readonly { name: string; short?: string; type: string }[],
  token: string,
): { name: string; takesValue: boolean; inlineValue?: string } | undefined {
  if (token.startsWith('--')) {
    const [name, value] = token.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const flag = flags.find((f) => f.name === name);
    if (!flag) return { name, takesValue: false, ...(value === undefined ? {} : { inlineValue: value }) };
    return {
      name: flag.name,
      takesValue: flag.type !== 'bool',
      ...(value === undefined ? {} : { inlineValue: value }),
    };
  }
  const short = token.slice(1, 2);
  const flag = flags.find((f) => f.short === short);
  if (!flag) return undefined;
  const rest = token.slice(2).replace(/^=/, '');
  return {
    name: flag.name,
    takesValue: flag.type !== 'bool',
    ...(rest && flag.type !== 'bool' ? { inlineValue: rest } : {}),
  };
}

function parseWords(
  words: readonly string[],
  flagsFor: (positionals: readonly string[]) => readonly { name: string; short?: string; type: string }[],
): ParsedLine {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  let pendingFlag: string | undefined;
  for (const word of words) {
    if (pendingFlag !== undefined) {
      flags.set(pendingFlag, word);
      pendingFlag = undefined;
      continue;
    }
    if (word.startsWith('-') && word !== '-') {
      const flag = findFlag(flagsFor(positionals), word);
      if (!flag) continue;
      if (flag.inlineValue !== undefined) flags.set(flag.name, flag.inlineValue);
      else if (flag.takesValue) pendingFlag = flag.name;
      else flags.set(flag.name, true);
      continue;
    }
    positionals.push(word);
  }
  return { positionals, flags, ...(pendingFlag === undefined ? {} : { pendingFlag }) };
}

function commandNames(command: CompletionCommand, depth: number): string[] {
  const name = command.path[depth];
  if (name === undefined) return [];
  return depth === 0 ? [name, ...(command.aliases ?? [])] : [name];
}

/** Resolves the positionals to the longest matching command path; returns it and how many words it used. */
function resolveCommand(
  commands: readonly CompletionCommand[],
  positionals: readonly string[],
): { command?: CompletionCommand; used: number } {
  let best: { command?: CompletionCommand; used: number } = { used: 0 };
  for (const command of commands) {
    let used = 0;
    while (
      used < command.path.length &&
      used < positionals.length &&
      commandNames(command, used).includes(positionals[used]!)
    )
      used++;
    if (used === command.path.length && used > best.used) best = { command, used };
  }
  return best;
}

/**
 * Completes the word before `cursor` in `line`. Words are split on blanks (quotes are rare at a prompt and
 * never needed for names); the first word is `kubectl` or `k`.
 */
export function complete(line: string, cursor: number, ctx: CompletionContext): Completion {
  const before = line.slice(0, cursor);
  const match = /(\S*)$/.exec(before);
  const word = match?.[1] ?? '';
  const from = cursor - word.length;
  const words = before.slice(0, from).trim().split(/\s+/).filter(Boolean);

  if (words.length === 0) return result(from, word, ['kubectl']);
  if (words[0] !== 'kubectl' && words[0] !== 'k') return none(from, word);

  const flagsFor = (positionals: readonly string[]) => {
    const { command } = resolveCommand(ctx.commands, positionals);
    return [...GLOBAL_FLAGS, ...(command?.flags ?? [])];
  };
  const parsed = parseWords(words.slice(1), flagsFor);
  const namespace =
    typeof parsed.flags.get('namespace') === 'string' ? (parsed.flags.get('namespace') as string) : 'default';
  const allNamespaces = parsed.flags.get('all-namespaces') === true;

  if (parsed.pendingFlag !== undefined) return completeFlagValue(parsed.pendingFlag, from, word, ctx);
  if (word.startsWith('--') && word.includes('=')) {
    const [name = '', value = ''] = word.slice(2).split(/=(.*)/s, 2);
    const inner = completeFlagValue(name, from + name.length + 3, value, ctx);
    const prefix = `--${name}=`;
    return {
      from,
      word,
      candidates: inner.candidates.map((c) => prefix + c),
      replacement: prefix + inner.replacement,
    };
  }
  if (word.startsWith('-')) {
    // A flag that takes a value completes with `=`, so its value can follow at once.
    const flags = flagsFor(parsed.positionals);
    return result(
      from,
      word,
      flags.map((f) => `--${f.name}${f.type === 'bool' ? '' : '='}`),
    );
  }

  const depth = parsed.positionals.length;
  // Every command path that extends what was typed offers its next word (`kubectl rollout <TAB>`).
  const subCommands = ctx.commands
    .filter(
      (c) =>
        c.path.length > depth && parsed.positionals.every((typed, i) => commandNames(c, i).includes(typed)),
    )
    .map((c) => c.path[depth]!);
  const { command, used } = resolveCommand(ctx.commands, parsed.positionals);
  if (!command) return result(from, word, subCommands);
  const args = parsed.positionals.slice(used);
  const own = completeArguments(command, args, from, word, ctx, namespace, allNamespaces);
  // `kubectl create <TAB>`: the sub-commands (deployment, namespace) and the command's own arguments.
  if (used === depth && subCommands.length > 0)
    return result(from, word, [...subCommands, ...own.candidates]);
  return own;
}

function completeFlagValue(flag: string, from: number, word: string, ctx: CompletionContext): Completion {
  if (flag === 'namespace')
    return result(
      from,
      word,
      ctx.objects.filter((o) => o.kind === 'Namespace').map((o) => o.name),
    );
  if (flag === 'output') return result(from, word, OUTPUT_FORMATS);
  return none(from, word);
}

function namesOf(
  ctx: CompletionContext,
  kinds: readonly string[],
  namespace: string,
  allNamespaces: boolean,
): string[] {
  return ctx.objects
    .filter(
      (o) => kinds.includes(o.kind) && (o.namespace === null || allNamespaces || o.namespace === namespace),
    )
    .map((o) => o.name);
}

function completeArguments(
  command: CompletionCommand,
  args: readonly string[],
  from: number,
  word: string,
  ctx: CompletionContext,
  namespace: string,
  allNamespaces: boolean,
): Completion {
  const kind = argumentKind(command.path);
  const kindNames = (filter: (r: CompletionResource) => boolean) =>
    ctx.resources.filter(filter).map((r) => r.name);
  switch (kind) {
    case 'none':
      return none(from, word);
    case 'kinds':
      return args.length === 0
        ? result(
            from,
            word,
            kindNames(() => true),
          )
        : none(from, word);
    case 'pods':
      return args.length === 0
        ? result(from, word, namesOf(ctx, ['Pod'], namespace, allNamespaces))
        : none(from, word);
    case 'nodes':
      return result(from, word, namesOf(ctx, ['Node'], namespace, allNamespaces));
    case 'workloads':
    case 'kindThenNames': {
      const allowed = (r: CompletionResource) => kind === 'kindThenNames' || WORKLOAD_KINDS.includes(r.kind);
      // TYPE/NAME in one word.
      const slash = word.indexOf('/');
      if (slash >= 0) {
        const resource = resolveResource(ctx.resources, word.slice(0, slash));
        if (!resource || !allowed(resource)) return none(from, word);
        const prefix = word.slice(0, slash + 1);
        return result(
          from,
          word,
          namesOf(ctx, [resource.kind], namespace, allNamespaces).map((n) => prefix + n),
        );
      }
      const typed = args[0];
      if (typed === undefined || args.length === 0) {
        // The kind (plural names, as kubectl's completion offers), matched also by singular/short prefix.
        const matches = ctx.resources
          .filter(allowed)
          .filter(
            (r) =>
              r.name.startsWith(word.toLowerCase()) ||
              r.kind.toLowerCase().startsWith(word.toLowerCase()) ||
              r.shortNames.some((s) => s.startsWith(word.toLowerCase())),
          );
        if (matches.length === 0) return none(from, word);
        if (word !== '' && matches.length > 1 && matches.every((r) => r.name.startsWith(word))) {
          return result(
            from,
            word,
            matches.map((r) => r.name),
          );
        }
        if (matches.length === 1) {
          const only = matches[0]!.name;
          return { from, word, candidates: [only], replacement: `${only} ` };
        }
        return result(
          from,
          word,
          matches.map((r) => r.name),
          '',
        );
      }
      if (typed.includes('/')) return none(from, word);
      const kinds = typed
        .split(',')
        .map((t) => resolveResource(ctx.resources, t))
        .filter((r): r is CompletionResource => r !== undefined && allowed(r))
        .map((r) => r.kind);
      if (kinds.length === 0) return none(from, word);
      return result(from, word, namesOf(ctx, kinds, namespace, allNamespaces));
    }
  }
}
