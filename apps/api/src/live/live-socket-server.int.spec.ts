// The WebSocket endpoint over real sockets (loopback), with a plain graphql-js schema standing in for the Nest one:
// N subscribers of one stream get every event in order from one execution and one serialisation per event; a
// foreign subscription gets an error and nothing else; no token, no connection; an expiring token ends it (4401).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError, buildSchema } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { LiveSocketServer } from './live-socket-server';

interface Event {
  readonly version: number;
  readonly data: string;
}

/** One object per event for every listener, like the Redis fan-out. */
class Hub {
  readonly listeners = new Set<(event: Event) => void>();
  publish(event: Event): void {
    for (const listener of this.listeners) listener(event);
  }
  stream(after: number): AsyncIterableIterator<Event> {
    const queue: Event[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const listener = (event: Event) => {
      if (event.version > after) queue.push(event);
      wake?.();
    };
    this.listeners.add(listener);
    const iterator: AsyncIterableIterator<Event> = {
      next: async () => {
        while (!done && queue.length === 0) await new Promise<void>((r) => (wake = r));
        const value = queue.shift();
        return value && !done ? { done: false, value } : { done: true, value: undefined };
      },
      return: async () => {
        done = true;
        this.listeners.delete(listener);
        wake?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Event { version: Int! data: String }
  type Subscription { events(sandboxId: ID!, after: Int): Event }
`);
const hub = new Hub();
let dataResolved = 0;
const eventFields = (
  schema.getType('Event') as unknown as {
    getFields(): Record<string, { resolve?: (e: Event) => unknown }>;
  }
).getFields();
eventFields['data']!.resolve = (event) => (dataResolved++, event.data);
const events = schema.getSubscriptionType()!.getFields()['events']!;
events.subscribe = (_root, args: { sandboxId: string; after?: number }, context: { user: string }) => {
  // The access check: only "mine" belongs to alice; anything else answers like a missing sandbox.
  if (args.sandboxId !== 'mine' || context.user !== 'alice')
    throw new GraphQLError('Sandbox not found.', { extensions: { code: 'NOT_FOUND' } });
  return hub.stream(args.after ?? 0);
};
events.resolve = (event: Event) => event;

const QUERY =
  'subscription ($id: ID!, $after: Int) { events(sandboxId: $id, after: $after) { version data } }';

describe('LiveSocketServer (real sockets)', () => {
  let http: Server;
  let live: LiveSocketServer<string>;
  let url: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    live = new LiveSocketServer<string>({
      schema: () => schema,
      authenticate: async (params) => {
        const token = params?.['authorization'];
        if (token === 'Bearer alice') return { user: 'alice', expiresAt: new Date(Date.now() + 3_600_000) };
        if (token === 'Bearer mallory')
          return { user: 'mallory', expiresAt: new Date(Date.now() + 3_600_000) };
        if (token === 'Bearer short-lived') return { user: 'alice', expiresAt: new Date(Date.now() + 1_000) };
        // Accepted by a verifier with clock tolerance, but past its expiry.
        if (token === 'Bearer just-expired')
          return { user: 'alice', expiresAt: new Date(Date.now() - 1_000) };
        return null;
      },
      context: (user) => ({ user }),
      validationRules: [],
      maxTokens: 1000,
      format: (result) => ({
        data: result.data ?? null,
        errors: (result.errors ?? []).map((e) => ({
          message: e.message,
          extensions: { code: e.extensions['code'] ?? 'INTERNAL' },
        })),
      }),
    });
    http = createServer();
    live.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await live.close();
    await new Promise((resolve) => http.close(resolve));
  });

  function client(token?: string): Client {
    const c = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      ...(token ? { connectionParams: { authorization: `Bearer ${token}` } } : {}),
    });
    clients.push(c);
    return c;
  }

  interface Outcome {
    items: unknown[];
    errors: unknown[];
    completed: boolean;
  }

  function subscribe(c: Client, query: string, variables: Record<string, unknown> = {}): Outcome {
    const outcome: Outcome = { items: [], errors: [], completed: false };
    c.subscribe(
      { query, variables },
      {
        next: (value) => outcome.items.push(value),
        error: (error) => outcome.errors.push(error),
        complete: () => (outcome.completed = true),
      },
    );
    return outcome;
  }

  async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('delivers every event in order to N subscribers from one execution and one serialisation per event', async () => {
    const N = 50;
    const stringify = jest.spyOn(JSON, 'stringify');
    const subscribers = Array.from({ length: N }, (_, i) =>
      subscribe(client('alice'), QUERY, { id: 'mine', after: -i }),
    );
    await until('every subscriber to listen', () => hub.listeners.size === N);
    const before = { ...live.shared.stats, data: dataResolved };
    const published = [1, 2, 3, 4, 5].map((version) => ({ version, data: `event-data-${version}-unique` }));
    for (const event of published) hub.publish(event);
    await until('every event everywhere', () => subscribers.every((s) => s.items.length === 5));

    const expected = published.map((e) => ({ data: { events: e } }));
    for (const s of subscribers) expect(s).toEqual({ items: expected, errors: [], completed: false });
    expect(dataResolved - before.data).toBe(5);
    expect(live.shared.stats.executions - before.executions).toBe(5);
    expect(live.shared.stats.serialisations - before.serialisations).toBe(5);
    expect(live.shared.stats.deliveries - before.deliveries).toBe(5 * N);
    // Nothing else in the process turned an event into JSON (the clients only parse).
    const serialisedEvents = stringify.mock.results.filter(
      (r) => typeof r.value === 'string' && r.value.includes('-unique'),
    );
    expect(serialisedEvents).toHaveLength(5);
    stringify.mockRestore();
  });

  it('a foreign subscriber gets NOT_FOUND and nothing, while the owner goes on receiving', async () => {
    const before = hub.listeners.size;
    const owner = subscribe(client('alice'), QUERY, { id: 'mine', after: 5 });
    await until('the owner to listen', () => hub.listeners.size === before + 1);
    const listening = hub.listeners.size;
    const foreign = subscribe(client('mallory'), QUERY, { id: 'mine', after: 0 });
    const missing = subscribe(client('alice'), QUERY, { id: 'made-up', after: 0 });
    await until('both refusals', () => foreign.errors.length > 0 && missing.errors.length > 0);
    hub.publish({ version: 6, data: 'after the refusal' });
    await until('the owner to receive', () => owner.items.length === 1);
    expect(foreign.items).toEqual([]);
    expect(foreign.errors).toEqual([[expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })]]);
    expect(missing.errors).toEqual(foreign.errors);
    expect(hub.listeners.size).toBe(listening);
  });

  it('refuses a connection without a valid token (4403), and queries over the socket', async () => {
    const anonymous = subscribe(client(), QUERY, { id: 'mine' });
    const forged = subscribe(client('forged'), QUERY, { id: 'mine' });
    await until('both refused', () => anonymous.errors.length > 0 && forged.errors.length > 0);
    expect((anonymous.errors[0] as { code: number }).code).toBe(4403);
    expect((forged.errors[0] as { code: number }).code).toBe(4403);
    const query = subscribe(client('alice'), '{ ok }');
    await until('the query to be refused', () => query.errors.length > 0);
    expect(query.errors).toEqual([[expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]]);
    const invalid = subscribe(client('alice'), 'subscription { events(sandboxId: "mine") { nope } }');
    await until('the invalid document to be refused', () => invalid.errors.length > 0);
    expect(invalid.items).toEqual([]);
  });

  it('closes the connection with 4401 when its access token expires, ending its subscriptions', async () => {
    const listening = hub.listeners.size;
    const expiring = subscribe(client('short-lived'), QUERY, { id: 'mine', after: 6 });
    await until('the subscription to listen', () => hub.listeners.size === listening + 1);
    await until('the token to expire', () => expiring.errors.length > 0);
    expect(expiring.errors[0]).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
    await until('the subscription to stop', () => hub.listeners.size === listening);
    hub.publish({ version: 7, data: 'after expiry' });
    expect(expiring.items).toEqual([]);

    const expired = subscribe(client('just-expired'), QUERY, { id: 'mine', after: 7 });
    await until('the expired token to be refused', () => expired.errors.length > 0);
    expect(expired.errors[0]).toMatchObject({ code: 4401 });
    expect(expired.items).toEqual([]);
    expect(hub.listeners.size).toBe(listening);
  });
});
