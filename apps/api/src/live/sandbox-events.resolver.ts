import { Inject } from '@nestjs/common';
import { Args, ID, Int, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { SandboxAccess } from '../sandboxes/sandbox-access';
import { badInput } from '../sandboxes/sandbox-errors';
import { messageToGql } from '../sandboxes/sandbox-event.mapper';
import { SandboxEvent } from '../sandboxes/sandbox.models';
import type { LiveFeed } from './live-feed';
import { LiveUpdatesService } from './live-updates.service';
import type { SandboxEventMessage } from './sandbox-event.message';

// One GraphQL object per message per process, shared by every subscriber of that sandbox.
const mapped = new WeakMap<SandboxEventMessage, SandboxEvent>();
function gqlOf(message: SandboxEventMessage): SandboxEvent {
  let event = mapped.get(message);
  if (!event) mapped.set(message, (event = messageToGql(message)));
  return event;
}

@Resolver()
export class SandboxEventsResolver {
  constructor(
    @Inject(LiveUpdatesService) private readonly live: LiveUpdatesService,
    @Inject(SandboxAccess) private readonly access: SandboxAccess,
  ) {}

  @Subscription(() => SandboxEvent, {
    description:
      "The sandbox's events after `afterVersion`, in order and without gaps: first replayed from the store, then live. Resume after a disconnect with the last version received. A reset continues with the new generation's events from version 1.",
    resolve: (payload: SandboxEvent) => payload,
  })
  async sandboxEvents(
    @CurrentUser() user: AuthUser,
    @Args('sandboxId', { type: () => ID, description: 'The sandbox.' }) sandboxId: string,
    @Args('afterVersion', {
      type: () => Int,
      defaultValue: 0,
      description: 'Deliver versions after this one (0: from the start of the current generation).',
    })
    afterVersion: number,
  ): Promise<AsyncIterableIterator<SandboxEvent>> {
    if (!Number.isInteger(afterVersion) || afterVersion < 0)
      throw badInput('afterVersion', 'afterVersion must be a whole number ≥ 0');
    const sandbox = await this.access.readable(user, sandboxId);
    return mapFeed(this.live.feed(sandbox, afterVersion, user.id));
  }
}

/** The subscription's source: an async iterator, plus `takeReady` (what follows without waiting, see LiveFeed). */
export type SandboxEventSource = AsyncIterableIterator<SandboxEvent> & { takeReady(): SandboxEvent[] };

function mapFeed(feed: LiveFeed): SandboxEventSource {
  const iterator: SandboxEventSource = {
    async next() {
      const result = await feed.next();
      return result.done ? { done: true, value: undefined } : { done: false, value: gqlOf(result.value) };
    },
    takeReady: () => feed.takeReady().map(gqlOf),
    async return() {
      await feed.return();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      await feed.return();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
