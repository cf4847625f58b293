// The current state of a sandbox as GraphQL reads it: the projection of its head, shared by the resolvers and the
// sandbox query cache (sandbox-query-cache/), so both read one cluster cache and one projection per version.
import { Inject, Injectable } from '@nestjs/common';
import { type SandboxRecord, SandboxService } from '@podlab/sandbox';
import { CoalescedReads } from './coalesced-reads';
import { mapDomainErrors } from './sandbox-errors';
import { ProjectionCache, type SandboxProjection } from './sandbox.projection';

@Injectable()
export class SandboxHeads {
  /** A version's projection is built once and shared by the requests that read that version. */
  private readonly projections = new ProjectionCache();

  /**
   * Concurrent requests for one sandbox's state share reads (never one that began before they arrived). A read
   * takes the record its callers loaded (for the access check, after they arrived) instead of reading the row
   * again: the newest generation among them, so a reset any of them saw is seen.
   */
  private readonly heads = new CoalescedReads<SandboxProjection, SandboxRecord>(
    (_id, record) =>
      mapDomainErrors(() => this.sandboxes.readSandbox(record, (state) => this.projections.project(state))),
    (queued, arriving) => (arriving.generation >= queued.generation ? arriving : queued),
  );

  constructor(@Inject(SandboxService) private readonly sandboxes: SandboxService) {}

  /** The projection of the sandbox's head (at or after the moment of the call). */
  project(record: SandboxRecord): Promise<SandboxProjection> {
    return this.heads.get(record.id, record);
  }
}

/**
 * What the sandbox query cache (sandbox-query-cache/) hands the `sandbox` resolver through the GraphQL context:
 * the record it checked and the projection it read, so that the answer it keeps is exactly that version's. The
 * resolver marks it used; an answer rendered without it is never kept.
 */
export interface PinnedSandboxHead {
  readonly record: SandboxRecord;
  readonly projection: SandboxProjection;
  used: boolean;
}

export interface PinnableContext {
  pinnedHead?: PinnedSandboxHead;
}
