// A bounded per-process LRU of folded Clusters, keyed by stream id and tagged with the version they were folded to.
// A Cluster is mutable, so using one is a check-out: `take` removes it (two concurrent callers never share one; the
// second folds its own), and `put` returns it after its events were appended. A stale entry is still useful: the
// caller folds only the tail on top of it.
import type { Cluster } from '@podlab/kube';
import type { SandboxFileSystem } from './sandbox-files';

export interface CachedCluster {
  readonly cluster: Cluster;
  /** The stream version the cluster was folded to (cluster.version). */
  readonly version: number;
  /** The sandbox's files at that version. */
  readonly files: SandboxFileSystem;
}

export class ClusterCache {
  private readonly entries = new Map<string, CachedCluster>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries: number) {}

  take(streamId: string): CachedCluster | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.hits++;
    } else this.misses++;
    return entry;
  }

  put(streamId: string, cluster: Cluster, files: SandboxFileSystem): void {
    if (this.maxEntries <= 0) return;
    const current = this.entries.get(streamId);
    // Keep the newer fold when two callers put back clusters of the same stream.
    if (current && current.version > cluster.version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { cluster, version: cluster.version, files });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  evict(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
