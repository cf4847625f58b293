// Live events are executed and serialised once per process, not once per subscriber: every subscriber of a sandbox
// receives the same event object (one per message, see redis-fanout.ts and the resolver), so the GraphQL result of
// that object for a given selection is computed once, formatted once, turned into JSON bytes once, and the same
// bytes go to every socket. The cache is keyed by the event object (a WeakMap: it lives as long as the message) and
// by the operation's shape: what the root field selects, never the root field's arguments (they choose the stream,
// which the access check and the feed already decided, not the shape of an event).
//
// A field below the subscription's root must therefore not depend on the caller: the result of one subscriber's
// execution is shared with every subscriber that selected the same fields. SandboxEvent's fields are plain data.
import {
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  execute,
  print,
  visit,
} from 'graphql';

/** What a subscription's events are executed with: its document and variables, and the key of its shape. */
export interface PreparedOperation {
  readonly document: DocumentNode;
  readonly operationName: string | null | undefined;
  readonly variableValues: Record<string, unknown> | null | undefined;
  /** Operations with equal keys give equal results for the same event. */
  readonly key: string;
}

/** The key of an operation's shape: the root field without its arguments, the fragments, and the variables they use. */
export function prepareOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variableValues: Record<string, unknown> | null | undefined,
): PreparedOperation {
  const operationName = operation.name?.value;
  const [root, ...others] = operation.selectionSet.selections;
  if (!root || others.length > 0 || root.kind !== Kind.FIELD) {
    // Not the usual single plain root field (e.g. a fragment at the root): a key of its own, never shared wrongly.
    return {
      document,
      operationName,
      variableValues,
      key: `${print(document)}\n${JSON.stringify(variableValues ?? {})}`,
    };
  }
  const shape: FieldNode = { ...root, arguments: [] };
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const used = new Set<string>();
  for (const node of [shape, ...fragments]) {
    visit(node, {
      Variable(variable) {
        used.add(variable.name.value);
      },
    });
  }
  const values = [...used].sort().map((name) => [name, variableValues?.[name] ?? null]);
  const key = [print(shape), ...fragments.map((f) => print(f)), JSON.stringify(values)].join('\n');
  return { document, operationName, variableValues, key };
}

/** Turns an execution result into what goes on the wire (stable error codes, no internals). */
export type FormatResult = (result: ExecutionResult) => unknown;

export interface SharedExecutionStats {
  /** GraphQL executions of an event (one per event and operation shape). */
  readonly executions: number;
  /** JSON serialisations of an execution result (one per execution). */
  readonly serialisations: number;
  /** Payloads handed out (one per subscriber and event). */
  readonly deliveries: number;
}

export class SharedExecution {
  private readonly cache = new WeakMap<object, Map<string, Buffer | Promise<Buffer>>>();
  private counts = { executions: 0, serialisations: 0, deliveries: 0 };

  constructor(
    private readonly schema: () => GraphQLSchema,
    private readonly format: FormatResult,
  ) {}

  get stats(): SharedExecutionStats {
    return { ...this.counts };
  }

  /**
   * The `payload` of a graphql-ws `next` message for this event and operation, as JSON bytes. The first caller
   * executes (with its context); the others, concurrent or later, get the same bytes: the Buffer itself once it
   * exists (no promise round trip per subscriber), the pending execution before.
   */
  payload(event: object, operation: PreparedOperation, contextValue: unknown): Buffer | Promise<Buffer> {
    this.counts.deliveries++;
    let byShape = this.cache.get(event);
    if (!byShape) this.cache.set(event, (byShape = new Map()));
    let bytes = byShape.get(operation.key);
    if (!bytes) {
      const shapes = byShape;
      bytes = this.run(event, operation, contextValue).then((done) => {
        shapes.set(operation.key, done);
        return done;
      });
      shapes.set(operation.key, bytes);
    }
    return bytes;
  }

  private async run(event: object, operation: PreparedOperation, contextValue: unknown): Promise<Buffer> {
    this.counts.executions++;
    const result = await execute({
      schema: this.schema(),
      document: operation.document,
      operationName: operation.operationName,
      variableValues: operation.variableValues,
      rootValue: event,
      contextValue,
    });
    this.counts.serialisations++;
    return Buffer.from(JSON.stringify(this.format(result)));
  }
}
