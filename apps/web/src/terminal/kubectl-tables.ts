// The completion tables: kubectl's commands (paths, aliases, flags) and the resource kinds, as the simulator
// serves them. They are a copy of @podlab/kubectl's COMMANDS and @podlab/kube's RESOURCES rather than imports, so
// the browser does not download the whole simulator (≈340 kB) for completion; kubectl-tables.spec.ts fails when
// the copy drifts from the registry and prints the file to write.
import type { CompletionCommand, CompletionResource } from './completion';
import tables from './kubectl-tables.json';

export const KUBECTL_COMMANDS: readonly CompletionCommand[] = tables.commands;
export const KUBE_RESOURCES: readonly CompletionResource[] = tables.resources;
