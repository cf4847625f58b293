// The props contract of <ClusterView> (W2), embedded by the exercise screen (W3) and the replay screen (W2).
// Kept in its own module so other screens can type against it while the component evolves.

/** A Kubernetes object the learner can select (a pod card, a ReplicaSet, a Deployment, a node, a PVC …). */
export interface ObjectRef {
  kind: string;
  /** null for cluster-scoped objects (Node). */
  namespace: string | null;
  name: string;
  uid: string;
}

export interface ClusterViewProps {
  /** The sandbox to show. */
  sandboxId: string;
  /**
   * A stream version to show (replay): the view shows `sandboxAt(version)` and does not subscribe.
   * Omitted: the current state, kept live through the `sandboxEvents` subscription.
   */
  version?: number;
  /**
   * Replay only: the sandbox's history events with their `data`, when the screen has them. Positions after a state
   * already loaded are then computed in the browser from these events (no request per scrub or playback step).
   */
  history?: readonly { version: number; type: string; at: string; data: unknown }[];
  /**
   * Live only: the newest stream version the embedding screen knows exists (from runCommand / advanceClock answers).
   * A live view still behind it a few seconds later reloads its snapshot (the event feed lagged or stalled).
   */
  knownVersion?: number;
  /** The selected object (highlighted); selection is controlled by the embedding screen. */
  selected?: ObjectRef | null;
  /** Called when the learner selects an object (click, Enter or Space on a card), e.g. to open the "why" panel. */
  onSelect?: (object: ObjectRef) => void;
  /** Called with the stream version each time the shown state changes (live: after events are applied). */
  onVersion?: (version: number) => void;
  /** Accessible name of the region (default "Cluster"). */
  label?: string;
  /** Extra class on the root element, for the embedding layout. */
  className?: string;
}
