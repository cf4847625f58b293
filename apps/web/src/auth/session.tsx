// React access to the session: who is signed in, sign in/out, and the urql client of that session.
import {
  type ReactNode,
  createContext,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { Navigate, useLocation } from 'react-router';
import { Provider } from 'urql';
import { createApiClient } from '../api/client';
import { paths } from '../paths';
import { type Session, type SessionManager, type SessionUser } from './session-manager';

interface SessionContextValue {
  user: SessionUser | null;
  /** The session ended by "Log out" (not by expiry): the log-in page then forgets where the user was. */
  signedOutByUser: boolean;
  signIn(session: Session): void;
  signOut(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ manager, children }: { manager: SessionManager; children: ReactNode }) {
  const session = useSyncExternalStore(
    (listener) => manager.subscribe(listener),
    () => manager.current,
  );
  const userId = session?.user.id ?? null;
  // One client per signed-in user: signing out or in as someone else starts with an empty cache.
  const api = useMemo(() => createApiClient(manager), [manager, userId]);
  useEffect(() => () => api.dispose(), [api]);
  const [signedOutByUser, setSignedOutByUser] = useState(false);
  const value = useMemo<SessionContextValue>(
    () => ({
      user: session?.user ?? null,
      signedOutByUser,
      signIn: (next) => {
        setSignedOutByUser(false);
        manager.signIn(next);
      },
      signOut: () => {
        setSignedOutByUser(true);
        manager.signOut();
      },
    }),
    [manager, session?.user, signedOutByUser],
  );
  return (
    <SessionContext.Provider value={value}>
      <Provider value={api.client}>{children}</Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a <SessionProvider>');
  return value;
}

/** The signed-in user, for screens under <RequireAuth> (which guarantees one). */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser outside <RequireAuth>');
  return user;
}

/** Sends visitors without a session to the log-in page, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, signedOutByUser } = useSession();
  const location = useLocation();
  if (!user) {
    return (
      <Navigate to={paths.logIn(signedOutByUser ? undefined : location.pathname + location.search)} replace />
    );
  }
  return <>{children}</>;
}

export const isInstructor = (user: SessionUser | null) =>
  user?.role === 'INSTRUCTOR' || user?.role === 'ADMIN';
