// `kubectl apply -f FILE|DIR|-`: each document in order, `<kind>.<group>/<name> created|configured|unchanged`,
// errors collected and printed at the end (exit 1), documents before a bad one still applied — as kubectl does.
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import { readManifests, validationOf } from '../../manifest/manifest-reader';
import {
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  dryRunOf,
  finish,
  reply,
  writeOutputOf,
} from '../shared/write-support';
import type { KubectlError } from '../../manifest/manifest-reader';
import { applyManifest } from './manifest-write';

function run(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };
  const validation = validationOf(invocation.flags['validate']);
  if (!validation.ok) return { stdout: '', stderr: clientError(validation.error), exitCode: 1 };
  if (invocation.flags['server-side'] === true)
    return {
      stdout: '',
      stderr: clientError(
        'server-side apply is not simulated in the sandbox; use kubectl apply without --server-side',
      ),
      exitCode: 1,
    };
  if (invocation.flags['kustomize'] !== undefined)
    return { stdout: '', stderr: clientError('kustomize is not available in the sandbox'), exitCode: 1 };
  const filenames = (invocation.flags['filename'] as string[] | undefined) ?? [];
  if (!filenames.length)
    return { stdout: '', stderr: clientError('must specify one of -f and -k'), exitCode: 1 };
  if (invocation.args.length)
    return {
      stdout: '',
      stderr: clientError(
        `Unexpected args: [${invocation.args.join(' ')}]\nSee 'kubectl apply -h' for help and examples`,
      ),
      exitCode: 1,
    };

  const items = readManifests(ctx, filenames, {
    defaultNamespace: ctx.namespace,
    ...(invocation.explicit.has('namespace') ? { explicitNamespace: ctx.namespace } : {}),
    recursive: invocation.flags['recursive'] === true,
  });
  // kubectl first decodes everything (GetObjects), then applies what decoded: decoding errors come first.
  const errors: KubectlError[] = items.flatMap((item) => (item.ok ? [] : [item.error]));
  let stdout = '';
  let warnings = '';
  let applied = 0;
  for (const item of items) {
    if (!item.ok) continue;
    const outcome = applyManifest(ctx, item.value, dryRun.value, validation.value);
    if (!outcome.ok) {
      errors.push(outcome.error);
      continue;
    }
    applied++;
    if (outcome.warning) warnings += outcome.warning;
    stdout += reply(ctx, outcome.object, outcome.operation, dryRun.value, output.value).stdout;
  }
  if (!applied && !errors.length)
    return { stdout: '', stderr: clientError('no objects passed to apply'), exitCode: 1 };
  return finish(stdout, errors, warnings);
}

export const applyCommand: CommandSpec = {
  path: ['apply'],
  short: 'Apply a configuration to a resource by file name or stdin',
  usage: 'kubectl apply (-f FILENAME | -k DIRECTORY) [options]',
  flags: [
    FILENAME_FLAG,
    { name: 'kustomize', short: 'k', type: 'string', description: 'Process a kustomization directory.' },
    {
      name: 'recursive',
      short: 'R',
      type: 'bool',
      default: false,
      description: 'Process the directory used in -f, --filename recursively.',
    },
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    {
      name: 'validate',
      type: 'string',
      default: 'strict',
      description: 'Must be one of: strict (or true), warn, ignore (or false).',
    },
    {
      name: 'force',
      type: 'bool',
      default: false,
      description: 'If true, immediately remove resources from API and bypass graceful deletion.',
    },
    {
      name: 'server-side',
      type: 'bool',
      default: false,
      description: 'If true, apply runs in the server instead of the client.',
    },
    {
      name: 'record',
      type: 'bool',
      default: false,
      description: 'Record current kubectl command in the resource annotation (deprecated).',
    },
  ],
  run,
};
