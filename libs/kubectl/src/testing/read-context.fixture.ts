// A KubectlContext over a fresh Cluster, and a tiny argv splitter, for read-command tests that run a command's
// spec directly (the framework's own parser is tested by its owner).
import { Cluster, type ObjectInput } from '@podlab/kube';
import type { CommandOutput, CommandSpec, FlagValue, KubectlContext } from '../command/command';

export function readContext(cluster: Cluster = Cluster.create(), namespace = 'default'): KubectlContext {
  return {
    cluster,
    namespace,
    files: { read: () => undefined, list: () => [] },
    clock: 'stepped',
    user: 'learner',
    line: '',
  };
}

/**
 * Runs `spec` with whitespace-split words: `--flag=value`, `--flag value`, `-x value`, bools bare. Only for
 * tests; values with spaces go through `--flag=value` with the spaces kept.
 */
export function runSpec(spec: CommandSpec, ctx: KubectlContext, words: string[]): CommandOutput {
  const flags: Record<string, FlagValue | undefined> = {};
  const explicit = new Set<string>();
  const args: string[] = [];
  for (const f of spec.flags) if (f.default !== undefined) flags[f.name] = f.default;
  const all = [...spec.flags, { name: 'namespace', short: 'n', type: 'string' as const, description: '' }];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (!w.startsWith('-') || w === '-') {
      args.push(w);
      continue;
    }
    const long = w.startsWith('--');
    const eq = w.indexOf('=');
    const name = long ? w.slice(2, eq < 0 ? undefined : eq) : w.slice(1, 2);
    const flag = all.find((f) => (long ? f.name === name : f.short === name));
    if (!flag) throw new Error(`unknown flag ${w}`);
    let value: string;
    if (eq >= 0) value = w.slice(eq + 1);
    else if (!long && w.length > 2) value = w.slice(2);
    else if (flag.type === 'bool') value = 'true';
    else value = words[++i] as string;
    explicit.add(flag.name);
    if (flag.type === 'bool') flags[flag.name] = value === 'true';
    else if (flag.type === 'int') flags[flag.name] = Number(value);
    else if (flag.type === 'stringArray')
      flags[flag.name] = [...((flags[flag.name] as string[]) ?? []), value];
    else flags[flag.name] = value;
  }
  const namespace = flags['namespace'];
  const runCtx = typeof namespace === 'string' ? { ...ctx, namespace } : ctx;
  return spec.run(runCtx, { args, flags, explicit });
}

export function mustCreate(cluster: Cluster, input: object): void {
  const result = cluster.create(input as ObjectInput);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
}
