import { Module } from '@nestjs/common';
import { SandboxesModule } from '../sandboxes/sandboxes.module';
import { LiveUpdatesService } from './live-updates.service';
import { SandboxEventsResolver } from './sandbox-events.resolver';

/** The sandboxEvents subscription and the event-store tailer that feeds it through Redis pub/sub. */
@Module({
  imports: [SandboxesModule],
  providers: [LiveUpdatesService, SandboxEventsResolver],
})
export class LiveModule {}
