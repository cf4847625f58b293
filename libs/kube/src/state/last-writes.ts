// The stream version of the last event that wrote each uid (for a write's `cause`). It only grows: one entry per uid
// ever written (~10,600 after 100,000 events of a scaling session), and only writes read it, so a state restored
// from a snapshot keeps the snapshot's entries as they came (a part a store may hand over undecoded: most of a long
// session's snapshot once its Events are apart, the uids being random) and decodes and indexes them on the first
// read: a time travel that only shows the state (and folds its tail, which only writes here) pays for neither.
import type { SnapshotPart } from './kube-events';

export class LastWrites {
  private map = new Map<string, number>();
  /** Restored entries not indexed yet (then writes wait in `map`, applied on top of them in their order). */
  private restored: SnapshotPart<readonly (readonly [string, number])[]> | null = null;

  get(uid: string): number | undefined {
    return this.indexed().get(uid);
  }

  set(uid: string, version: number): void {
    this.map.set(uid, version);
  }

  /** In the order a Map fed the restored entries, then every write since, would give. */
  entries(): IterableIterator<[string, number]> {
    return this.indexed().entries();
  }

  /** Replaces everything by `entries` (a snapshot's, in their order), read on first use. The array is never changed. */
  restore(entries: SnapshotPart<readonly (readonly [string, number])[]>): void {
    this.map = new Map();
    this.restored = entries;
  }

  /** The restored part itself while nothing was written or read since the restore; else undefined. */
  untouchedPart(): SnapshotPart<readonly (readonly [string, number])[]> | undefined {
    return this.restored && this.map.size === 0 ? this.restored : undefined;
  }

  private indexed(): Map<string, number> {
    if (this.restored) {
      // Writes since the restore, in first-write order with their last value: setting them on top of the restored
      // entries leaves a restored uid in its place and appends new ones in order, exactly as eager sets would.
      const written = this.map;
      this.map = new Map(this.restored.value as readonly [string, number][]);
      this.restored = null;
      for (const [uid, version] of written) this.map.set(uid, version);
    }
    return this.map;
  }
}
