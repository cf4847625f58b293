// `kubectl run NAME --image=IMAGE [--labels] [--env] [--port] [--restart] [--command] [-- ARGS…]`: the Pod
// kubectl 1.30 generates (label `run=NAME`, container named after the pod), `pod/NAME created`. Attaching
// (-i, -t, --attach, --rm) needs a real container and is refused with an explanation.
import type { KubeObject, ObjectInput } from '@podlab/kube';
import type { CommandOutput, CommandSpec, Invocation, KubectlContext } from '../../command/command';
import { clientError } from '../../errors/kubectl-errors';
import {
  DRY_RUN_FLAG,
  OUTPUT_FLAG,
  apiError,
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
  const dash = invocation.argsLenAtDash ?? invocation.args.length;
  const names = invocation.args.slice(0, dash);
  const rest = invocation.args.slice(dash);
  if (!names.length)
    return {
      stdout: '',
      stderr: clientError("NAME is required for run\nSee 'kubectl run -h' for help and examples"),
      exitCode: 1,
    };
  const image = invocation.flags['image'] as string | undefined;
  if (!image) return { stdout: '', stderr: clientError('required flag(s) "image" not set'), exitCode: 1 };
  if (['stdin', 'tty', 'attach', 'rm'].some((f) => invocation.flags[f] === true))
    return {
      stdout: '',
      stderr: clientError(
        'the simulated cluster cannot attach to containers; run the pod without -i, -t, --attach or --rm',
      ),
      exitCode: 1,
    };
  const restart = String(invocation.flags['restart'] ?? 'Always');
  if (!['Always', 'OnFailure', 'Never'].includes(restart))
    return { stdout: '', stderr: clientError(`invalid restart policy: ${restart}`), exitCode: 1 };
  const name = names[0]!;
  // Extra words before `--` are the container's args too (kubectl takes args[1:] as the command line).
  const words = [...names.slice(1), ...rest];
  const labelsFlag = invocation.flags['labels'] as string | undefined;
  const labels = labelsFlag
    ? Object.fromEntries(
        labelsFlag.split(',').map((kv) => [kv.split('=')[0]!, kv.split('=').slice(1).join('=')]),
      )
    : { run: name };
  const env = ((invocation.flags['env'] as string[] | undefined) ?? []).map((kv) => ({
    name: kv.split('=')[0]!,
    value: kv.split('=').slice(1).join('='),
  }));
  const port = invocation.flags['port'] as string | undefined;
  const container: Record<string, unknown> = {
    ...(words.length ? { [invocation.flags['command'] === true ? 'command' : 'args']: words } : {}),
    ...(env.length ? { env } : {}),
    image,
    name,
    ...(port ? { ports: [{ containerPort: Number(port) }] } : {}),
    resources: {},
  };
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { creationTimestamp: null, labels, name },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
    status: {},
  };
  if (dryRun.value === 'client')
    return reply(ctx, pod as unknown as KubeObject, 'created', dryRun.value, output.value);
  const input = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels, name, namespace: ctx.namespace },
    spec: pod.spec,
  } as unknown as ObjectInput;
  const created = ctx.cluster.create(input, writeOptions(ctx, 'run', dryRun.value));
  if (!created.ok) return finish('', [apiError(created.error)]);
  return reply(ctx, created.value, 'created', dryRun.value, output.value);
}

export const runCommand: CommandSpec = {
  path: ['run'],
  short: 'Run a particular image on the cluster',
  usage:
    'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--command] -- [COMMAND] [args...] [options]',
  flags: [
    { name: 'image', type: 'string', description: 'The image for the container to run.' },
    {
      name: 'labels',
      short: 'l',
      type: 'string',
      description: 'Comma separated labels to apply to the pod. Will override previous values.',
    },
    { name: 'env', type: 'stringArray', description: 'Environment variables to set in the container.' },
    { name: 'port', type: 'string', description: 'The port that this container exposes.' },
    {
      name: 'restart',
      type: 'string',
      default: 'Always',
      description: 'The restart policy for this Pod.  Legal values [Always, OnFailure, Never].',
    },
    {
      name: 'command',
      type: 'bool',
      default: false,
      description:
        "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.",
    },
    {
      name: 'stdin',
      short: 'i',
      type: 'bool',
      default: false,
      description: 'Keep stdin open on the container in the pod, even if nothing is attached.',
    },
    {
      name: 'tty',
      short: 't',
      type: 'bool',
      default: false,
      description: 'Allocate a TTY for the container in the pod.',
    },
    {
      name: 'attach',
      type: 'bool',
      default: false,
      description: 'If true, wait for the Pod to start running, and then attach to the Pod.',
    },
    {
      name: 'rm',
      type: 'bool',
      default: false,
      description: 'If true, delete the pod after it exits.  Only valid when attaching to the container.',
    },
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
  ],
  run,
};
