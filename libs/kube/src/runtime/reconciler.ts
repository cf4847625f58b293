// The contract every controller of the simulated cluster implements: a pure function from the cluster's state
// at `now` to the writes it decides, plus the instant it next needs to look again (its timers).
import type { KubeObject, Kind } from '../api/objects';
import type { ObjectInput, DeleteOptions } from '../api-server/api-server';
import type { Rng } from '../rng/rng';
import type { Actor, KubeEventNote } from '../state/cluster-event';
import type { Fault } from '../state/fault';
import type { ClusterView } from '../state/cluster-state';

export interface ReconcileContext {
  readonly view: ClusterView;
  /** Same as view.now: simulated ms since the Unix epoch. */
  readonly now: number;
  /** Seeded randomness for tie-breaks, keyed by `stream` and the stream version (deterministic on replay). */
  rng(stream: string): Rng;
  /**
   * What changed since this reconciler last ran (a controller's work queue). Optional and only an
   * optimisation: a reconciler must decide the same writes from a full pass over `view`. Absent (tests that
   * call `reconcile` directly) or `full` means: do a full, level-triggered pass.
   */
  readonly changed?: ChangeFeed;
}

/** One object written (created, updated or deleted) since a reconciler last ran, however many times. */
export interface ObjectChange {
  readonly kind: Kind;
  readonly uid: string;
  /** The object as it was before the first of these writes; undefined when it was created meanwhile. */
  readonly previous: KubeObject | undefined;
  /** The object now; undefined when it is gone. */
  readonly current: KubeObject | undefined;
}

export interface ChangeFeed {
  /**
   * True on the first run after the Cluster was created or loaded, and whenever something besides objects
   * changed since the last run (the clock moved, a fault or an image was recorded): time-based work may be
   * due, so do a full pass. `of` is then empty.
   */
  readonly full: boolean;
  /** How many object writes the feed covers (cheap; repeats of one object counted): to choose a full pass. */
  readonly writes: number;
  /** Objects of `kind` written since this reconciler last ran, in the order of their first write. */
  of(kind: Kind): readonly ObjectChange[];
}

interface WriteBase {
  /** Why, e.g. `ScalingReplicaSet`, `SuccessfulCreate`, `Scheduled`. Becomes the stream event's reason. */
  reason: string;
  /** uid of the object whose state triggered this decision; the runtime turns it into the event's cause. */
  causeUid?: string;
  /** Overrides the reconciler's default actor (the kubelet names its node). */
  actor?: Actor;
  notes?: KubeEventNote[];
}

export type Write =
  | (WriteBase & { op: 'create'; object: ObjectInput })
  /** Full replacement; the object's resourceVersion must be the one the reconciler read (else skipped). */
  | (WriteBase & { op: 'update'; object: KubeObject })
  | (WriteBase & { op: 'delete'; kind: Kind; namespace?: string; name: string; options?: DeleteOptions })
  /** Only Kubernetes events, no object change. */
  | (WriteBase & { op: 'note' })
  /** Fires entry `scheduled` of the fault timeline (skipped, and recorded as such, when its target is gone). */
  | (WriteBase & { op: 'fault'; fault: Fault; scheduled: number });

export interface Reconciler {
  /** The component name, as it appears in events' `source` (`deployment-controller`, `default-scheduler`). */
  readonly name: string;
  readonly actor: Actor;
  reconcile(ctx: ReconcileContext): Write[];
  /**
   * Every kind `reconcile` reads, when declared: at an instant where none of them changed since a call that
   * wrote nothing, the runtime does not call it again (it would decide nothing). Leave it out when unsure.
   */
  readonly watches?: readonly Kind[];
  /** The earliest instant after `view.now` at which this reconciler has something time-based to do. */
  nextWakeAt?(view: ClusterView): number | undefined;
}
