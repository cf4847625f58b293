import { type ReactNode } from 'react';
import { type CombinedError } from 'urql';
import { describeError } from '../api/errors';

/**
 * Loading and error states for a query region: a polite status while nothing has arrived, an alert with a retry
 * when the request failed, else the children (stale data stays visible while a refetch runs).
 */
export function QueryState({
  fetching,
  error,
  hasData,
  what,
  retry,
  children,
}: {
  fetching: boolean;
  error: CombinedError | undefined;
  hasData: boolean;
  what: string;
  retry: () => void;
  children: ReactNode;
}) {
  if (error && !hasData) {
    return (
      <div role="alert" className="error panel">
        <p>
          Could not load {what}: {describeError(error)}
        </p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  if (!hasData) {
    return (
      <p role="status" className="loading" aria-busy={fetching}>
        Loading {what}…
      </p>
    );
  }
  return <>{children}</>;
}
