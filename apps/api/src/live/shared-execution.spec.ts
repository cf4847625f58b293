import { GraphQLError, type OperationDefinitionNode, buildSchema, parse } from 'graphql';
import { SharedExecution, prepareOperation } from './shared-execution';

interface Event {
  version: number;
  data: string;
}

function setup() {
  const schema = buildSchema(`
    type Query { ok: Boolean }
    type Event { version: Int! data: String secret: String }
    type Subscription { events(sandboxId: ID!, after: Int): Event }
  `);
  const resolved = { data: 0, secret: 0 };
  const eventType = schema.getType('Event') as unknown as {
    getFields(): Record<string, { resolve?: (e: Event) => unknown }>;
  };
  const fields = eventType.getFields();
  fields['data']!.resolve = (e) => (resolved.data++, e.data);
  fields['secret']!.resolve = () => {
    resolved.secret++;
    throw new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } });
  };
  const subscription = schema.getSubscriptionType()!.getFields()['events']!;
  subscription.resolve = (event: Event) => event;
  const stringified: string[] = [];
  const shared = new SharedExecution(
    () => schema,
    (result) => {
      stringified.push('formatted');
      return result.errors
        ? {
            data: result.data,
            errors: result.errors.map((e) => ({ message: e.message, code: e.extensions['code'] })),
          }
        : result;
    },
  );
  return { shared, resolved, stringified };
}

function prepared(query: string, variables: Record<string, unknown>) {
  const document = parse(query);
  const operation = document.definitions[0] as OperationDefinitionNode;
  return prepareOperation(document, operation, variables);
}

const QUERY =
  'subscription ($id: ID!, $after: Int) { events(sandboxId: $id, after: $after) { version data } }';

describe('SharedExecution', () => {
  it('executes and serialises an event once for any number of subscribers of the same selection', async () => {
    const { shared, resolved } = setup();
    const events: Event[] = [1, 2, 3].map((version) => ({ version, data: `payload-${version}` }));
    // 100 subscribers, each with its own arguments (sandbox id and resume point), the same selection.
    const subscribers = Array.from({ length: 100 }, (_, i) => prepared(QUERY, { id: 'sandbox-1', after: i }));
    const received: string[][] = subscribers.map(() => []);
    for (const event of events) {
      const payloads = await Promise.all(
        subscribers.map(async (op) => shared.payload(event, op, { user: 'u' })),
      );
      payloads.forEach((bytes, i) => received[i]!.push(bytes.toString()));
      // The very same bytes for everyone, not equal copies.
      expect(new Set(payloads).size).toBe(1);
    }
    expect(resolved.data).toBe(3);
    expect(shared.stats).toEqual({ executions: 3, serialisations: 3, deliveries: 300 });
    expect(JSON.parse(received[99]![2]!)).toEqual({ data: { events: { version: 3, data: 'payload-3' } } });
  });

  it('executes once per distinct selection, and keys by what the selection uses', async () => {
    const { shared, resolved } = setup();
    const event: Event = { version: 1, data: 'x' };
    const full = prepared(QUERY, { id: 'a', after: 0 });
    const versionOnly = prepared('subscription ($id: ID!) { events(sandboxId: $id) { version } }', {
      id: 'a',
    });
    const aliased = prepared('subscription { e: events(sandboxId: "a") { version data } }', {});
    const withSkip = (skip: boolean) =>
      prepared(
        'subscription ($id: ID!, $skip: Boolean!) { events(sandboxId: $id) { version data @skip(if: $skip) } }',
        { id: 'a', skip },
      );
    const outputs = await Promise.all(
      [full, versionOnly, aliased, withSkip(true), withSkip(false), withSkip(true)].map(async (op) =>
        shared.payload(event, op, {}),
      ),
    );
    expect(outputs.map((b) => JSON.parse(b.toString()))).toEqual([
      { data: { events: { version: 1, data: 'x' } } },
      { data: { events: { version: 1 } } },
      { data: { e: { version: 1, data: 'x' } } },
      { data: { events: { version: 1 } } },
      { data: { events: { version: 1, data: 'x' } } },
      { data: { events: { version: 1 } } },
    ]);
    expect(shared.stats.executions).toBe(5);
    expect(resolved.data).toBe(3);
  });

  it('formats errors once too (stable codes), and a new event object is executed again', async () => {
    const { shared, resolved, stringified } = setup();
    const op = prepared('subscription { events(sandboxId: "a") { version secret } }', {});
    const first = { version: 1, data: 'x' };
    const [a, b] = await Promise.all([shared.payload(first, op, {}), shared.payload(first, op, {})]);
    // Once executed, the bytes come back as they are (no promise per subscriber).
    expect(shared.payload(first, op, {})).toBe(a);
    expect(a).toBe(b);
    expect(JSON.parse(a.toString())).toEqual({
      data: { events: { version: 1, secret: null } },
      errors: [{ message: 'no', code: 'FORBIDDEN' }],
    });
    await shared.payload({ version: 2, data: 'y' }, op, {});
    expect(resolved.secret).toBe(2);
    expect(stringified).toHaveLength(2);
  });
});
