// The contract between kubectl's framework (command-line parsing, dispatch, the session runner) and the
// command modules (get, describe, apply, rollout …). Every command is a pure function of the cluster and
// its invocation: it may write through the Cluster API and returns what kubectl would print.
import type { Cluster } from '@podlab/kube';

export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'duration';
export type FlagValue = string | boolean | number | string[];

export interface FlagSpec {
  /** Long name without dashes: `selector`. */
  name: string;
  /** One-letter short name without the dash: `l`. */
  short?: string;
  type: FlagType;
  default?: FlagValue;
  description: string;
}

export interface Invocation {
  /** Positional arguments after the command path: `kubectl get pods web` → ['pods', 'web']. */
  args: string[];
  /** Parsed flags by long name (defaults applied); global flags (namespace, all-namespaces …) included. */
  flags: Record<string, FlagValue | undefined>;
  /** Flags the user actually typed (to tell a default from an explicit value). */
  explicit: ReadonlySet<string>;
  /** How many args came before a `--` (cobra's ArgsLenAtDash); undefined when there was none. */
  argsLenAtDash?: number;
}

/** Files a learner wrote in the sandbox (for `apply -f web.yaml`), by path. */
export interface SandboxFiles {
  read(path: string): string | undefined;
  list(): string[];
}

export interface KubectlContext {
  cluster: Cluster;
  /** From `-n/--namespace`, else `default`. */
  namespace: string;
  stdin?: string;
  files: SandboxFiles;
  /** Live sandboxes follow the wall clock; stepped ones advance only when told (see docs/kubectl.md). */
  clock: 'live' | 'stepped';
  /** Who runs the command, recorded as the actor of the writes. */
  user: string;
  /** The command line as typed, for `kubernetes.io/change-cause` with --record and for event reasons. */
  line: string;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CommandSpec {
  /** `['get']`, `['rollout', 'status']`, `['set', 'image']`. */
  path: string[];
  aliases?: string[];
  short: string;
  usage: string;
  flags: FlagSpec[];
  run(ctx: KubectlContext, invocation: Invocation): CommandOutput;
}

export const output = (stdout: string, stderr = '', exitCode = 0): CommandOutput => ({
  stdout,
  stderr,
  exitCode,
});
export const failure = (stderr: string, exitCode = 1): CommandOutput => ({ stdout: '', stderr, exitCode });
