// Replay positions computed in the browser: a state the server sent (sandboxAt) plus the history's events after it
// is the state at a later version (ObjectStore.apply), so scrubbing forward or playing needs no request. States
// reached that way are kept as further starting points.
import type { ObjectStore } from './object-store';

/** A history event with its payload (sandboxHistory's fields the store reads). */
export interface HistoryDataEvent {
  version: number;
  type: string;
  at: string;
  data: unknown;
}

export class ReplayStates {
  /** Sorted by version. */
  private bases: ObjectStore[] = [];

  constructor(
    /** Past this many events from the nearest state, ask the server (it folds from its own snapshots). */
    private readonly maxLocal = 3000,
    private readonly maxBases = 40,
    /** Keep a computed state as a starting point when it is at least this far from the one it came from. */
    private readonly checkpointEvery = 100,
  ) {}

  add(store: ObjectStore): void {
    const index = this.bases.findIndex((b) => b.version >= store.version);
    if (index >= 0 && this.bases[index]?.version === store.version) return;
    if (index < 0) this.bases.push(store);
    else this.bases.splice(index, 0, store);
    // Bounded memory: past the limit, the earliest positions go first.
    while (this.bases.length > this.maxBases) this.bases.shift();
  }

  /** The state at `version`, or null when no kept state and the events can make it (the server must). */
  at(version: number, events: ReadonlyMap<number, HistoryDataEvent>): ObjectStore | null {
    let base: ObjectStore | undefined;
    for (const b of this.bases) if (b.version <= version) base = b;
    if (!base || version - base.version > this.maxLocal) return null;
    if (base.version === version) return base;
    const tail = [];
    for (let v = base.version + 1; v <= version; v++) {
      const event = events.get(v);
      if (!event) return null;
      tail.push({ ...event, generation: base.generation });
    }
    const reached = base.apply(tail);
    if (reached && version - base.version >= this.checkpointEvery) this.add(reached);
    return reached;
  }
}
