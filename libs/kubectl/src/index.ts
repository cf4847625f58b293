// Public API of @podlab/kubectl: kubectl command lines and printers over @podlab/kube (pure).
export { KUBE_API_VERSION } from '@podlab/kube';

// Printers (read side): `-o` formats, tables, ages. Write commands print through printObjects.
export { printObjects, printTables, qualifiedName } from './printers/print-objects';
export type { PrintOptions } from './printers/print-objects';
export { humanDuration, translateTimestampSince } from './printers/human-duration';
export { formatTabbed, tabwrite } from './printers/tabwriter';
export { formatLabels, selectorString } from './printers/labels';
export { toApiJson, formatJson, formatYaml } from './printers/serialize';
export { executeTemplate } from './printers/jsonpath';
// describe: the pod template block (`rollout history --revision=N`) and whole-object descriptions.
export { describePodTemplate } from './commands/describe/pod-template';
export { describeObject, deploymentReplicaSets } from './commands/describe/describers';
export { DescribeWriter } from './commands/describe/describe-writer';
export { parseResourceArgs } from './commands/get/resource-args';
export type { ResourceRequest, ParsedResources } from './commands/get/resource-args';
export { parseLabelSelector, matchesRequirements } from './commands/get/label-selector';
// (end of read side)

// Command line (write side, framework): the entry point, the registry, session scripts and their runner.
export type {
  CommandOutput,
  CommandSpec,
  FlagSpec,
  FlagType,
  FlagValue,
  Invocation,
  KubectlContext,
  SandboxFiles,
} from './command/command';
export { runKubectl, SANDBOX_CONTEXT } from './command/run-kubectl';
export { COMMANDS } from './command/registry';
export { tokenize } from './command/command-line';
export { parseScript, heredocOf } from './session/session-script';
export type { Step } from './session/session-script';
export { Session, formatElapsed, parseFault, render, runScript, splitPipeline } from './session/session';
export type { SessionOptions } from './session/session';
export { matchTranscript } from './session/transcript-match';
export type { MatchResult } from './session/transcript-match';
export { readManifests } from './manifest/manifest-reader';
export type { KubectlError, ManifestItem, ManifestObject } from './manifest/manifest-reader';
