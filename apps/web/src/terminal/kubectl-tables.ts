// The completion tables from the simulator itself: @podlab/kubectl's command registry (paths, aliases, flags)
// and @podlab/kube's resource list (kinds, plural and short names), so completion offers exactly what runs.
import { RESOURCES } from '@podlab/kube';
import { COMMANDS } from '@podlab/kubectl';
import type { CompletionCommand, CompletionResource } from './completion';

export const KUBECTL_COMMANDS: readonly CompletionCommand[] = COMMANDS.map((c) => ({
  path: c.path,
  ...(c.aliases ? { aliases: c.aliases } : {}),
  flags: c.flags.map((f) => ({ name: f.name, type: f.type, ...(f.short ? { short: f.short } : {}) })),
}));

export const KUBE_RESOURCES: readonly CompletionResource[] = RESOURCES.map((r) => ({
  kind: r.kind,
  name: r.resource,
  shortNames: r.shortNames,
  namespaced: r.namespaced,
}));
