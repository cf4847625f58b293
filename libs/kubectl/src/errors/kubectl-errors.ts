// kubectl's error texts, in one place: how `cmdutil.CheckErr` (kubectl@1.30 pkg/cmd/util/helpers.go) prints an
// API status error, an Invalid error with its causes, a client-side error, and cobra's unknown command / flag
// texts. Every command formats its failures through these helpers so the texts cannot drift apart.
import { isKind, resourceInfo, type ApiError, type FieldCause } from '@podlab/kube';
import type { CommandOutput } from '../command/command';

/** kubectl's exit code for every error it reports itself (DefaultErrorExitCode). */
export const DEFAULT_ERROR_EXIT_CODE = 1;

/** Ends a message with exactly one newline, as kubectl's `fatal` does. */
export function line(message: string): string {
  return message.endsWith('\n') ? message : `${message}\n`;
}

/** `* field: body` lines (or the one-line form) for an Invalid error, as MultilineError prints them. */
function multiline(prefix: string, causes: readonly FieldCause[]): string {
  if (causes.length === 1) return `${prefix}${causes[0]!.field}: ${causes[0]!.message}\n`;
  return `${prefix}\n${causes.map((c) => `* ${c.field}: ${c.message}\n`).join('')}`;
}

/**
 * The text kubectl prints for an API error, ending in a newline:
 * - Invalid with causes: `The Deployment "web" is invalid: spec.replicas: Invalid value: -1: …` or the
 *   multi-line form (`The Deployment "web" is invalid: ` then `* field: body` lines);
 * - any other status: `Error from server (NotFound): deployments.apps "x" not found`.
 */
export function formatApiError(error: ApiError): string {
  if (error.reason === 'Invalid') {
    const details = error.details;
    if (!details) return 'The request is invalid\n';
    const head =
      details.kind || details.name
        ? `The ${details.kind ?? ''} "${details.name ?? ''}" is invalid`
        : 'The request is invalid';
    if (details.causes?.length) return multiline(`${head}: `, details.causes);
    return `${head}\n`;
  }
  return line(`Error from server (${error.reason}): ${error.message}`);
}

/**
 * How an API error reads when it is one of several aggregated (apply/delete over several objects):
 * MultipleErrors prints StandardErrorMessage for each, which does not special-case Invalid.
 */
export function formatAggregatedApiError(error: ApiError): string {
  let message = error.message;
  const kind = error.details?.kind;
  if (error.reason === 'Invalid' && kind && isKind(kind)) {
    // The API server names the kind with its group (`Deployment.apps "web" is invalid`).
    const group = resourceInfo(kind).group;
    if (group) message = message.replace(`${kind} "`, `${kind}.${group} "`);
  }
  return line(`Error from server (${error.reason}): ${message}`);
}

/** `error when creating "web.yaml": …` — kubectl's AddSourceToErr on status errors from a manifest. */
export function withSource(error: ApiError, verb: string, source: string | undefined): ApiError {
  // An Invalid error alone is printed from its details, so the source only shows when several are listed.
  if (!source) return error;
  return { ...error, message: `error when ${verb} "${source}": ${error.message}` };
}

/** A client-side error: `error: <message>` (kubectl adds the prefix unless the message has it). */
export function clientError(message: string): string {
  return line(message.startsWith('error: ') ? message : `error: ${message}`);
}

export function apiFailure(error: ApiError, stdout = ''): CommandOutput {
  return { stdout, stderr: formatApiError(error), exitCode: DEFAULT_ERROR_EXIT_CODE };
}

export function clientFailure(message: string, stdout = ''): CommandOutput {
  return { stdout, stderr: clientError(message), exitCode: DEFAULT_ERROR_EXIT_CODE };
}

// ---- command-line errors (cobra + kubectl's templater FlagErrorFunc) ------------------------------------

/**
 * `error: unknown command "x" for "kubectl"`, cobra's suggestions (Levenshtein ≤ 2 or a prefix), then
 * `Run 'kubectl --help' for usage.`
 */
export function unknownCommand(
  typed: string,
  commandPath: string,
  suggestions: readonly string[] = [],
): string {
  const hint = suggestions.length
    ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`
    : '\n';
  return `error: unknown command "${typed}" for "${commandPath}"${hint}Run '${commandPath} --help' for usage.\n`;
}

/** `error: unknown flag: --foo` + `See 'kubectl get --help' for usage.` */
export function unknownFlag(flag: string, commandPath: string): string {
  return `error: unknown flag: --${flag}\nSee '${commandPath} --help' for usage.\n`;
}

/** `error: unknown shorthand flag: 'z' in -z` + `See 'kubectl get --help' for usage.` */
export function unknownShorthand(letter: string, word: string, commandPath: string): string {
  return `error: unknown shorthand flag: '${letter}' in ${word}\nSee '${commandPath} --help' for usage.\n`;
}

/** pflag: `error: flag needs an argument: --image` / `'n' in -n`. */
export function flagNeedsArgument(flag: string, commandPath: string, shortWord?: string): string {
  const what = shortWord ? `'${flag}' in ${shortWord}` : `--${flag}`;
  return `error: flag needs an argument: ${what}\nSee '${commandPath} --help' for usage.\n`;
}

/** pflag's parse error for a typed flag: `invalid argument "x" for "--replicas" flag: strconv.ParseInt: …`. */
export function invalidFlagValue(
  value: string,
  flag: string,
  short: string | undefined,
  detail: string,
  commandPath: string,
): string {
  const name = short ? `-${short}, --${flag}` : `--${flag}`;
  return `error: invalid argument "${value}" for "${name}" flag: ${detail}\nSee '${commandPath} --help' for usage.\n`;
}

/** `error: the server doesn't have a resource type "deploymnet"`. */
export function unknownResourceType(typed: string): string {
  return `error: the server doesn't have a resource type "${typed}"\n`;
}

/** cobra's suggestions: names within Levenshtein distance 2 (case-insensitive) or starting with what was typed. */
export function suggestionsFor(typed: string, names: readonly string[]): string[] {
  const lower = typed.toLowerCase();
  return names.filter((name) => {
    const candidate = name.toLowerCase();
    return levenshtein(lower, candidate) <= 2 || candidate.startsWith(lower);
  });
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
