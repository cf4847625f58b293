// Public API of @podlab/kubectl: kubectl command lines and printers over @podlab/kube (pure).
export { KUBE_API_VERSION } from '@podlab/kube';

// Printers (read side): `-o` formats, tables, ages. Write commands print through printObjects.
export { printObjects, printTables, qualifiedName } from './printers/print-objects';
export type { PrintOptions } from './printers/print-objects';
export { humanDuration, translateTimestampSince } from './printers/human-duration';
export { tabwrite } from './printers/tabwriter';
export { formatLabels, selectorString } from './printers/labels';
export { toApiJson, formatJson, formatYaml } from './printers/serialize';
