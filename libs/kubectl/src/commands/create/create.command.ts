// `kubectl create -f FILE`, `kubectl create deployment NAME --image=… [--replicas] [--port]` and
// `kubectl create namespace NAME`, with kubectl 1.30's generated objects (what `--dry-run=client -o yaml` shows).
import type { KubeObject, ObjectInput } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import { readManifests, validationOf, type KubectlError } from '../../manifest/manifest-reader';
import {
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  apiError,
  dryRunOf,
  finish,
  reply,
  writeOptions,
  writeOutputOf,
  type DryRun,
} from '../shared/write-support';
import { createFromManifest } from '../apply/manifest-write';

const SAVE_CONFIG = {
  name: 'save-config',
  type: 'bool' as const,
  default: false,
  description: 'If true, the configuration of current object will be saved in its annotation.',
};

function runCreate(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };
  const validation = validationOf(invocation.flags['validate']);
  if (!validation.ok) return { stdout: '', stderr: clientError(validation.error), exitCode: 1 };
  const filenames = (invocation.flags['filename'] as string[] | undefined) ?? [];
  if (!filenames.length)
    return {
      stdout: '',
      stderr: clientError(
        "must specify one of -f and -k\n\nerror: Unexpected args: []\nSee 'kubectl create -h' for help and examples",
      ),
      exitCode: 1,
    };
  const items = readManifests(ctx, filenames, {
    defaultNamespace: ctx.namespace,
    ...(invocation.explicit.has('namespace') ? { explicitNamespace: ctx.namespace } : {}),
  });
  const errors: KubectlError[] = [];
  let stdout = '';
  let warnings = '';
  for (const item of items) {
    if (!item.ok) {
      errors.push(item.error);
      continue;
    }
    const outcome = createFromManifest(
      ctx,
      item.value,
      dryRun.value,
      invocation.flags['save-config'] === true,
      validation.value,
    );
    if (!outcome.ok) errors.push(outcome.error);
    else {
      warnings += outcome.warning ?? '';
      stdout += reply(ctx, outcome.object, 'created', dryRun.value, output.value).stdout;
    }
  }
  return finish(stdout, errors, warnings);
}

export const createCommand: CommandSpec = {
  path: ['create'],
  short: 'Create a resource from a file or from stdin',
  usage: 'kubectl create -f FILENAME [options]',
  flags: [
    FILENAME_FLAG,
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    SAVE_CONFIG,
    {
      name: 'validate',
      type: 'string',
      default: 'strict',
      description: 'Must be one of: strict (or true), warn, ignore (or false).',
    },
    {
      name: 'record',
      type: 'bool',
      default: false,
      description: 'Record current kubectl command in the resource annotation (deprecated).',
    },
  ],
  run: runCreate,
};

/** kubectl names the container after the image: `registry/team/nginx:1.25` → `nginx`. */
export function containerNameFor(image: string): string {
  const withoutDigest = image.split('@')[0]!;
  const lastSegment = withoutDigest.split('/').pop() ?? withoutDigest;
  const name = lastSegment.split(':')[0]!;
  return name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

function sendGenerated(
  ctx: KubectlContext,
  object: Record<string, unknown>,
  dryRun: DryRun,
  output: string | undefined,
): CommandOutput {
  if (dryRun === 'client') return reply(ctx, object as unknown as KubeObject, 'created', dryRun, output);
  const clean = JSON.parse(
    JSON.stringify(object, (k, v) => (k === 'creationTimestamp' || k === 'status' ? undefined : v)),
  ) as ObjectInput;
  const result = ctx.cluster.create(clean, writeOptions(ctx, 'create', dryRun));
  if (!result.ok) return finish('', [apiError(result.error)]);
  return reply(ctx, result.value, 'created', dryRun, output);
}

function runCreateDeployment(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };
  const images = (invocation.flags['image'] as string[] | undefined) ?? [];
  // `-- COMMAND [args…]` after the name becomes the container's command.
  const names = invocation.args.slice(0, invocation.argsLenAtDash ?? invocation.args.length);
  const command = invocation.args.slice(invocation.argsLenAtDash ?? invocation.args.length);
  if (names.length !== 1)
    return {
      stdout: '',
      stderr: clientError(
        `exactly one NAME is required, got ${names.length}\nSee 'kubectl create deployment -h' for help and examples`,
      ),
      exitCode: 1,
    };
  if (!images.length)
    return { stdout: '', stderr: clientError('required flag(s) "image" not set'), exitCode: 1 };
  const name = invocation.args[0]!;
  const port = invocation.flags['port'] as number;
  if (port !== -1 && images.length > 1)
    return { stdout: '', stderr: clientError('cannot use --port with multiple images'), exitCode: 1 };
  const labels = { app: name };
  const containers = images.map((image) => ({
    ...(command.length ? { command } : {}),
    image,
    name: containerNameFor(image),
    ...(port !== -1 ? { ports: [{ containerPort: port }] } : {}),
    resources: {},
  }));
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { creationTimestamp: null, labels, name, namespace: ctx.namespace },
    spec: {
      replicas: invocation.flags['replicas'] as number,
      selector: { matchLabels: labels },
      strategy: {},
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
    },
    status: {},
  };
  if (dryRun.value === 'client' && output.value) {
    // kubectl prints what it would send; the namespace is only set when given explicitly.
    if (!invocation.explicit.has('namespace'))
      delete (object.metadata as Record<string, unknown>)['namespace'];
  }
  return sendGenerated(ctx, object, dryRun.value, output.value);
}

export const createDeploymentCommand: CommandSpec = {
  path: ['create', 'deployment'],
  aliases: ['deploy'],
  short: 'Create a deployment with the specified name',
  usage: 'kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]',
  flags: [
    {
      name: 'image',
      type: 'stringArray',
      description: 'Image names to run. A deployment can have multiple images set for multi-container pod.',
    },
    {
      name: 'replicas',
      short: 'r',
      type: 'int',
      default: 1,
      description: 'Number of replicas to create. Default is 1.',
    },
    {
      name: 'port',
      type: 'int',
      default: -1,
      description: 'The containerPort that this deployment exposes.',
    },
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    SAVE_CONFIG,
    {
      name: 'validate',
      type: 'string',
      default: 'strict',
      description: 'Must be one of: strict (or true), warn, ignore (or false).',
    },
  ],
  run: runCreateDeployment,
};

function runCreateNamespace(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };
  if (invocation.args.length !== 1)
    return {
      stdout: '',
      stderr: clientError(
        `exactly one NAME is required, got ${invocation.args.length}\nSee 'kubectl create namespace -h' for help and examples`,
      ),
      exitCode: 1,
    };
  const object = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { creationTimestamp: null, name: invocation.args[0]! },
    spec: {},
    status: {},
  };
  return sendGenerated(ctx, object, dryRun.value, output.value);
}

export const createNamespaceCommand: CommandSpec = {
  path: ['create', 'namespace'],
  aliases: ['ns'],
  short: 'Create a namespace with the specified name',
  usage: 'kubectl create namespace NAME [--dry-run=server|client|none] [options]',
  flags: [DRY_RUN_FLAG, OUTPUT_FLAG, SAVE_CONFIG],
  run: runCreateNamespace,
};
