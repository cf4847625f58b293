// The contract every controller of the simulated cluster implements: a pure function from the cluster's state
// at `now` to the writes it decides, plus the instant it next needs to look again (its timers).
import type { KubeObject, Kind } from '../api/objects';
import type { ObjectInput, DeleteOptions } from '../api-server/api-server';
import type { Rng } from '../rng/rng';
import type { Actor, KubeEventNote } from '../state/cluster-event';
import type { ClusterView } from '../state/cluster-state';

export interface ReconcileContext {
  readonly view: ClusterView;
  /** Same as view.now: simulated ms since the Unix epoch. */
  readonly now: number;
  /** Seeded randomness for tie-breaks, keyed by `stream` and the stream version (deterministic on replay). */
  rng(stream: string): Rng;
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
  | (WriteBase & { op: 'note' });

export interface Reconciler {
  /** The component name, as it appears in events' `source` (`deployment-controller`, `default-scheduler`). */
  readonly name: string;
  readonly actor: Actor;
  reconcile(ctx: ReconcileContext): Write[];
  /** The earliest instant after `view.now` at which this reconciler has something time-based to do. */
  nextWakeAt?(view: ClusterView): number | undefined;
}
