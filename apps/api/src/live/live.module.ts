import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SandboxesModule } from '../sandboxes/sandboxes.module';
import { LiveSocketGateway } from './live-socket.gateway';
import { LiveUpdatesService } from './live-updates.service';
import { SandboxEventsResolver } from './sandbox-events.resolver';

/**
 * The sandboxEvents subscription: the WebSocket endpoint (graphql-ws, one execution and serialisation per event),
 * and the event-store tailer that feeds it through Redis pub/sub.
 */
@Module({
  imports: [AuthModule, SandboxesModule],
  providers: [LiveUpdatesService, SandboxEventsResolver, LiveSocketGateway],
})
export class LiveModule {}
