// The signed-in session (access + refresh token) and its rotation. Plain TypeScript (no React), unit-tested.
//
// The API's refresh tokens are single-use and reuse revokes the whole family (docs/api.md), so rotation must never
// present the same refresh token twice: every rotation runs under one lock (the Web Locks API across the tabs of
// this origin, a promise chain where that API is missing) and, once inside, re-reads the stored session: when
// another tab or call already rotated the token it was asked to rotate, it takes that result instead of refreshing.
import { decodeJwt } from 'jose';

export interface SessionUser {
  id: string;
  email: string;
  role: 'LEARNER' | 'INSTRUCTOR' | 'ADMIN';
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

/** Where the session lives; `subscribe` also reports changes made by other tabs. */
export interface SessionStorage {
  load(): Session | null;
  save(session: Session | null): void;
  subscribe(listener: () => void): () => void;
}

/** Exchanges a refresh token for a new session; 'rejected' when the API refuses it (spent, revoked, expired). */
export type RefreshExchange = (refreshToken: string) => Promise<Session | 'rejected'>;

export type LockRunner = <T>(name: string, task: () => Promise<T>) => Promise<T>;

/** Refresh this long before the access token expires, so a request never leaves with a token about to die. */
export const EXPIRY_MARGIN_MS = 30_000;

export class SessionManager {
  private readonly listeners = new Set<() => void>();
  private session: Session | null;

  constructor(
    private readonly storage: SessionStorage,
    private readonly exchange: RefreshExchange,
    private readonly lock: LockRunner = defaultLock(),
    private readonly now: () => number = () => Date.now(),
  ) {
    this.session = storage.load();
    storage.subscribe(() => this.adopt(storage.load()));
  }

  get current(): Session | null {
    return this.session;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  signIn(session: Session): void {
    this.storage.save(session);
    this.adopt(session);
  }

  signOut(): void {
    this.storage.save(null);
    this.adopt(null);
  }

  /** Whether the current access token is missing or expires within the margin (unreadable tokens count). */
  accessTokenExpiring(): boolean {
    if (!this.session) return false;
    return expiresAt(this.session.accessToken) - EXPIRY_MARGIN_MS <= this.now();
  }

  /** The session with an access token good for at least the margin, rotating first when needed. */
  async fresh(): Promise<Session | null> {
    if (!this.session || !this.accessTokenExpiring()) return this.session;
    return this.rotate();
  }

  /**
   * Rotates the refresh token held now. Concurrent calls (and other tabs) share one rotation; a refused token
   * signs out; a network failure keeps the session and rejects, so the caller may retry.
   */
  rotate(): Promise<Session | null> {
    const presented = this.session?.refreshToken;
    if (presented === undefined) return Promise.resolve(null);
    return this.lock('podlab-session-refresh', async () => {
      const stored = this.storage.load();
      if (!stored || stored.refreshToken !== presented) {
        // Signed out, or already rotated elsewhere: take what is stored, never present a spent token.
        this.adopt(stored);
        return stored;
      }
      const next = await this.exchange(presented);
      if (next === 'rejected') {
        this.signOut();
        return null;
      }
      this.signIn(next);
      return next;
    });
  }

  private adopt(session: Session | null): void {
    const same =
      session?.accessToken === this.session?.accessToken &&
      session?.refreshToken === this.session?.refreshToken;
    this.session = session;
    if (!same) this.listeners.forEach((listener) => listener());
  }
}

/** The `exp` claim in milliseconds (0 when the token cannot be read: treat it as expired). */
export function expiresAt(token: string): number {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** Web Locks across tabs when the browser has them; otherwise one promise chain per name in this page. */
export function defaultLock(): LockRunner {
  const chains = new Map<string, Promise<unknown>>();
  return <T>(name: string, task: () => Promise<T>): Promise<T> => {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    // request() resolves with the task's own promise; then() flattens it for the type checker.
    if (locks) return locks.request(name, task).then((result) => result);
    const run = (chains.get(name) ?? Promise.resolve()).then(task, task);
    chains.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  };
}

const STORAGE_KEY = 'podlab.session';

/** The session in localStorage (so it survives reloads and is shared by tabs), validated when read. */
export function localSessionStorage(storage: Storage = window.localStorage): SessionStorage {
  return {
    load() {
      try {
        const parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<Session> | null;
        if (
          typeof parsed?.accessToken === 'string' &&
          typeof parsed.refreshToken === 'string' &&
          typeof parsed.user?.id === 'string'
        ) {
          return parsed as Session;
        }
      } catch {
        // A corrupt entry is no session.
      }
      return null;
    },
    save(session) {
      if (session) storage.setItem(STORAGE_KEY, JSON.stringify(session));
      else storage.removeItem(STORAGE_KEY);
    },
    subscribe(listener) {
      const onStorage = (event: StorageEvent) => {
        if (event.key === STORAGE_KEY || event.key === null) listener();
      };
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
  };
}
