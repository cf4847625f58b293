// A GraphQL client for the sandbox e2e tests: HTTP operations with a bearer token, and subscriptions over
// graphql-ws (the `graphql-transport-ws` protocol) authenticated from connection_init, collecting what arrives.
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from './apps';

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export class GraphQLClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  withToken(token: string): GraphQLClient {
    return new GraphQLClient(this.baseUrl, token);
  }

  async raw<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** The data of an operation that must succeed; throws with the errors otherwise. */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = await this.raw<T>(query, variables);
    if (body.errors?.length || !body.data)
      throw new Error(`GraphQL errors: ${JSON.stringify(body.errors ?? body)}`);
    return body.data;
  }

  /** The error code of an operation that must fail. */
  async errorCode(query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> {
    const body = await this.raw(query, variables);
    if (!body.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(body.data)}`);
    return body.errors[0]?.extensions?.code;
  }

  /** A graphql-ws client on the same /graphql endpoint, authenticated with this client's token. */
  websocket(): Client {
    return createClient({
      url: `${this.baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: this.token ? { authorization: `Bearer ${this.token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
  }
}

/** Collects the results of one subscription; `errors` tells how it failed. */
export class Subscription<T> {
  readonly items: T[] = [];
  readonly errors: unknown[] = [];
  completed = false;
  private readonly dispose: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown>, pick: (data: unknown) => T) {
    this.dispose = client.subscribe<unknown>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) this.errors.push(...result.errors);
          else if (result.data) this.items.push(pick(result.data));
        },
        error: (error) => this.errors.push(error),
        complete: () => (this.completed = true),
      },
    );
  }

  until(what: string, predicate: (items: T[]) => boolean, timeoutMs = 10_000): Promise<T[]> {
    return waitFor(
      what,
      () => {
        if (this.errors.length > 0) throw new Error(`subscription failed: ${describe(this.errors)}`);
        return predicate(this.items) ? this.items : undefined;
      },
      { timeoutMs },
    );
  }

  /** Waits for the subscription to fail (a refused subscription or connection). */
  refused(timeoutMs = 10_000): Promise<unknown[]> {
    return waitFor(
      'the subscription to be refused',
      () => (this.errors.length > 0 ? this.errors : undefined),
      {
        timeoutMs,
      },
    );
  }

  close(): void {
    this.dispose();
  }
}

/** Errors as text: GraphQL errors as JSON, a WebSocket CloseEvent by its code and reason. */
export function describe(errors: readonly unknown[]): string {
  return errors
    .map((error) => {
      const close = error as { code?: unknown; reason?: unknown };
      if (typeof close.code === 'number') return `close ${close.code} ${String(close.reason ?? '')}`;
      return JSON.stringify(error);
    })
    .join('; ');
}
