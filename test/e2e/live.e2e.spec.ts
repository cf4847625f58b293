// The WebSocket endpoint of the built api (real Postgres and Redis): an access token that expires ends its
// connection (close 4401), a fresh token resumes from the last version received with nothing lost; many
// subscribers of one sandbox get the same bytes in the same order.
import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  type RunningProcess,
  ensureTestDatabase,
  freePort,
  startApp,
  waitFor,
  waitForHealth,
} from './support/apps';
import { GraphQLClient, Subscription, describe as describeErrors } from './support/sandbox-client';

const TOKEN_TTL_SECONDS = 5;
const EVENTS = `subscription ($id: ID!, $after: Int!) {
  sandboxEvents(sandboxId: $id, afterVersion: $after) { version type }
}`;
const ADVANCE = `mutation ($id: ID!, $d: String!) { advanceClock(sandboxId: $id, duration: $d) { version } }`;

interface Session {
  accessToken: string;
  refreshToken: string;
}

describe('live updates over the built api', () => {
  let api: RunningProcess;
  let anonymous: GraphQLClient;
  const sockets: Client[] = [];

  beforeAll(async () => {
    ensureTestDatabase();
    const port = await freePort();
    api = startApp('api', {
      PORT: String(port),
      QUEUE_PREFIX: `podlab-e2e-live-${randomUUID().slice(0, 8)}`,
      SHUTDOWN_TIMEOUT_MS: '1000',
      ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
    });
    anonymous = new GraphQLClient(`http://127.0.0.1:${port}`);
    await waitForHealth(anonymous.baseUrl, api);
  });

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await api?.stop('SIGTERM');
  });

  async function signUp(): Promise<Session> {
    const { signUp } = await anonymous.request<{ signUp: Session }>(
      `mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken refreshToken } }`,
      { email: `live-${randomUUID()}@example.test`, password: 'correct horse battery' },
    );
    return signUp;
  }

  function subscribe(client: GraphQLClient, id: string, after: number) {
    const socket = client.websocket();
    sockets.push(socket);
    return new Subscription(
      socket,
      EVENTS,
      { id, after },
      (data) => (data as { sandboxEvents: { version: number } }).sandboxEvents.version,
    );
  }

  it('ends the subscription when its access token expires (4401); a fresh token resumes without a gap', async () => {
    const session = await signUp();
    const learner = anonymous.withToken(session.accessToken);
    const { createSandbox } = await learner.request<{ createSandbox: { id: string; version: number } }>(
      'mutation { createSandbox(input: { clock: STEPPED, nodes: 1 }) { id version } }',
    );
    const id = createSandbox.id;
    const live = subscribe(learner, id, 0);
    await live.until('the replay', (versions) => versions.length === createSandbox.version);

    // The token runs out while the subscription is open: the server closes the connection.
    const closed = await waitFor(
      'the connection to close',
      () => (live.errors.length > 0 ? live.errors[0] : undefined),
      { timeoutMs: (TOKEN_TTL_SECONDS + 30) * 1000 },
    );
    expect(closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/i) });
    expect(live.items).toEqual(Array.from({ length: createSandbox.version }, (_, i) => i + 1));

    // Meanwhile the sandbox moved on; the expired token opens nothing, a refreshed one resumes from the last version.
    const { refreshToken } = await anonymous.request<{ refreshToken: Session }>(
      'mutation ($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken } }',
      { token: session.refreshToken },
    );
    const fresh = anonymous.withToken(refreshToken.accessToken);
    const { advanceClock } = await fresh.request<{ advanceClock: { version: number } }>(ADVANCE, {
      id,
      d: '30s',
    });
    const stale = subscribe(learner, id, live.items.length);
    // Refused: 4401 while the verifier's clock tolerance still takes the token, 4403 once it does not.
    expect(describeErrors(await stale.refused())).toMatch(/^close (4401|4403) /);
    expect(stale.items).toEqual([]);
    const resumed = subscribe(fresh, id, live.items.length);
    await resumed.until('the rest', (versions) => versions.at(-1) === advanceClock.version);
    expect([...live.items, ...resumed.items]).toEqual(
      Array.from({ length: advanceClock.version }, (_, i) => i + 1),
    );
  }, 90_000);

  it('sends every subscriber of a sandbox the same bytes, in order', async () => {
    const session = await signUp();
    const learner = anonymous.withToken(session.accessToken);
    const { createSandbox } = await learner.request<{ createSandbox: { id: string; version: number } }>(
      'mutation { createSandbox(input: { clock: STEPPED, nodes: 1 }) { id version } }',
    );
    const id = createSandbox.id;
    const url = `${anonymous.baseUrl.replace(/^http/, 'ws')}/graphql`;
    const head = createSandbox.version;
    // Raw graphql-transport-ws clients, so the bytes on the wire can be compared.
    const received = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const ws = new WebSocket(url, 'graphql-transport-ws');
        const messages: string[] = [];
        ws.on('message', (data) => messages.push(String(data)));
        await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
        ws.send(
          JSON.stringify({
            type: 'connection_init',
            payload: { authorization: `Bearer ${session.accessToken}` },
          }),
        );
        await waitFor('ack', () => (messages.includes('{"type":"connection_ack"}') ? true : undefined));
        ws.send(
          JSON.stringify({
            id: 'same',
            type: 'subscribe',
            payload: { query: EVENTS, variables: { id, after: head } },
          }),
        );
        return { ws, messages };
      }),
    );
    // Events committed before a subscription listens are replayed from the store: nothing to wait for.
    const { advanceClock } = await learner.request<{ advanceClock: { version: number } }>(ADVANCE, {
      id,
      d: '30s',
    });
    const expected = advanceClock.version - head;
    await waitFor('every event to every socket', () =>
      received.every((r) => r.messages.length === expected + 1) ? true : undefined,
    );
    const first = received[0]!.messages;
    for (const r of received) expect(r.messages).toEqual(first);
    expect(
      first
        .slice(1)
        .map(
          (m) =>
            (JSON.parse(m) as { payload: { data: { sandboxEvents: { version: number } } } }).payload.data
              .sandboxEvents.version,
        ),
    ).toEqual(Array.from({ length: expected }, (_, i) => head + i + 1));
    for (const r of received) r.ws.close();
  });
});
