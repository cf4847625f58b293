// The Prisma repository's twin for unit tests and local tools (libs/sandbox-persistence has the real one, whose
// integration test checks the same behaviours: newest-first pages, generation compare-and-set, resync list).
import type { SandboxPage, SandboxPatch, SandboxRecord, SandboxRepository } from './ports';

export class InMemorySandboxRepository implements SandboxRepository {
  private readonly records = new Map<string, SandboxRecord>();

  async insert(record: SandboxRecord): Promise<void> {
    if (this.records.has(record.id)) throw new Error(`sandbox ${record.id} already exists`);
    this.records.set(record.id, { ...record });
  }

  async get(id: string): Promise<SandboxRecord | null> {
    const record = this.records.get(id);
    return record ? { ...record } : null;
  }

  async update(id: string, patch: SandboxPatch): Promise<void> {
    const record = this.records.get(id);
    if (record) this.records.set(id, { ...record, ...patch });
  }

  async advanceGeneration(id: string, expected: number): Promise<boolean> {
    const record = this.records.get(id);
    if (!record || record.generation !== expected) return false;
    this.records.set(id, { ...record, generation: expected + 1, degradedAt: null, degradedReason: null });
    return true;
  }

  async listByOwner(
    ownerId: string,
    page: { readonly first: number; readonly after?: string | null },
  ): Promise<SandboxPage> {
    const all = [...this.records.values()]
      .filter((record) => record.ownerId === ownerId && !record.deletedAt)
      .sort(newestFirst);
    const start = page.after ? all.findIndex((record) => record.id === page.after) + 1 : 0;
    const items = all.slice(start, start + page.first);
    return { items, hasNextPage: start + page.first < all.length };
  }

  async listWithPendingTimers(query: {
    readonly activeSince: Date;
    readonly limit: number;
  }): Promise<readonly Pick<SandboxRecord, 'id' | 'nextTimerAt'>[]> {
    return [...this.records.values()]
      .filter(
        (record) =>
          record.clockMode === 'LIVE' &&
          !record.deletedAt &&
          !record.degradedAt &&
          record.nextTimerAt !== null &&
          record.lastActivityAt >= query.activeSince,
      )
      .sort((a, b) => (a.nextTimerAt ?? 0) - (b.nextTimerAt ?? 0))
      .slice(0, query.limit)
      .map((record) => ({ id: record.id, nextTimerAt: record.nextTimerAt }));
  }
}

/** createdAt descending, then id descending: a total order, so cursor pages never skip or repeat. */
export function newestFirst(a: SandboxRecord, b: SandboxRecord): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
