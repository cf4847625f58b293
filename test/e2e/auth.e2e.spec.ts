// Accounts, guards and hardening of the BUILT api against real Postgres and Redis: sign-up, log-in, `me`, refresh
// rotation, the first admin from configuration, JWT attacks, every root field refusing anonymous callers, hostile
// GraphQL (R10) refused before any resolver runs, introspection off and per-user rate limits in production mode.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { type RunningProcess, ensureTestDatabase, freePort, startApp, waitFor } from './support/apps';
import { type GraphqlResponse, codes, graphql, introspect, rootFields } from './support/graphql';

// The only root fields open to anonymous callers; adding a field to this list is a security decision.
const PUBLIC_FIELDS = new Set(['query.health', 'mutation.signUp', 'mutation.logIn', 'mutation.refreshToken']);
// Root fields whose `id` argument is not a sandbox id: an exercise file's id (public content), a cohort's id (its
// own walk below).
const NOT_SANDBOX_IDS = new Set(['query.exercise', 'query.cohort']);
const COHORT_IDS = new Set(['query.cohort']);
const PASSWORD = 'a long password';
const SECRET = `e2e-secret-${randomUUID()}`;
const PRODUCTION_SECRET = `e2e-production-secret-${randomUUID()}`;
const PRODUCTION_RATE_LIMIT = 6;

const email = (label: string) => `${label}-${randomUUID()}@example.com`;
const AUTH_FIELDS = 'accessToken refreshToken user { id email role createdAt }';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; role: string; createdAt: string };
}

function expectNoLeak(response: GraphqlResponse<unknown>): void {
  expect(response.text).not.toMatch(/\bat .+\.(js|ts):\d+/);
  expect(response.text).not.toMatch(/stack|prisma|postgres|SELECT /i);
  for (const error of response.errors) expect(typeof error.extensions?.code).toBe('string');
}

