// `kubectl set image|env|resources` on Pods and workload templates. Like kubectl, an object that would not
// change prints nothing; a changed one prints `deployment.apps/web image updated` (`env updated`,
// `resource requirements updated`).
import type { Container, EnvVar, KubeObject } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import type { KubectlError } from '../../manifest/manifest-reader';
import { findTargets } from '../shared/targets';
import { podSpecOf, sendUpdate, withChangeCause } from '../shared/templates';
import {
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  RECORD_FLAG,
  SELECTOR_FLAG,
  apiError,
  clientErr,
  deepClone,
  dryRunOf,
  finish,
  reply,
  writeOutputOf,
} from '../shared/write-support';
import { jsonEqual } from '@podlab/kube';

type Edit = (containers: Container[], object: KubeObject) => { error?: string };

/** Shared flow: find objects, edit a copy of their containers, send the changed ones. */
function editContainers(
  ctx: KubectlContext,
  invocation: Invocation,
  resourceArgs: string[],
  verb: string,
  operation: string,
  edit: Edit,
): CommandOutput {
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };
  const found = findTargets(
    ctx,
    { ...invocation, args: resourceArgs },
    { allowSelector: true, allowAll: true },
  );
  if (!found.ok) return { stdout: '', stderr: clientError(found.error), exitCode: 1 };
  const errors: KubectlError[] = [...found.targets.errors];
  let stdout = '';
  for (const object of found.targets.objects) {
    const copy = deepClone(object);
    const spec = podSpecOf(copy);
    if (!spec) {
      errors.push(
        clientErr(
          `${verb.split(' ')[1]}: ${object.kind.toLowerCase()}s/${object.metadata.name} is not supported`,
        ),
      );
      continue;
    }
    const result = edit(spec.containers, copy);
    if (result.error) {
      errors.push(clientErr(result.error));
      continue;
    }
    if (jsonEqual(copy, object)) continue;
    const changed = withChangeCause(copy, ctx.line, invocation.flags['record'] === true);
    const sent = sendUpdate(ctx, changed, verb, dryRun.value);
    if (!sent.ok) {
      errors.push(apiError(sent.error));
      continue;
    }
    stdout += reply(ctx, sent.value, operation, dryRun.value, output.value).stdout;
  }
  return finish(stdout, errors);
}

/** Splits `set` args into resources and `key=value` (or `key-`) pairs, as GetResourcesAndPairs does. */
function resourcesAndPairs(
  args: readonly string[],
  pairType: string,
): { resources: string[]; pairs: string[] } | { error: string } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const arg of args) {
    const isPair = arg.includes('=') || (arg.endsWith('-') && arg.length > 1);
    if (isPair) pairs.push(arg);
    else {
      if (pairs.length)
        return { error: `all resources must be specified before ${pairType} changes: ${arg}` };
      resources.push(arg);
    }
  }
  return { resources, pairs };
}

