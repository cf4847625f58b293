// The WebSocket side of /graphql: Mercurius subscriptions speaking graphql-ws ('graphql-transport-ws', the
// protocol of the `graphql-ws` client) and the legacy 'graphql-ws' protocol. The connection is authenticated once,
// from connection_init's payload (`{ authorization: "Bearer <access token>" }`), with the same pinned-HS256
// verification as HTTP; a connection without a valid token is refused before any subscription starts.
import type { MercuriusOptions } from 'mercurius';
import { type AppConfig } from '@podlab/config';
import { TokenService } from '../auth/token.service';
import { bearerToken } from '../auth/bearer-token';

type SubscriptionOptions = Exclude<MercuriusOptions['subscription'], boolean | undefined>;

export function subscriptionOptions(config: AppConfig): SubscriptionOptions {
  const tokens = new TokenService(config.JWT_SECRET);
  return {
    onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => {
      const header = payload?.['authorization'] ?? payload?.['Authorization'];
      const token = bearerToken(header);
      if (!token) return false;
      try {
        return { user: await tokens.verifyAccessToken(token) };
      } catch {
        return false;
      }
    },
    // Answers the client's pings; closes connections whose socket went away.
    keepAlive: 30_000,
  };
}