describe('accounts and hardening of the built api', () => {
  const prefix = `podlab-e2e-auth-${randomUUID().slice(0, 8)}`;
  const adminEmail = email('admin');
  let api: RunningProcess;
  let production: RunningProcess;
  let baseUrl: string;
  let productionUrl: string;

  beforeAll(async () => {
    ensureTestDatabase();
    const [port, productionPort] = [await freePort(), await freePort()];
    baseUrl = `http://127.0.0.1:${port}`;
    productionUrl = `http://127.0.0.1:${productionPort}`;
    api = startApp('api', {
      PORT: String(port),
      QUEUE_PREFIX: prefix,
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'the admin password',
      JWT_SECRET: SECRET,
      RATE_LIMIT_MAX: '100000',
    });
    production = startApp('api', {
      NODE_ENV: 'production',
      PORT: String(productionPort),
      QUEUE_PREFIX: `${prefix}-production`,
      JWT_SECRET: PRODUCTION_SECRET,
      RATE_LIMIT_MAX: String(PRODUCTION_RATE_LIMIT),
      RATE_LIMIT_WINDOW_MS: '600000',
    });
    await Promise.all([healthy(baseUrl, api), healthy(productionUrl, production)]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), production?.stop()]);
  });

  async function signUp(address = email('learner'), url = baseUrl): Promise<Session> {
    const response = await graphql<{ signUp: Session }>(
      url,
      `mutation($email: String!, $password: String!) { signUp(email: $email, password: $password) { ${AUTH_FIELDS} } }`,
      { variables: { email: address, password: PASSWORD } },
    );
    if (!response.data?.signUp) throw new Error(`signUp failed: ${response.text}`);
    return response.data.signUp;
  }

  const logIn = (address: string, password: string) =>
    graphql<{ logIn: Session }>(
      baseUrl,
      `mutation($email: String!, $password: String!) { logIn(email: $email, password: $password) { ${AUTH_FIELDS} } }`,
      { variables: { email: address, password } },
    );

  const refresh = (refreshToken: string) =>
    graphql<{ refreshToken: Session }>(
      baseUrl,
      `mutation($token: String!) { refreshToken(refreshToken: $token) { ${AUTH_FIELDS} } }`,
      { variables: { token: refreshToken } },
    );

  const me = (token?: string, url = baseUrl) =>
    graphql<{ me: Session['user'] }>(url, '{ me { id email role } }', token === undefined ? {} : { token });

  describe('accounts', () => {
    it('signs up a learner, logs in whatever the email case, and answers me', async () => {
      const address = email('Learner');
      const session = await signUp(address);
      expect(session.user).toMatchObject({ email: address.toLowerCase(), role: 'LEARNER' });
      const loggedIn = await logIn(address.toUpperCase(), PASSWORD);
      expect(loggedIn.data?.logIn.user.id).toBe(session.user.id);
      const mine = await me(loggedIn.data?.logIn.accessToken);
      expect(mine.data?.me).toEqual({ id: session.user.id, email: address.toLowerCase(), role: 'LEARNER' });
    });

    it('refuses a wrong password, an unknown email and a taken email with stable codes', async () => {
      const session = await signUp();
      const wrong = await logIn(session.user.email, 'not the password');
      expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
      const unknown = await logIn(email('nobody'), PASSWORD);
      expect(unknown.errors[0]?.message).toBe(wrong.errors[0]?.message);
      const taken = await graphql(
        baseUrl,
        `mutation { signUp(email: "${session.user.email}", password: "${PASSWORD}") { accessToken } }`,
      );
      expect(codes(taken)).toEqual(['BAD_USER_INPUT']);
      expectNoLeak(taken);
    });

    it('validates input with clear BAD_USER_INPUT errors naming the fields', async () => {
      const response = await graphql(
        baseUrl,
        'mutation { signUp(email: "not-an-email", password: "short") { accessToken } }',
      );
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors[0]?.extensions?.['fields']).toEqual([
        { field: 'email', messages: ['email must be an email address'] },
        { field: 'password', messages: ['password must be 10 to 128 characters long'] },
      ]);
    });

    it('rotates refresh tokens: the new pair works, the old token is refused and its reuse ends the session', async () => {
      const session = await signUp();
      const rotated = await refresh(session.refreshToken);
      const next = rotated.data?.refreshToken;
      expect(next?.user.id).toBe(session.user.id);
      expect(next?.refreshToken).not.toBe(session.refreshToken);
      expect((await me(next?.accessToken)).data?.me.id).toBe(session.user.id);

      expect(codes(await refresh(session.refreshToken))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await refresh(next?.refreshToken ?? ''))).toEqual(['UNAUTHENTICATED']);
    });

    it('creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD', async () => {
      const admin = await logIn(adminEmail, 'the admin password');
      expect(admin.data?.logIn.user.role).toBe('ADMIN');
    });
  });

  describe('JWT attacks (R11)', () => {
    let session: Session;
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = (overrides: Record<string, unknown> = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return {
        sub: session.user.id,
        role: 'ADMIN',
        iss: 'podlab',
        aud: 'podlab-api',
        iat: now,
        exp: now + 600,
        jti: randomUUID(),
        ...overrides,
      };
    };
    const hs256 = (secret: string, payload: Record<string, unknown>, typ = 'at+jwt') =>
      new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ }).sign(new TextEncoder().encode(secret));

    beforeAll(async () => {
      session = await signUp();
    });

    it.each([
      ['alg none', async () => `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims())}.`],
      [
        'RS256 (algorithm confusion)',
        async () => {
          const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
          return new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' }).sign(privateKey);
        },
      ],
      [
        'HS256 keyed with a public key (algorithm confusion)',
        async () => {
          const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
          return hs256(publicKey.export({ type: 'spki', format: 'pem' }).toString(), claims());
        },
      ],
      ['expired', async () => hs256(SECRET, claims({ iat: 1_700_000_000, exp: 1_700_000_900 }))],
      [
        'tampered (role raised, signature kept)',
        async () => {
          const [header, , signature] = session.accessToken.split('.');
          return `${header}.${b64(claims({ role: 'ADMIN' }))}.${signature}`;
        },
      ],
      ['wrong issuer', async () => hs256(SECRET, claims({ iss: 'someone-else' }))],
      ['wrong audience', async () => hs256(SECRET, claims({ aud: 'another-api' }))],
      ['a refresh token', async () => session.refreshToken],
      ['another secret', async () => hs256(PRODUCTION_SECRET, claims())],
    ])('refuses %s with UNAUTHENTICATED', async (_name, forge) => {
      const response = await me(await forge());
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.data).toBeNull();
      expectNoLeak(response);
    });

    it('accepts a well-formed token signed with the server secret (the forgeries above differ only in the attack)', async () => {
      expect((await me(await hs256(SECRET, claims({ role: 'LEARNER' })))).data?.me.id).toBe(session.user.id);
    });
  });

  describe('every root field refuses anonymous callers', () => {
    it('walks the introspected schema: each non-public query and mutation answers UNAUTHENTICATED', async () => {
      const fields = rootFields(await introspect(baseUrl)).filter(
        (root) => root.operation !== 'subscription',
      );
      expect(fields.length).toBeGreaterThanOrEqual(PUBLIC_FIELDS.size + 1);
      const guarded: string[] = [];
      for (const { operation, field, document } of fields) {
        const key = `${operation}.${field.name}`;
        if (PUBLIC_FIELDS.has(key)) continue;
        for (const token of [undefined, 'garbage', `${session()}`]) {
          const response = await graphql(baseUrl, document, token === undefined ? {} : { token });
          expect({ key, token, codes: codes(response) }).toEqual({ key, token, codes: ['UNAUTHENTICATED'] });
          expect({
            key,
            data: (response.data as Record<string, unknown> | null)?.[field.name] ?? null,
          }).toEqual({ key, data: null });
        }
        guarded.push(key);
      }
      expect(guarded).toContain('query.me');
      // The cohort operations (issue #6) are among the guarded fields walked above.
      expect(guarded).toEqual(
        expect.arrayContaining([
          'query.cohort',
          'query.myCohorts',
          'query.cohortReport',
          'mutation.createCohort',
          'mutation.joinCohort',
          'mutation.assignExercise',
        ]),
      );
      // Every field is either public by decision or guarded; nothing in between.
      expect(fields.map((root) => `${root.operation}.${root.field.name}`).sort()).toEqual(
        [
          ...guarded,
          ...fields
            .map((root) => `${root.operation}.${root.field.name}`)
            .filter((key) => PUBLIC_FIELDS.has(key)),
        ].sort(),
      );

      function session(): string {
        // A token for a user that was never stored, signed with another secret: still anonymous.
        return `${b64url({ alg: 'HS256', typ: 'at+jwt' })}.${b64url({ sub: randomUUID(), role: 'ADMIN' })}.c2lnbmF0dXJl`;
      }
    });

    it('walks the subscriptions too: an anonymous WebSocket client never receives an event', async () => {
      const subscriptions = rootFields(await introspect(baseUrl)).filter(
        (root) => root.operation === 'subscription',
      );
      for (const { document } of subscriptions) {
        const outcome = await anonymousSubscription(`${baseUrl.replace('http', 'ws')}/graphql`, document);
        expect({ document, outcome }).toEqual({
          document,
          outcome: expect.stringMatching(/^(refused|UNAUTHENTICATED)/),
        });
      }
    });
  });

  describe('every sandbox operation refuses a foreign caller (R11)', () => {
    it('walks the schema: each field taking a sandbox id answers NOT_FOUND to another learner, and changes nothing', async () => {
      const [owner, stranger] = [await signUp(), await signUp()];
      const created = await graphql<{ createSandbox: { id: string; version: number } }>(
        baseUrl,
        'mutation { createSandbox(input: { clock: STEPPED }) { id version } }',
        { token: owner.accessToken },
      );
      const sandbox = created.data?.createSandbox;
      if (!sandbox) throw new Error(`createSandbox failed: ${created.text}`);
      const state = async () =>
        (
          await graphql(baseUrl, `{ sandbox(id: "${sandbox.id}") { version deleted } }`, {
            token: owner.accessToken,
          })
        ).text;
      const before = await state();

      const targets = rootFields(await introspect(baseUrl)).filter(({ operation, field }) =>
        field.args.some(
          (arg) =>
            (arg.name === 'sandboxId' ||
              (arg.name === 'id' && !NOT_SANDBOX_IDS.has(`${operation}.${field.name}`))) &&
            arg.type.kind === 'NON_NULL',
        ),
      );
      expect(targets.length).toBeGreaterThan(0);
      for (const { operation, field, document } of targets) {
        // Placeholders that pass input validation, so the answer is the access decision itself.
        const valid = document
          .replace(/^(query \{ sandboxAt\([^)]*)\)/, '$1, version: 1)') // exactly one of version and time
          .replace('duration: "x"', 'duration: "10s"');
        const key = `${operation}.${field.name}`;
        const outcome = async (sandboxId: string) => {
          const query = valid.replace('"00000000-0000-4000-8000-000000000000"', `"${sandboxId}"`);
          return operation === 'subscription'
            ? subscriptionOutcome(`${baseUrl.replace('http', 'ws')}/graphql`, query, stranger.accessToken)
            : codes(await graphql(baseUrl, query, { token: stranger.accessToken })).join(',');
        };
        const [foreign, missing] = [await outcome(sandbox.id), await outcome(randomUUID())];
        // A foreign sandbox is indistinguishable from one that does not exist.
        expect({ key, foreign }).toEqual({ key, foreign: missing });
        expect({ key, foreign }).toEqual({ key, foreign: 'NOT_FOUND' });
      }
      expect(await state()).toBe(before);
    });

    it('walks the schema: each field taking a cohort id answers NOT_FOUND to a stranger, and changes nothing', async () => {
      const admin = (await logIn(adminEmail, 'the admin password')).data?.logIn;
      if (!admin) throw new Error('the admin could not log in');
      const stranger = await signUp();
      const created = await graphql<{ createCohort: { id: string } }>(
        baseUrl,
        'mutation { createCohort(name: "walked") { id } }',
        { token: admin.accessToken },
      );
      const cohort = created.data?.createCohort;
      if (!cohort) throw new Error(`createCohort failed: ${created.text}`);
      const state = async () =>
        (
          await graphql(
            baseUrl,
            `{ cohort(id: "${cohort.id}") { name joinCode members { joinedAt } assignments { id dueAt } } }`,
            {
              token: admin.accessToken,
            },
          )
        ).text;
      const before = await state();

      const targets = rootFields(await introspect(baseUrl)).filter(
        ({ operation, field }) =>
          field.args.some((arg) => arg.name === 'cohortId' && arg.type.kind === 'NON_NULL') ||
          COHORT_IDS.has(`${operation}.${field.name}`),
      );
      expect(targets.map(({ operation, field }) => `${operation}.${field.name}`).sort()).toEqual([
        'mutation.assignExercise',
        'query.cohort',
        'query.cohortReport',
      ]);
      for (const { operation, field, document } of targets) {
        const key = `${operation}.${field.name}`;
        const outcome = async (cohortId: string) =>
          codes(
            await graphql(
              baseUrl,
              document
                .replace(
                  'exerciseId: "00000000-0000-4000-8000-000000000000"',
                  'exerciseId: "deployment-create-scale"',
                )
                .replace('"00000000-0000-4000-8000-000000000000"', `"${cohortId}"`),
              { token: stranger.accessToken },
            ),
          ).join(',');
        const [foreign, missing] = [await outcome(cohort.id), await outcome(randomUUID())];
        expect({ key, foreign }).toEqual({ key, foreign: missing });
        expect({ key, foreign }).toEqual({ key, foreign: 'NOT_FOUND' });
      }
      expect(await state()).toBe(before);
    });
  });

  describe('hostile GraphQL is refused before any resolver runs (R10)', () => {
    async function accountExists(address: string): Promise<boolean> {
      const response = await logIn(address, PASSWORD);
      return response.data?.logIn !== undefined && response.data?.logIn !== null;
    }
    const signUpCall = (alias: string, address: string) =>
      `${alias}: signUp(email: "${address}", password: "${PASSWORD}") { accessToken }`;

    it('refuses 100 aliases with QUERY_TOO_COMPLEX, running none of them', async () => {
      const addresses = Array.from({ length: 100 }, () => email('alias'));
      const response = await graphql(
        baseUrl,
        `mutation { ${addresses.map((a, i) => signUpCall(`a${i}`, a)).join(' ')} }`,
      );
      expect(response.status).toBe(400);
      expect(codes(response)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(await accountExists(addresses[0] ?? '')).toBe(false);
    });

    it('refuses documents 7 fields deep with QUERY_TOO_COMPLEX, running nothing', async () => {
      const address = email('deep');
      const response = await graphql(
        baseUrl,
        `mutation { signUp(email: "${address}", password: "${PASSWORD}") { user { id a { b { c { d { e } } } } } } }`,
      );
      expect(response.status).toBe(400);
      expect(codes(response)).toContain('QUERY_TOO_COMPLEX');
      expect(await accountExists(address)).toBe(false);
    });

    it('refuses batches with BATCHING_NOT_SUPPORTED, running none of them', async () => {
      const address = email('batch');
      const operation = { query: `mutation { ${signUpCall('a', address)} }` };
      const response = await graphql(baseUrl, [operation, operation]);
      expect(response.status).toBe(400);
      expect(codes(response)).toEqual(['BATCHING_NOT_SUPPORTED']);
      expect(await accountExists(address)).toBe(false);
    });

    it('refuses huge bodies (413), huge arguments and documents with too many tokens', async () => {
      const tooLarge = await graphql(
        baseUrl,
        `mutation { logIn(email: "a@example.com", password: "${'x'.repeat(2_000_000)}") { accessToken } }`,
      );
      expect(tooLarge.status).toBe(413);
      expect(codes(tooLarge)).toEqual(['PAYLOAD_TOO_LARGE']);
      const longPassword = await graphql(
        baseUrl,
        `mutation { logIn(email: "a@example.com", password: "${'x'.repeat(10_000)}") { accessToken } }`,
      );
      expect(codes(longPassword)).toEqual(['BAD_USER_INPUT']);
      const manyTokens = await graphql(baseUrl, `{ ${'health { status } '.repeat(2_000)} }`);
      expect(manyTokens.status).toBe(400);
      expect(codes(manyTokens)).toEqual(['QUERY_TOO_COMPLEX']);
      for (const response of [tooLarge, longPassword, manyTokens]) expectNoLeak(response);
    });

    it('reports syntax errors and unknown fields with their own codes', async () => {
      expect(codes(await graphql(baseUrl, '{ me { id '))).toEqual(['GRAPHQL_PARSE_FAILED']);
      expect(codes(await graphql(baseUrl, '{ noSuchField }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    });
  });

  describe('production mode', () => {
    it('refuses introspection and keeps __typename', async () => {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "User") { name } }']) {
        const response = await graphql(productionUrl, query);
        expect(response.status).toBe(400);
        expect(codes(response)).toEqual(['INTROSPECTION_DISABLED']);
      }
      expect((await graphql(productionUrl, '{ __typename }')).data).toEqual({ __typename: 'Query' });
      const graphiql = await fetch(`${productionUrl}/graphiql`);
      expect(graphiql.status).toBe(404);
    });

    it('limits requests per user in Redis: one user is stopped with RATE_LIMITED, another is not', async () => {
      const [first, second] = [
        await signUp(email('rate'), productionUrl),
        await signUp(email('rate'), productionUrl),
      ];
      for (let i = 0; i < PRODUCTION_RATE_LIMIT; i += 1) {
        expect((await me(first.accessToken, productionUrl)).data?.me.id).toBe(first.user.id);
      }
      const limited = await me(first.accessToken, productionUrl);
      expect(limited.status).toBe(429);
      expect(codes(limited)).toEqual(['RATE_LIMITED']);
      expect(limited.errors[0]?.extensions?.['retryAfterSeconds']).toEqual(expect.any(Number));
      expect((await me(second.accessToken, productionUrl)).data?.me.id).toBe(second.user.id);
    });
  });
});

/** Like waitForHealth, with room for a slow start on a loaded machine (two apps boot at once here). */
function healthy(url: string, app: RunningProcess): Promise<true> {
  return waitFor(
    `${url}/health`,
    async () => {
      if (app.hasExited) throw new Error(`${app.name} exited before it was healthy:\n${app.text}`);
      const response = await fetch(`${url}/health`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    },
    { timeoutMs: 90_000 },
  );
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Subscribes without a token; resolves how the server answered: refused (closed/error) or the first error code. */
function anonymousSubscription(url: string, query: string): Promise<string> {
  return subscriptionOutcome(url, query);
}

function subscriptionOutcome(url: string, query: string, token?: string): Promise<string> {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    ...(token ? { connectionParams: { authorization: `Bearer ${token}` } } : {}),
  });
  return new Promise<string>((resolve) => {
    client.subscribe(
      { query },
      {
        next: (value) => resolve(String(value.errors?.[0]?.extensions?.['code'] ?? 'DATA RECEIVED')),
        error: (error: unknown) => {
          const code = Array.isArray(error)
            ? (error[0] as { extensions?: { code?: string } })?.extensions?.code
            : undefined;
          resolve(code ?? `refused (${(error as { code?: number })?.code ?? String(error)})`);
        },
        complete: () => resolve('completed without events'),
      },
    );
  }).finally(() => client.dispose());
}
