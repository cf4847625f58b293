// The whole history of a sandbox (current generation), page after page: the replay timeline and the "why" panel
// read it. Pages arrive progressively (the first one renders while the rest load); `reload()` reads it again.
import { useCallback, useEffect, useState } from 'react';
import { type CombinedError, useClient } from 'urql';
import { describeError } from '../api/errors';
import { SandboxHistoryPageDocument, type SandboxHistoryPageQuery } from '../api/gql/graphql';

export type SandboxHistoryEvent = SandboxHistoryPageQuery['sandboxHistory']['edges'][number]['node'];

export interface SandboxHistory {
  events: SandboxHistoryEvent[];
  /** The stream version when the first page was read. */
  headVersion: number | null;
  /** Every page has arrived. */
  complete: boolean;
  error: string | null;
  reload: () => void;
}

/** The API's largest history page. */
export const HISTORY_PAGE = 500;

export function useSandboxHistory(sandboxId: string, enabled = true): SandboxHistory {
  const client = useClient();
  const [events, setEvents] = useState<SandboxHistoryEvent[]>([]);
  const [headVersion, setHeadVersion] = useState<number | null>(null);
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    setComplete(false);
    setError(null);
    const load = async () => {
      const all: SandboxHistoryEvent[] = [];
      let after: string | null = null;
      for (;;) {
        const result: { data?: SandboxHistoryPageQuery; error?: CombinedError } = await client
          .query(
            SandboxHistoryPageDocument,
            { id: sandboxId, first: HISTORY_PAGE, after },
            { requestPolicy: 'network-only' },
          )
          .toPromise();
        if (cancelled) return;
        const page = result.data?.sandboxHistory;
        if (!page) {
          setError(describeError(result.error) || 'The API answered without the history.');
          return;
        }
        if (after === null) setHeadVersion(page.headVersion);
        all.push(...page.edges.map((edge) => edge.node));
        setEvents([...all]);
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
        after = page.pageInfo.endCursor;
      }
      setComplete(true);
    };
    void load();
    return () => {
      cancelled = true;
    };
  }, [client, sandboxId, enabled, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { events, headVersion, complete, error, reload };
}
