// Loads a sandbox's record and asks the auth layer's SandboxAccessPolicy (auth/sandbox-access.policy.ts) whether
// the caller may read or change it: the resolvers never decide themselves. Missing and foreign both read NOT_FOUND.
import { Inject, Injectable } from '@nestjs/common';
import { type SandboxRecord, SandboxService } from '@podlab/sandbox';
import type { AuthUser } from '../auth/auth.types';
import { SandboxAccessPolicy } from '../auth/sandbox-access.policy';
import { CoalescedReads } from './coalesced-reads';
import { mapDomainErrors } from './sandbox-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class SandboxAccess {
  /** Concurrent loads of one sandbox's row share a query (never one that began before they arrived). */
  private readonly records = new CoalescedReads<SandboxRecord>((id) =>
    mapDomainErrors(() => this.sandboxes.getSandbox(id)),
  );

  constructor(
    @Inject(SandboxService) private readonly sandboxes: SandboxService,
    @Inject(SandboxAccessPolicy) private readonly policy: SandboxAccessPolicy,
  ) {}

  async readable(user: AuthUser, sandboxId: string): Promise<SandboxRecord> {
    return this.policy.assertReadable(user, await this.load(sandboxId));
  }

  /** A record the caller already loaded (the sandbox query cache's fresh read), checked the same way. */
  readableRecord(user: AuthUser, record: SandboxRecord): Promise<SandboxRecord> {
    return this.policy.assertReadable(user, record);
  }

  async writable(user: AuthUser, sandboxId: string): Promise<SandboxRecord> {
    return this.policy.assertWritable(user, await this.load(sandboxId));
  }

  private async load(sandboxId: string): Promise<SandboxRecord | null> {
    if (!UUID.test(sandboxId)) return null;
    try {
      return await this.records.get(sandboxId);
    } catch (error) {
      if (error instanceof Error && (error as { code?: unknown }).code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}
