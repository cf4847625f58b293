import {
  type RefreshExchange,
  type Session,
  type SessionStorage,
  SessionManager,
  expiresAt,
} from './session-manager';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (expSeconds: number) => `${b64({ alg: 'HS256', typ: 'at+jwt' })}.${b64({ exp: expSeconds })}.sig`;
const NOW = 1_800_000_000_000;

function session(n: number, expSeconds = NOW / 1000 + 900): Session {
  return {
    accessToken: jwt(expSeconds),
    refreshToken: `refresh-${n}`,
    user: { id: 'u1', email: 'ada@example.com', role: 'LEARNER' },
  };
}

/** One localStorage shared by "tabs": every manager built on it sees the others' writes. */
function memoryStorage(initial: Session | null): SessionStorage & { value: Session | null } {
  return {
    value: initial,
    load() {
      return this.value;
    },
    save(next) {
      this.value = next;
    },
    subscribe: () => () => undefined,
  };
}

/** An API that, like the real one, accepts each refresh token once and refuses reuse. */
function api(): { exchange: RefreshExchange; presented: string[] } {
  const presented: string[] = [];
  const spent = new Set<string>();
  return {
    presented,
    exchange: async (token) => {
      presented.push(token);
      await new Promise((r) => setTimeout(r, 5));
      if (spent.has(token)) return 'rejected';
      spent.add(token);
      return session(Number(token.split('-')[1]) + 1);
    },
  };
}

// The same lock the browser gives two tabs: one runner shared by every manager.
const sharedLock = () => {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(_name: string, task: () => Promise<T>): Promise<T> => {
    const run = chain.then(task, task);
    chain = run.catch(() => undefined);
    return run;
  };
};

describe('SessionManager', () => {
  it('shares one rotation between concurrent callers: the refresh token is presented once', async () => {
    const storage = memoryStorage(session(1));
    const server = api();
    const manager = new SessionManager(storage, server.exchange, sharedLock(), () => NOW);
    const results = await Promise.all([manager.rotate(), manager.rotate(), manager.rotate()]);
    expect(server.presented).toEqual(['refresh-1']);
    expect(results.map((s) => s?.refreshToken)).toEqual(['refresh-2', 'refresh-2', 'refresh-2']);
    expect(storage.value?.refreshToken).toBe('refresh-2');
  });

  it('two tabs rotating at once present the token once and both end with the new pair', async () => {
    const storage = memoryStorage(session(1));
    const server = api();
    const lock = sharedLock();
    const tabA = new SessionManager(storage, server.exchange, lock, () => NOW);
    const tabB = new SessionManager(storage, server.exchange, lock, () => NOW);
    await Promise.all([tabA.rotate(), tabB.rotate()]);
    expect(server.presented).toEqual(['refresh-1']);
    expect(tabA.current?.refreshToken).toBe('refresh-2');
    expect(tabB.current?.refreshToken).toBe('refresh-2');
  });

  it('signs out when the API refuses the refresh token, and tells the listeners', async () => {
    const storage = memoryStorage(session(1));
    const manager = new SessionManager(
      storage,
      async () => 'rejected',
      sharedLock(),
      () => NOW,
    );
    const seen: (Session | null)[] = [];
    manager.subscribe(() => seen.push(manager.current));
    expect(await manager.rotate()).toBeNull();
    expect(manager.current).toBeNull();
    expect(storage.value).toBeNull();
    expect(seen).toEqual([null]);
  });

  it('keeps the session when the API cannot be reached, so a later call can retry', async () => {
    const storage = memoryStorage(session(1));
    const manager = new SessionManager(
      storage,
      async () => {
        throw new Error('network down');
      },
      sharedLock(),
      () => NOW,
    );
    await expect(manager.rotate()).rejects.toThrow('network down');
    expect(manager.current?.refreshToken).toBe('refresh-1');
  });

  it('refreshes before a request only when the access token expires within the margin', async () => {
    const server = api();
    const valid = new SessionManager(memoryStorage(session(1)), server.exchange, sharedLock(), () => NOW);
    expect((await valid.fresh())?.refreshToken).toBe('refresh-1');
    expect(server.presented).toEqual([]);

    const expiring = new SessionManager(
      memoryStorage(session(5, NOW / 1000 + 10)),
      server.exchange,
      sharedLock(),
      () => NOW,
    );
    expect(expiring.accessTokenExpiring()).toBe(true);
    expect((await expiring.fresh())?.refreshToken).toBe('refresh-6');
    expect(server.presented).toEqual(['refresh-5']);
  });

  it('reads exp from the token; an unreadable token counts as expired', () => {
    expect(expiresAt(jwt(1234))).toBe(1_234_000);
    expect(expiresAt('garbage')).toBe(0);
  });
});
