// The events of a sandbox's stream: a persisted contract. Type names are past-tense facts and are never
// renamed; a changed shape gets a new `v` and an upcaster in evolve. State is a fold of these, nothing else.
import type { KubeEvent, ObjectReference } from '../api/kube-event';
import type { Kind, KubeObject } from '../api/objects';
import type { Fault, ScheduledFault } from './fault';
import type { ClusterConfig } from './cluster-config';
import type { ImageSpec } from './image';

/** Who caused a fact: a person at the keyboard, a named controller, a node's kubelet, the fault injector. */
export type Actor =
  | { type: 'user'; name: string }
  | { type: 'controller'; name: string }
  | { type: 'scheduler'; name: string }
  | { type: 'kubelet'; node: string }
  | { type: 'fault-injector'; name?: string }
  | { type: 'system'; name: string };

/** A Kubernetes Event to record with a fact (what `kubectl describe` lists); folded into `Event` objects. */
export interface KubeEventNote {
  type: KubeEvent['type'];
  reason: string;
  message: string;
  involvedObject: ObjectReference;
  source: KubeEvent['source'];
}

interface Envelope<T extends string, D> {
  type: T;
  v: 1;
  /** Simulated time of the fact, ms since the Unix epoch. */
  at: number;
  actor: Actor;
  /** Why, in the words of the actor (`ScalingReplicaSet`, `kubectl apply`, `Scheduled`, `NodeDown` …). */
  reason: string;
  /** Stream version of the event that triggered this one, when there is one. */
  cause?: number;
  notes?: KubeEventNote[];
  data: D;
}

export type ClusterCreated = Envelope<'ClusterCreated', { seed: number; config: ClusterConfig }>;
export type ObjectCreated = Envelope<'ObjectCreated', { object: KubeObject }>;
export type ObjectUpdated = Envelope<'ObjectUpdated', { object: KubeObject }>;
export type ObjectDeleted = Envelope<
  'ObjectDeleted',
  { kind: Kind; namespace?: string; name: string; uid: string }
>;
export type ClockAdvanced = Envelope<'ClockAdvanced', { to: number }>;
/** `scheduled`: the index of the timeline entry this fault fires (absent for faults injected by hand). */
export type FaultInjected = Envelope<'FaultInjected', { fault: Fault; scheduled?: number }>;
/** A fault timeline became part of the cluster: each fault fires at its absolute instant (fault-timeline reconciler). */
export type FaultsScheduled = Envelope<'FaultsScheduled', { faults: ScheduledFault[] }>;
/** A scheduled fault came due but its target was gone (a Pod the learner deleted): skipped, for everyone alike. */
export type ScheduledFaultSkipped = Envelope<
  'ScheduledFaultSkipped',
  { index: number; fault: Fault; message: string }
>;
export type ImageRegistered = Envelope<'ImageRegistered', { image: ImageSpec }>;
/** Kubernetes events recorded without an object change (e.g. a repeated FailedScheduling). */
export type KubeEventsRecorded = Envelope<'KubeEventsRecorded', Record<string, never>>;
/** A learner's command line with what it printed: kept for replay, hints and trajectory grading. */
export type CommandExecuted = Envelope<
  'CommandExecuted',
  { line: string; stdin?: string; stdout: string; stderr: string; exitCode: number }
>;

export type ClusterEvent =
  | ClusterCreated
  | ObjectCreated
  | ObjectUpdated
  | ObjectDeleted
  | ClockAdvanced
  | FaultInjected
  | FaultsScheduled
  | ScheduledFaultSkipped
  | ImageRegistered
  | KubeEventsRecorded
  | CommandExecuted;

export type ClusterEventType = ClusterEvent['type'];

/** An event as it sits in the stream: with the version (1-based position) it was folded at. */
export type VersionedEvent = ClusterEvent & { version: number };
