// The WebSocket side of /graphql: the graphql-transport-ws protocol (the `graphql-ws` library's server on a `ws`
// server, sharing the HTTP server's port), authenticated once per connection from connection_init's payload.
//
// - A connection without a valid access token is refused (4403) before any subscription starts; a connection whose
//   token expires is closed with 4401 at the token's expiry (the client reconnects with a fresh token).
// - Documents go through the same parser limits and validation rules as HTTP, and only subscriptions are served.
// - Events are executed and serialised once per process (shared-execution.ts): a subscription writes the shared
//   payload bytes to its socket inside its own `next` envelope, with backpressure from the socket's buffer.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
  createSourceEventStream,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { CloseCode, type Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import {
  type FormatResult,
  type PreparedOperation,
  SharedExecution,
  prepareOperation,
} from './shared-execution';

/** What connection_init's payload proved. */
export interface LiveCaller<User> {
  readonly user: User;
  /** The connection is closed (4401) at this instant. */
  readonly expiresAt: Date;
}

export interface LiveSocketOptions<User> {
  /** The executable schema (read at each subscribe: it exists once the GraphQL module started). */
  readonly schema: () => GraphQLSchema;
  /** The caller proven by connection_init's payload, or null to refuse the connection. */
  readonly authenticate: (
    params: Readonly<Record<string, unknown>> | undefined,
  ) => Promise<LiveCaller<User> | null>;
  /** The GraphQL context of one subscription (what the resolvers and guards read). */
  readonly context: (user: User) => Record<string, unknown>;
  /** Rules beside graphql's own (depth, cost, aliases, introspection). */
  readonly validationRules: readonly ValidationRule[];
  readonly maxTokens: number;
  /** Formats a result with errors for the wire: stable codes, nothing internal. */
  readonly format: (result: ExecutionResult) => { data?: unknown; errors?: readonly GraphQLFormattedError[] };
  readonly path?: string;
  readonly maxPayloadBytes?: number;
  /** Server pings (a dead peer is dropped after one unanswered interval). */
  readonly keepAliveMs?: number;
  /** Buffered bytes on one socket past which a subscription waits for the socket to drain. */
  readonly highWaterBytes?: number;
  readonly log?: { warn(message: string): void };
}

type Extra = {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  user?: unknown;
  expiry?: NodeJS.Timeout;
};

/** A source that can also hand out, synchronously, what follows without waiting (LiveFeed.takeReady). */
interface BatchSource {
  takeReady(): unknown[];
}

interface Prepared {
  readonly source: AsyncIterator<unknown>;
  readonly operation: PreparedOperation;
  readonly socket: WebSocket;
  readonly id: string;
}

const TAIL = Buffer.from('}');
/** The longest delay setTimeout takes (about 24.8 days); a later expiry is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const ACCESS_TOKEN_EXPIRED = 'Access token expired: reconnect with a fresh one.';

export class LiveSocketServer<User> {
  readonly shared: SharedExecution;
  private readonly wss: WebSocketServer;
  private readonly prepared = new WeakMap<ExecutionArgs, Prepared>();
  private readonly disposer: { dispose(): void | Promise<void> };
  private readonly path: string;
  private readonly highWater: number;

  constructor(private readonly options: LiveSocketOptions<User>) {
    this.path = options.path ?? '/graphql';
    this.highWater = options.highWaterBytes ?? 1 << 20;
    const format: FormatResult = (result) => (result.errors?.length ? options.format(result) : result);
    this.shared = new SharedExecution(options.schema, format);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 1 << 20 });
    this.disposer = useServer<Record<string, unknown> | undefined, Extra>(
      {
        onConnect: (ctx) => this.connect(ctx),
        onClose: (ctx) => clearTimeout(ctx.extra.expiry),
        onSubscribe: (ctx, id, payload) => this.subscribe(ctx, id, payload),
        subscribe: (args) => this.pump(args),
      },
      this.wss,
      options.keepAliveMs ?? 30_000,
    );
  }

  /** Takes the WebSocket upgrades of `path` on this HTTP server. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (request.url ?? '/').split('?')[0];
      if (path !== this.path) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
    });
  }

  /** Closes every connection (1001) and the server. */
  async close(): Promise<void> {
    await this.disposer.dispose();
  }

  private async connect(ctx: Context<Record<string, unknown> | undefined, Extra>): Promise<boolean> {
    const caller = await this.options.authenticate(ctx.connectionParams).catch(() => null);
    if (!caller) return false;
    if (caller.expiresAt.getTime() <= Date.now()) {
      // Within the verifier's clock tolerance, but expired all the same: nothing starts on it.
      ctx.extra.socket.close(CloseCode.Unauthorized, ACCESS_TOKEN_EXPIRED);
      return false;
    }
    ctx.extra.user = caller.user;
    this.closeAt(ctx.extra, caller.expiresAt.getTime());
    return true;
  }

  /** At the token's expiry the connection ends: every subscription on it stops, the client sees 4401. */
  private closeAt(extra: Extra, at: number): void {
    const delay = at - Date.now();
    extra.expiry = setTimeout(
      () => {
        if (delay > MAX_TIMER_MS) this.closeAt(extra, at);
        else extra.socket.close(CloseCode.Unauthorized, ACCESS_TOKEN_EXPIRED);
      },
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    );
  }

  private async subscribe(
    ctx: Context<Record<string, unknown> | undefined, Extra>,
    id: string,
    payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  ): Promise<ExecutionArgs | GraphQLError[]> {
    const schema = this.options.schema();
    let document;
    try {
      document = parse(payload.query, { maxTokens: this.options.maxTokens });
    } catch (error) {
      return this.errors([error instanceof GraphQLError ? error : new GraphQLError(String(error))]);
    }
    const invalid = validate(schema, document, [...specifiedRules, ...this.options.validationRules]);
    if (invalid.length > 0) return this.errors(invalid);
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return this.errors([new GraphQLError('Unable to identify the operation to run.')]);
    if (operation.operation !== 'subscription') {
      return this.errors([
        new GraphQLError(
          'Only subscriptions are served over WebSocket: send queries and mutations over HTTP.',
          { extensions: { code: 'BAD_USER_INPUT' } },
        ),
      ]);
    }
    const args: ExecutionArgs = {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      rootValue: {},
      contextValue: this.options.context(ctx.extra.user as User),
    };
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return this.errors(source.errors ?? []);
    this.prepared.set(args, {
      source: source[Symbol.asyncIterator](),
      operation: prepareOperation(document, operation, payload.variables),
      socket: ctx.extra.socket,
      id,
    });
    return args;
  }

  private errors(errors: readonly GraphQLError[]): GraphQLError[] {
    const formatted = this.options.format({ data: null, errors }).errors ?? [];
    return formatted.map((error) => new GraphQLError(error.message, { extensions: { ...error.extensions } }));
  }

  /**
   * The subscription's "result stream" as graphql-ws sees it: it yields nothing and ends when the source ends; in
   * between it writes each event's shared payload to the socket itself, so no per-subscriber execution or JSON
   * serialisation happens. graphql-ws still sends `complete` when the source ends and calls return() on `complete`
   * from the client or on close.
   */
  private pump(args: ExecutionArgs): Required<AsyncIterableIterator<ExecutionResult>> {
    const prepared = this.prepared.get(args);
    if (!prepared) throw new Error('subscription was not prepared');
    const { source, operation, socket, id } = prepared;
    const head = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
    let stopped = false;
    const highWater = this.highWater;
    const log = this.options.log;
    const takeReady = (source as Partial<BatchSource>).takeReady?.bind(source);
    // The socket's TCP stream: a burst of frames is written corked, one system call for all of them.
    const stream = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    const run = async (): Promise<IteratorResult<ExecutionResult>> => {
      try {
        while (!stopped) {
          const next = await source.next();
          if (next.done || stopped || socket.readyState !== WebSocket.OPEN) break;
          // The event that woke us, and whatever follows it without waiting (a burst), written together.
          const events = takeReady ? [next.value, ...takeReady()] : [next.value];
          const payloads: Buffer[] = [];
          for (const event of events) {
            const shared = this.shared.payload(event as object, operation, args.contextValue);
            payloads.push(shared instanceof Buffer ? shared : await shared);
          }
          const frames = envelopes(head, payloads);
          if (stopped || socket.readyState !== WebSocket.OPEN) break;
          const last = frames.length - 1;
          let flushed: () => void = () => undefined;
          const written = new Promise<void>((resolve) => (flushed = resolve));
          stream?.cork();
          frames.forEach((frame, i) =>
            socket.send(frame, { binary: false }, i === last ? () => flushed() : undefined),
          );
          stream?.uncork();
          // A slow reader: wait until this burst reached the kernel before taking more (memory stays bounded).
          if (socket.bufferedAmount > highWater) await written;
        }
      } catch (error) {
        log?.warn(`subscription ${id} failed: ${error instanceof Error ? error.message : String(error)}`);
        await source.return?.();
        throw new GraphQLError('Internal server error.', { extensions: { code: 'INTERNAL' } });
      }
      await source.return?.();
      return { done: true, value: undefined };
    };
    let running: Promise<IteratorResult<ExecutionResult>> | undefined;
    const generator: Required<AsyncIterableIterator<ExecutionResult>> = {
      next: () => (running ??= run()),
      return: async () => {
        stopped = true;
        await source.return?.();
        return { done: true, value: undefined };
      },
      throw: async (error: unknown) => {
        stopped = true;
        await source.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return generator;
      },
    };
    return generator;
  }
}

/**
 * `head + payload + }` for each payload, cut from one allocation (a copy per frame is cheap, an allocation per
 * frame per subscriber is not: it was most of the fan-out's cost besides the system calls).
 */
function envelopes(head: Buffer, payloads: readonly Buffer[]): Buffer[] {
  let total = 0;
  for (const payload of payloads) total += head.length + payload.length + TAIL.length;
  const block = Buffer.allocUnsafe(total);
  const frames: Buffer[] = [];
  let at = 0;
  for (const payload of payloads) {
    const start = at;
    at += head.copy(block, at);
    at += payload.copy(block, at);
    at += TAIL.copy(block, at);
    frames.push(block.subarray(start, at));
  }
  return frames;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] === 'function';
}
