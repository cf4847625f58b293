// `kubectl replace -f FILE`: the manifest becomes the whole object (no merge): `deployment.apps/web replaced`;
// a missing object is the API server's NotFound. `--force` deletes and re-creates it.
import type { KubeObject, ObjectInput } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError, withSource } from '../../errors/kubectl-errors';
import { readManifests, strictDecodingError, type KubectlError } from '../../manifest/manifest-reader';
import {
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  apiError,
  deepClone,
  dryRunOf,
  finish,
  reply,
  writeOptions,
  writeOutputOf,
} from '../shared/write-support';

function run(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };
  const filenames = (invocation.flags['filename'] as string[] | undefined) ?? [];
  if (!filenames.length)
    return {
      stdout: '',
      stderr: clientError(
        "must specify --filename to replace\nSee 'kubectl replace -h' for help and examples",
      ),
      exitCode: 1,
    };
  const items = readManifests(ctx, filenames, {
    defaultNamespace: ctx.namespace,
    ...(invocation.explicit.has('namespace') ? { explicitNamespace: ctx.namespace } : {}),
  });
  const errors: KubectlError[] = items.flatMap((item) => (item.ok ? [] : [item.error]));
  const force = invocation.flags['force'] === true;
  let stdout = '';
  for (const item of items) {
    if (!item.ok) continue;
    const { info, name, namespace, source } = item.value;
    const strict = strictDecodingError(item.value);
    if (strict) {
      errors.push(apiError(withSource(strict, 'replacing', source)));
      continue;
    }
    const current = ctx.cluster.get(info.kind, namespace, name);
    if (force) {
      if (current && dryRun.value === 'none') {
        ctx.cluster.delete(
          info.kind,
          namespace,
          name,
          { gracePeriodSeconds: 0 },
          writeOptions(ctx, 'replace'),
        );
        stdout += `${info.group ? `${info.singular}.${info.group}` : info.singular} "${name}" deleted\n`;
      }
      const created =
        dryRun.value === 'client'
          ? { ok: true as const, value: item.value.object as unknown as KubeObject }
          : ctx.cluster.create(
              deepClone(item.value.object) as unknown as ObjectInput,
              writeOptions(ctx, 'replace', dryRun.value),
            );
      if (!created.ok) errors.push(apiError(withSource(created.error, 'creating', source)));
      else stdout += reply(ctx, created.value, 'replaced', dryRun.value, output.value).stdout;
      continue;
    }
    if (!current) {
      errors.push(
        apiError(
          withSource(
            {
              code: 404,
              reason: 'NotFound',
              message: `${info.group ? `${info.resource}.${info.group}` : info.resource} "${name}" not found`,
              details: { kind: info.kind, name },
            },
            'replacing',
            source,
          ),
        ),
      );
      continue;
    }
    // A replace keeps what the server owns (status, uid …) and takes everything else from the manifest.
    const object = {
      ...deepClone(item.value.object),
      metadata: {
        ...(item.value.object.metadata as object),
        resourceVersion: current.metadata.resourceVersion,
      },
      ...('status' in current && !('status' in item.value.object) ? { status: current.status } : {}),
      ...('sim' in current ? { sim: (current as { sim?: unknown }).sim } : {}),
    } as unknown as KubeObject;
    const result =
      dryRun.value === 'client'
        ? { ok: true as const, value: object as KubeObject | undefined }
        : ctx.cluster.update(object, writeOptions(ctx, 'replace', dryRun.value));
    if (!result.ok) {
      errors.push(apiError(withSource(result.error, 'replacing', source)));
      continue;
    }
    stdout += reply(ctx, result.value ?? object, 'replaced', dryRun.value, output.value).stdout;
  }
  return finish(stdout, errors);
}

export const replaceCommand: CommandSpec = {
  path: ['replace'],
  short: 'Replace a resource by file name or stdin',
  usage: 'kubectl replace -f FILENAME [options]',
  flags: [
    FILENAME_FLAG,
    {
      name: 'force',
      type: 'bool',
      default: false,
      description: 'If true, immediately remove resources from API and bypass graceful deletion.',
    },
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
  ],
  run,
};