function runSetImage(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const split = resourcesAndPairs(invocation.args, 'image');
  if ('error' in split) return { stdout: '', stderr: clientError(split.error), exitCode: 1 };
  const images = new Map<string, string>();
  for (const pair of split.pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { stdout: '', stderr: clientError(`invalid image update "${pair}"`), exitCode: 1 };
    images.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  if (!images.size)
    return {
      stdout: '',
      stderr: clientError(
        "at least one image update is required\nSee 'kubectl set image -h' for help and examples",
      ),
      exitCode: 1,
    };
  return editContainers(
    ctx,
    invocation,
    split.resources,
    'set image',
    'image updated',
    (containers, object) => {
      const initContainers = podSpecOf(object)?.initContainers ?? [];
      for (const [name, image] of images) {
        if (name === '*') {
          for (const c of [...containers, ...initContainers]) c.image = image;
          continue;
        }
        const target = [...initContainers, ...containers].find((c) => c.name === name);
        if (!target) return { error: `unable to find container named "${name}"` };
        target.image = image;
      }
      return {};
    },
  );
}

function runSetEnv(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const split = resourcesAndPairs(invocation.args, 'env');
  if ('error' in split) return { stdout: '', stderr: clientError(split.error), exitCode: 1 };
  const set: EnvVar[] = [];
  const remove: string[] = [];
  for (const pair of split.pairs) {
    const eq = pair.indexOf('=');
    if (eq > 0) set.push({ name: pair.slice(0, eq), value: pair.slice(eq + 1) });
    else remove.push(pair.slice(0, -1));
  }
  if (!set.length && !remove.length)
    return {
      stdout: '',
      stderr: clientError('at least one environment variable must be provided'),
      exitCode: 1,
    };
  const only = invocation.flags['containers'] as string;
  return editContainers(ctx, invocation, split.resources, 'set env', 'env updated', (containers) => {
    const selected = containers.filter((c) => only === '*' || c.name === only);
    if (!selected.length) return { error: `unable to find container named ${only}` };
    for (const c of selected) {
      let env = [...(c.env ?? [])].filter((e) => !remove.includes(e.name));
      for (const v of set) {
        const i = env.findIndex((e) => e.name === v.name);
        if (i >= 0) env[i] = v;
        else env = [...env, v];
      }
      if (env.length) c.env = env;
      else delete c.env;
    }
    return {};
  });
}

function parseQuantities(text: string): Record<string, string> | undefined {
  if (!text) return {};
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [k, v] = part.split('=');
    if (!k || v === undefined) return undefined;
    out[k] = v;
  }
  return out;
}

function runSetResources(ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const limits = parseQuantities(String(invocation.flags['limits'] ?? ''));
  const requests = parseQuantities(String(invocation.flags['requests'] ?? ''));
  if (!limits || !requests)
    return { stdout: '', stderr: clientError('invalid resource quantity'), exitCode: 1 };
  if (!Object.keys(limits).length && !Object.keys(requests).length)
    return {
      stdout: '',
      stderr: clientError(
        'you must specify an update to requests or limits (in the form of --requests/--limits)',
      ),
      exitCode: 1,
    };
  const only = invocation.flags['containers'] as string;
  return editContainers(
    ctx,
    invocation,
    invocation.args,
    'set resources',
    'resource requirements updated',
    (containers) => {
      const selected = containers.filter((c) => only === '*' || c.name === only);
      if (!selected.length) return { error: `unable to find container named ${only}` };
      for (const c of selected) {
        const resources = { ...(c.resources ?? {}) };
        if (Object.keys(limits).length) resources.limits = { ...(resources.limits ?? {}), ...limits };
        if (Object.keys(requests).length) resources.requests = { ...(resources.requests ?? {}), ...requests };
        c.resources = resources;
      }
      return {};
    },
  );
}

const COMMON = [
  FILENAME_FLAG,
  SELECTOR_FLAG,
  DRY_RUN_FLAG,
  OUTPUT_FLAG,
  RECORD_FLAG,
  {
    name: 'all',
    type: 'bool' as const,
    default: false,
    description: 'Select all resources, in the namespace of the specified resource types',
  },
  {
    name: 'local',
    type: 'bool' as const,
    default: false,
    description: 'If true, set will NOT contact api-server but run locally.',
  },
];

export const setImageCommand: CommandSpec = {
  path: ['set', 'image'],
  short: 'Update the image of a pod template',
  usage:
    'kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]',
  flags: COMMON,
  run: runSetImage,
};

export const setEnvCommand: CommandSpec = {
  path: ['set', 'env'],
  short: 'Update environment variables on a pod template',
  usage: 'kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]',
  flags: [
    ...COMMON,
    {
      name: 'containers',
      short: 'c',
      type: 'string',
      default: '*',
      description: 'The names of containers in the selected pod templates to change - may use wildcards',
    },
  ],
  run: runSetEnv,
};

export const setResourcesCommand: CommandSpec = {
  path: ['set', 'resources'],
  short: 'Update resource requests/limits on objects with pod templates',
  usage:
    'kubectl set resources (-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS] [options]',
  flags: [
    ...COMMON,
    {
      name: 'containers',
      short: 'c',
      type: 'string',
      default: '*',
      description:
        'The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards',
    },
    {
      name: 'limits',
      type: 'string',
      description:
        "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.",
    },
    {
      name: 'requests',
      type: 'string',
      description:
        "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.",
    },
  ],
  run: runSetResources,
};
