// `kubectl label` and `kubectl annotate`: `key=value` sets, `key-` removes, --overwrite guards existing keys.
// Replies: `pod/x labeled` (only removals: `unlabeled`; nothing changed: `not labeled`) and
// `deployment.apps/web annotated` (annotate always says annotated) [kubectl@1.30 label.go, annotate.go].
import { jsonEqual, type KubeObject } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import type { KubectlError } from '../../manifest/manifest-reader';
import { findTargets } from '../shared/targets';
import { sendUpdate } from '../shared/templates';
import {
  ALL_NAMESPACES_FLAG,
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
  apiError,
  clientErr,
  dryRunOf,
  finish,
  reply,
  writeOutputOf,
} from '../shared/write-support';

type Field = 'labels' | 'annotations';

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

interface Changes {
  set: [string, string][];
  remove: string[];
}

function parseChanges(pairs: readonly string[], field: Field): Changes | string {
  const changes: Changes = { set: [], remove: [] };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) {
      changes.remove.push(pair.slice(0, -1));
      continue;
    }
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (field === 'labels') {
      if (!LABEL_KEY.test(key) || key.split('/').pop()!.length > 63) return `invalid label spec: ${pair}`;
      if (!LABEL_VALUE.test(value) || value.length > 63)
        return `invalid label value: "${pair}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`;
    }
    changes.set.push([key, value]);
  }
  for (const [key] of changes.set)
    if (changes.remove.includes(key))
      return `can not both modify and remove the following ${field === 'labels' ? 'label' : 'annotation'}(s) in the same command: ${key}`;
  return changes;
}

function run(field: Field, ctx: KubectlContext, invocation: Invocation): CommandOutput {
  const noun = field === 'labels' ? 'label' : 'annotation';
  const dryRun = dryRunOf(invocation);
  if (!dryRun.ok) return { stdout: '', stderr: dryRun.error, exitCode: 1 };
  const output = writeOutputOf(invocation);
  if (!output.ok) return { stdout: '', stderr: output.error, exitCode: 1 };

  const resources: string[] = [];
  const pairs: string[] = [];
  for (const arg of invocation.args) {
    if (arg.includes('=') || (arg.endsWith('-') && arg.length > 1)) pairs.push(arg);
    else {
      if (pairs.length)
        return {
          stdout: '',
          stderr: clientError(`all resources must be specified before ${noun} changes: ${arg}`),
          exitCode: 1,
        };
      resources.push(arg);
    }
  }
  const list = invocation.flags['list'] === true;
  if (!pairs.length && !list)
    return {
      stdout: '',
      stderr: clientError(
        `at least one ${noun} update is required\nSee 'kubectl ${field === 'labels' ? 'label' : 'annotate'} -h' for help and examples`,
      ),
      exitCode: 1,
    };
  const changes = parseChanges(pairs, field);
  if (typeof changes === 'string') return { stdout: '', stderr: clientError(changes), exitCode: 1 };
  const found = findTargets(ctx, { ...invocation, args: resources }, { allowSelector: true, allowAll: true });
  if (!found.ok) return { stdout: '', stderr: clientError(found.error), exitCode: 1 };
  const overwrite = invocation.flags['overwrite'] === true;
  const errors: KubectlError[] = [...found.targets.errors];
  let stdout = '';
  for (const object of found.targets.objects) {
    const current = { ...(object.metadata[field] ?? {}) };
    if (list) {
      stdout += Object.entries(current)
        .map(([k, v]) => `${k}=${v}\n`)
        .join('');
      continue;
    }
    // --overwrite guards values that would change.
    const clashes = changes.set.filter(([k, v]) => k in current && current[k] !== v && !overwrite);
    if (clashes.length) {
      errors.push(
        clientErr(
          field === 'labels'
            ? `'${clashes[0]![0]}' already has a value (${current[clashes[0]![0]]}), and --overwrite is false`
            : `--overwrite is false but found the following declared annotation(s): ${clashes.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`,
        ),
      );
      continue;
    }
    for (const key of changes.remove) {
      if (!(key in current) && field === 'labels') stdout += `label "${key}" not found.\n`;
      delete current[key];
    }
    for (const [k, v] of changes.set) current[k] = v;
    const metadata = { ...object.metadata, [field]: current };
    if (!Object.keys(current).length) delete metadata[field];
    const changed = { ...object, metadata } as KubeObject;
    let operation = field === 'labels' ? 'labeled' : 'annotated';
    if (field === 'labels') {
      const same = jsonEqual(object.metadata.labels ?? {}, current);
      if (same) operation = 'not labeled';
      else if (!changes.set.length) operation = 'unlabeled';
    }
    if (jsonEqual(changed, object)) {
      stdout += reply(ctx, object, operation, dryRun.value, output.value).stdout;
      continue;
    }
    const sent = sendUpdate(ctx, changed, field === 'labels' ? 'label' : 'annotate', dryRun.value);
    if (!sent.ok) {
      errors.push(apiError(sent.error));
      continue;
    }
    stdout += reply(ctx, sent.value, operation, dryRun.value, output.value).stdout;
  }
  return finish(stdout, errors);
}

const flags = (noun: string) => [
  {
    name: 'overwrite',
    type: 'bool' as const,
    default: false,
    description: `If true, allow ${noun}s to be overwritten, otherwise reject ${noun} updates that overwrite existing ${noun}s.`,
  },
  {
    name: 'all',
    type: 'bool' as const,
    default: false,
    description: 'Select all resources, in the namespace of the specified resource types',
  },
  {
    name: 'list',
    type: 'bool' as const,
    default: false,
    description: `If true, display the ${noun}s for a given resource.`,
  },
  {
    name: 'resource-version',
    type: 'string' as const,
    description:
      'If non-empty, the update will only succeed if this is the current resource-version for the object.',
  },
  FILENAME_FLAG,
  SELECTOR_FLAG,
  ALL_NAMESPACES_FLAG,
  DRY_RUN_FLAG,
  OUTPUT_FLAG,
];

export const labelCommand: CommandSpec = {
  path: ['label'],
  short: 'Update the labels on a resource',
  usage:
    'kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]',
  flags: flags('label'),
  run: (ctx, invocation) => run('labels', ctx, invocation),
};

export const annotateCommand: CommandSpec = {
  path: ['annotate'],
  short: 'Update the annotations on a resource',
  usage:
    'kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]',
  flags: flags('annotation'),
  run: (ctx, invocation) => run('annotations', ctx, invocation),
};
