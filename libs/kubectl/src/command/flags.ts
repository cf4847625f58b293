// Flag parsing with spf13/pflag's rules, which kubectl inherits: `--name=value`, `--name value` (not for bools),
// `-n value`, `-nvalue`, `-n=value`, combined boolean shorthands (`-it`), `--` ends the flags, flags may be
// interspersed with arguments. Errors carry kubectl's texts (unknown flag, unknown shorthand, missing value,
// invalid value) followed by `See '<command> --help' for usage.`
import { parseDuration } from '@podlab/kube';
import type { FlagSpec, FlagValue, Invocation } from './command';
import { flagNeedsArgument, invalidFlagValue, unknownFlag, unknownShorthand } from '../errors/kubectl-errors';

/** kubectl's global flags (a subset of `kubectl options`): accepted by every command. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  {
    name: 'namespace',
    short: 'n',
    type: 'string',
    description: 'If present, the namespace scope for this CLI request',
  },
  { name: 'context', type: 'string', description: 'The name of the kubeconfig context to use' },
  { name: 'cluster', type: 'string', description: 'The name of the kubeconfig cluster to use' },
  { name: 'user', type: 'string', description: 'The name of the kubeconfig user to use' },
  { name: 'kubeconfig', type: 'string', description: 'Path to the kubeconfig file to use for CLI requests.' },
  {
    name: 'request-timeout',
    type: 'string',
    default: '0',
    description: 'The length of time to wait before giving up on a single server request.',
  },
  { name: 'v', short: 'v', type: 'int', default: 0, description: 'number for the log level verbosity' },
  { name: 'help', short: 'h', type: 'bool', default: false, description: 'help for the command' },
];

/** Flags whose bare form (`--dry-run`) means a value (pflag NoOptDefVal). */
const NO_OPTION_DEFAULTS: Record<string, string> = { 'dry-run': 'unchanged', cascade: 'background' };

/** Flags kubectl declares as string slices (comma-separated values accumulate). */
const COMMA_SPLIT = new Set(['filename']);

export type ParseResult = { ok: true; invocation: Invocation } | { ok: false; error: string };

export function parseFlags(
  tokens: readonly string[],
  specs: readonly FlagSpec[],
  commandPath: string,
): ParseResult {
  const all = [...specs, ...GLOBAL_FLAGS.filter((g) => !specs.some((s) => s.name === g.name))];
  const byName = new Map(all.map((f) => [f.name, f]));
  const byShort = new Map(all.filter((f) => f.short).map((f) => [f.short!, f]));
  const flags: Record<string, FlagValue | undefined> = {};
  const explicit = new Set<string>();
  const args: string[] = [];
  let argsLenAtDash: number | undefined;

  const set = (spec: FlagSpec, raw: string, shortLabel?: string): string | undefined => {
    const converted = convert(spec, raw);
    if (!converted.ok)
      return invalidFlagValue(
        raw,
        spec.name,
        shortLabel ? spec.short : spec.short,
        converted.detail,
        commandPath,
      );
    if (spec.type === 'stringArray') {
      const previous = explicit.has(spec.name) ? ((flags[spec.name] as string[]) ?? []) : [];
      const values = COMMA_SPLIT.has(spec.name) ? raw.split(',') : [raw];
      flags[spec.name] = [...previous, ...values];
    } else flags[spec.name] = converted.value;
    explicit.add(spec.name);
    return undefined;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '--') {
      argsLenAtDash = args.length;
      args.push(...tokens.slice(i + 1));
      break;
    }
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = eq >= 0 ? token.slice(2, eq) : token.slice(2);
      const spec = byName.get(name);
      if (!spec) return { ok: false, error: unknownFlag(name, commandPath) };
      let raw: string;
      if (eq >= 0) raw = token.slice(eq + 1);
      else if (spec.type === 'bool') raw = 'true';
      else if (NO_OPTION_DEFAULTS[name] !== undefined) raw = NO_OPTION_DEFAULTS[name]!;
      else if (i + 1 < tokens.length) raw = tokens[++i]!;
      else return { ok: false, error: flagNeedsArgument(name, commandPath) };
      const error = set(spec, raw);
      if (error) return { ok: false, error };
      continue;
    }
    if (token.startsWith('-') && token.length > 1) {
      // A run of shorthands: each bool takes no value; the first non-bool takes the rest or the next token.
      for (let j = 1; j < token.length; j++) {
        const letter = token[j]!;
        const spec = byShort.get(letter);
        if (!spec) return { ok: false, error: unknownShorthand(letter, token, commandPath) };
        const rest = token.slice(j + 1);
        if (spec.type === 'bool') {
          const error = rest.startsWith('=') ? set(spec, rest.slice(1), letter) : set(spec, 'true', letter);
          if (error) return { ok: false, error };
          if (rest.startsWith('=')) break;
          continue;
        }
        let raw: string;
        if (rest.length) raw = rest.startsWith('=') ? rest.slice(1) : rest;
        else if (i + 1 < tokens.length) raw = tokens[++i]!;
        else return { ok: false, error: flagNeedsArgument(letter, commandPath, token) };
        const error = set(spec, raw, letter);
        if (error) return { ok: false, error };
        break;
      }
      continue;
    }
    args.push(token);
  }

  for (const spec of all) {
    if (!explicit.has(spec.name) && spec.default !== undefined) flags[spec.name] = spec.default;
  }
  return {
    ok: true,
    invocation: { args, flags, explicit, ...(argsLenAtDash !== undefined ? { argsLenAtDash } : {}) },
  };
}

type Converted = { ok: true; value: FlagValue } | { ok: false; detail: string };

function convert(spec: FlagSpec, raw: string): Converted {
  switch (spec.type) {
    case 'bool': {
      const value = parseGoBool(raw);
      return value === undefined
        ? { ok: false, detail: `strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax` }
        : { ok: true, value };
    }
    case 'int':
      return /^[+-]?\d+$/.test(raw)
        ? { ok: true, value: Number(raw) }
        : { ok: false, detail: `strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax` };
    case 'duration': {
      const ms = parseDuration(raw);
      if (ms === undefined || (raw !== '0' && !/[a-z]$/.test(raw)))
        return {
          ok: false,
          detail: /^\d+$/.test(raw)
            ? `time: missing unit in duration ${JSON.stringify(raw)}`
            : `time: invalid duration ${JSON.stringify(raw)}`,
        };
      return { ok: true, value: ms };
    }
    default:
      return { ok: true, value: raw };
  }
}

function parseGoBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return undefined;
}

/** Whether a token is a flag that takes the following token as its value (for locating the command words). */
export function takesSeparateValue(token: string, specs: readonly FlagSpec[]): boolean {
  if (token === '--' || !token.startsWith('-') || token.includes('=')) return false;
  const all = [...specs, ...GLOBAL_FLAGS];
  if (token.startsWith('--')) {
    const spec = all.find((f) => f.name === token.slice(2));
    return !!spec && spec.type !== 'bool' && NO_OPTION_DEFAULTS[spec.name] === undefined;
  }
  // A shorthand run: the value is separate only when the last letter is the first value-taking one.
  for (let j = 1; j < token.length; j++) {
    const spec = all.find((f) => f.short === token[j]);
    if (!spec) return false;
    if (spec.type !== 'bool') return j === token.length - 1;
  }
  return false;
}
