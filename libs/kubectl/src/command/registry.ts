// Every kubectl command the simulator serves, as CommandSpecs. The dispatcher (runKubectl) resolves a command
// line against this list; `kubectl --help` lists it. Two engineers own halves of it: add your imports and entries
// in your own section (keep each section sorted by path), and re-read the file right before editing.
import type { CommandSpec } from './command';

// ---- read side (get, describe, logs, explain, api-resources, version, cluster-info, events) ----------------
import { apiResourcesCommand } from '../commands/api-resources/api-resources.command';
import { clusterInfoCommand } from '../commands/cluster-info/cluster-info.command';
import { describeCommand } from '../commands/describe/describe.command';
import { explainCommand } from '../commands/explain/explain.command';
import { eventsCommand } from '../commands/kubectl-events/events.command';
import { getCommand } from '../commands/get/get.command';
import { logsCommand } from '../commands/logs/logs.command';
import { versionCommand } from '../commands/version/version.command';

const READ_COMMANDS: CommandSpec[] = [
  apiResourcesCommand,
  clusterInfoCommand,
  describeCommand,
  eventsCommand,
  explainCommand,
  getCommand,
  logsCommand,
  versionCommand,
];

// ---- write side (apply, create, delete, scale, set, rollout, label, annotate, node commands, patch, expose, wait)
import { applyCommand } from '../commands/apply/apply.command';
import {
  createCommand,
  createDeploymentCommand,
  createNamespaceCommand,
} from '../commands/create/create.command';
import { deleteCommand } from '../commands/delete/delete.command';
import { exposeCommand } from '../commands/expose/expose.command';
import { annotateCommand, labelCommand } from '../commands/label/label.command';
import { cordonCommand, drainCommand, taintCommand, uncordonCommand } from '../commands/node/node.command';
import { patchCommand } from '../commands/patch/patch.command';
import { replaceCommand } from '../commands/replace/replace.command';
import { runCommand } from '../commands/run/run.command';
import { UNSUPPORTED_COMMANDS } from '../commands/unsupported/unsupported.command';
import { waitCommand } from '../commands/wait/wait.command';
import {
  rolloutHistoryCommand,
  rolloutPauseCommand,
  rolloutRestartCommand,
  rolloutResumeCommand,
  rolloutStatusCommand,
  rolloutUndoCommand,
} from '../commands/rollout/rollout.command';
import { scaleCommand } from '../commands/scale/scale.command';
import { setEnvCommand, setImageCommand, setResourcesCommand } from '../commands/set/set.command';

const WRITE_COMMANDS: CommandSpec[] = [
  annotateCommand,
  applyCommand,
  cordonCommand,
  createCommand,
  createDeploymentCommand,
  createNamespaceCommand,
  deleteCommand,
  drainCommand,
  exposeCommand,
  labelCommand,
  patchCommand,
  replaceCommand,
  rolloutHistoryCommand,
  rolloutPauseCommand,
  rolloutRestartCommand,
  rolloutResumeCommand,
  rolloutStatusCommand,
  rolloutUndoCommand,
  runCommand,
  scaleCommand,
  setEnvCommand,
  setImageCommand,
  setResourcesCommand,
  taintCommand,
  uncordonCommand,
  waitCommand,
  ...UNSUPPORTED_COMMANDS,
];

/** All commands, sorted by path (the order `kubectl --help` does not use, but a stable one). */
export const COMMANDS: readonly CommandSpec[] = [...READ_COMMANDS, ...WRITE_COMMANDS].sort((a, b) =>
  a.path.join(' ') < b.path.join(' ') ? -1 : a.path.join(' ') > b.path.join(' ') ? 1 : 0,
);

/** The top-level command words (`get`, `rollout` …) and their aliases. */
export function topLevelNames(commands: readonly CommandSpec[] = COMMANDS): string[] {
  const names = new Set<string>();
  for (const command of commands) names.add(command.path[0]!);
  return [...names].sort();
}

/**
 * The longest command path matching the leading words of `words` (aliases count for the last word).
 * Returns the spec and how many words it consumed.
 */
export function findCommand(
  words: readonly string[],
  commands: readonly CommandSpec[] = COMMANDS,
): { spec: CommandSpec; consumed: number } | undefined {
  let best: { spec: CommandSpec; consumed: number } | undefined;
  for (const spec of commands) {
    const n = spec.path.length;
    if (words.length < n) continue;
    const matches = spec.path.every((part, i) => {
      const word = words[i];
      if (word === part) return true;
      return i === n - 1 && (spec.aliases ?? []).includes(word ?? '');
    });
    if (matches && (!best || n > best.consumed)) best = { spec, consumed: n };
  }
  return best;
}

/** Sub-commands under a group word (`rollout` → status, history …), for `kubectl rollout` with no verb. */
export function subcommandsOf(
  prefix: readonly string[],
  commands: readonly CommandSpec[] = COMMANDS,
): CommandSpec[] {
  return commands.filter(
    (c) => c.path.length === prefix.length + 1 && prefix.every((p, i) => c.path[i] === p),
  );
}
