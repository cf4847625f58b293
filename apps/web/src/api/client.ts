// The one GraphQL client of the web app (urql): queries and mutations over HTTP, subscriptions over graphql-ws,
// the access token on both, and refresh-token rotation when the token expires or the API says UNAUTHENTICATED.
//
// Why urql: a small, well-kept client whose exchanges compose exactly what this API needs (@urql/exchange-auth
// for "refresh once, hold the queue, retry once"; subscriptionExchange for graphql-ws), with TypedDocumentNode
// support so the generated documents type every result and variable. Its document cache refetches queries whose
// result types a mutation returns, which covers these screens without a normalised cache.
import { authExchange } from '@urql/exchange-auth';
import { createClient as createWsClient } from 'graphql-ws';
import {
  type Client,
  type CombinedError,
  cacheExchange,
  createClient,
  fetchExchange,
  subscriptionExchange,
} from 'urql';
import { type Session, SessionManager, localSessionStorage } from '../auth/session-manager';
import { RefreshTokenDocument } from './gql/graphql';

const ENDPOINT = '/graphql';
/** Operations that run without a session: an UNAUTHENTICATED answer to them is a wrong password, not an expiry. */
const PUBLIC_OPERATIONS = new Set(['SignUp', 'LogIn', 'RefreshToken', 'Health']);

export function errorCodes(error: CombinedError | undefined): string[] {
  return (error?.graphQLErrors ?? []).map((e) => String(e.extensions?.['code'] ?? ''));
}

/** The session manager of this page: localStorage, Web Locks, and the refreshToken mutation over plain HTTP. */
export function createSessionManager(): SessionManager {
  // A bare client (no auth exchange) for the refresh mutation itself.
  const bare = createClient({
    url: ENDPOINT,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    preferGetMethod: false,
  });
  return new SessionManager(localSessionStorage(), async (refreshToken) => {
    const result = await bare.mutation(RefreshTokenDocument, { refreshToken }).toPromise();
    const pair = result.data?.refreshToken;
    if (pair) return pair satisfies Session;
    if (errorCodes(result.error).includes('UNAUTHENTICATED')) return 'rejected';
    throw new Error(result.error?.message ?? 'The API did not answer the token refresh.');
  });
}

function websocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${ENDPOINT}`;
}

export interface ApiClient {
  client: Client;
  /** Closes the subscriptions' WebSocket. */
  dispose(): void;
}

/** A client for the current session; build a new one when the signed-in user changes (no cache leaks). */
export function createApiClient(sessions: SessionManager): ApiClient {
  const ws = createWsClient({
    url: websocketUrl(),
    lazy: true,
    // Read at every (re)connection: graphql-ws authenticates once, in connection_init.
    connectionParams: async () => {
      const session = await sessions.fresh().catch(() => sessions.current);
      return session ? { authorization: `Bearer ${session.accessToken}` } : {};
    },
    retryAttempts: 5,
  });

  const client = createClient({
    url: ENDPOINT,
    // POST like every other client of the API (docs/api.md); urql would otherwise put queries in GET URLs.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const token = sessions.current?.accessToken;
          return token ? utils.appendHeaders(operation, { authorization: `Bearer ${token}` }) : operation;
        },
        willAuthError(operation) {
          return !isPublic(operation.query) && sessions.accessTokenExpiring();
        },
        didAuthError(error, operation) {
          return !isPublic(operation.query) && errorCodes(error).includes('UNAUTHENTICATED');
        },
        async refreshAuth() {
          // A refused token signs out (the router then shows the log-in page); a network error is reported by
          // the retried operation itself.
          await sessions.rotate().catch(() => undefined);
        },
      })),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}

function isPublic(query: { definitions: readonly { kind: string; name?: { value: string } }[] }): boolean {
  const operation = query.definitions.find((d) => d.kind === 'OperationDefinition');
  return operation?.name !== undefined && PUBLIC_OPERATIONS.has(operation.name.value);
}
