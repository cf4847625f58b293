// What every write command shares: the actor and reason of its writes, the dry-run flag, the one-line reply
// (`deployment.apps/web created (dry run)`), `-o name|yaml|json` on writes, and kubectl's way of reporting
// one error (CheckErr) or several (MultipleErrors).
import { kindPrefix, type ApiError, type KubeObject, type WriteOptions } from '@podlab/kube';
import type { CommandOutput, FlagSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError, formatAggregatedApiError, formatApiError } from '../../errors/kubectl-errors';
import type { KubectlError } from '../../manifest/manifest-reader';
import { printObjects } from '../../printers/print-objects';

export type DryRun = 'none' | 'client' | 'server';

export const DRY_RUN_FLAG: FlagSpec = {
  name: 'dry-run',
  type: 'string',
  default: 'none',
  description:
    'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
};

export const OUTPUT_FLAG: FlagSpec = {
  name: 'output',
  short: 'o',
  type: 'string',
  description:
    'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
};

export const FILENAME_FLAG: FlagSpec = {
  name: 'filename',
  short: 'f',
  type: 'stringArray',
  description: 'Filename, directory, or URL to files identifying the resource.',
};

export const SELECTOR_FLAG: FlagSpec = {
  name: 'selector',
  short: 'l',
  type: 'string',
  description:
    "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2).",
};

export const ALL_NAMESPACES_FLAG: FlagSpec = {
  name: 'all-namespaces',
  short: 'A',
  type: 'bool',
  default: false,
  description: 'If present, list the requested object(s) across all namespaces.',
};

export const RECORD_FLAG: FlagSpec = {
  name: 'record',
  type: 'bool',
  default: false,
  description: 'Record current kubectl command in the resource annotation (deprecated).',
};

/** `--dry-run` value → strategy, or kubectl's error text. */
export function dryRunOf(invocation: Invocation): { ok: true; value: DryRun } | { ok: false; error: string } {
  const raw = invocation.flags['dry-run'];
  switch (raw) {
    case undefined:
    case 'none':
      return { ok: true, value: 'none' };
    case 'client':
    case 'unchanged':
      return { ok: true, value: 'client' };
    case 'server':
      return { ok: true, value: 'server' };
    default:
      return {
        ok: false,
        error: clientError(`Invalid dry-run value (${String(raw)}). Must be "none", "server", or "client".`),
      };
  }
}

export const dryRunSuffix = (dryRun: DryRun): string =>
  dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';

/** Actor and reason of a user's write: the stream records who ran which kubectl verb. */
export function writeOptions(ctx: KubectlContext, verb: string, dryRun: DryRun = 'none'): WriteOptions {
  return {
    actor: { type: 'user', name: ctx.user },
    reason: `kubectl ${verb}`,
    ...(dryRun === 'server' ? { dryRun: true } : {}),
  };
}

export function qualified(object: { kind: string; metadata: { name: string } }): string {
  return `${kindPrefix(object.kind as KubeObject['kind'])}/${object.metadata.name}`;
}

/**
 * The reply of a write: `deployment.apps/web created` (+ dry-run suffix), or the object in the `-o` format
 * (`-o name` prints only `deployment.apps/web`).
 */
export function reply(
  ctx: KubectlContext,
  object: KubeObject,
  operation: string,
  dryRun: DryRun,
  output: string | undefined,
): CommandOutput {
  if (!output)
    return { stdout: `${qualified(object)} ${operation}${dryRunSuffix(dryRun)}\n`, stderr: '', exitCode: 0 };
  return printObjects([object], { output, now: ctx.cluster.now });
}

/** The output flag when it names a format writes support, else an error text. */
export function writeOutputOf(
  invocation: Invocation,
): { ok: true; value: string | undefined } | { ok: false; error: string } {
  const raw = invocation.flags['output'];
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  const value = String(raw);
  const format = value.split('=')[0]!;
  if (['name', 'yaml', 'json', 'jsonpath', 'jsonpath-as-json'].includes(format)) return { ok: true, value };
  return {
    ok: false,
    error: clientError(
      `unable to match a printer suitable for the output format "${value}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`,
    ),
  };
}

export const apiError = (error: ApiError): KubectlError => ({ type: 'api', error });
export const clientErr = (message: string): KubectlError => ({ type: 'client', message });

/**
 * Ends a command that collected errors along the way, as kubectl does: one error → CheckErr's text
 * (Invalid in its one-line/multi-line form, `Error from server (…)`, `error: …`); several → one line per error
 * (MultipleErrors: status errors as `Error from server (…)`, others without the `error: ` prefix).
 */
export function finish(stdout: string, errors: readonly KubectlError[], stderrPrefix = ''): CommandOutput {
  if (!errors.length) return { stdout, stderr: stderrPrefix, exitCode: 0 };
  if (errors.length === 1) {
    const error = errors[0]!;
    const text =
      error.type === 'api'
        ? formatApiError(error.error)
        : error.type === 'raw'
          ? `${error.message}\n`
          : clientError(error.message);
    return { stdout, stderr: stderrPrefix + text, exitCode: 1 };
  }
  const lines = errors.map((e) => (e.type === 'api' ? formatAggregatedApiError(e.error) : `${e.message}\n`));
  return { stdout, stderr: stderrPrefix + lines.join(''), exitCode: 1 };
}

export function deepClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
