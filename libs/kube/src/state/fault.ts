// Faults are facts in the stream: injected by challenges' timelines, instructors, or learners in free practice.

export type Fault =
  | { kind: 'node-down'; node: string }
  | { kind: 'node-up'; node: string }
  | {
      kind: 'node-add';
      node: string;
      labels?: Record<string, string>;
      taints?: NodeTaintSpec[];
      cpu?: string;
      memory?: string;
      pods?: number;
    }
  | { kind: 'node-remove'; node: string }
  | { kind: 'pod-kill'; namespace: string; pod: string }
  | { kind: 'container-crash'; namespace: string; pod: string; container?: string; exitCode?: number }
  | { kind: 'image-broken'; image: string }
  | { kind: 'image-fixed'; image: string };

export type FaultKind = Fault['kind'];

/**
 * A fault of a timeline (a challenge's), due at an absolute simulated instant. `index` identifies it in the
 * timeline (its position in the exercise file); the fault-timeline reconciler fires it at `at`.
 */
export interface ScheduledFault {
  index: number;
  at: number;
  fault: Fault;
}

/** A scheduled fault in the cluster state: `done` once fired (or skipped because its target was gone). */
export interface ScheduledFaultEntry extends ScheduledFault {
  done: boolean;
}

export const FAULT_KINDS: readonly FaultKind[] = [
  'node-down',
  'node-up',
  'node-add',
  'node-remove',
  'pod-kill',
  'container-crash',
  'image-broken',
  'image-fixed',
];

export interface NodeTaintSpec {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}
