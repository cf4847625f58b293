import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchHealth, type Health } from './health.query';

export type HealthState =
  { kind: 'loading' } | { kind: 'loaded'; health: Health } | { kind: 'failed'; message: string };

const REFRESH_MS = 10_000;

/** Loads the API's health, refreshes it every ten seconds and on demand; the last request wins. */
export function useHealth(): { state: HealthState; refresh: () => void } {
  const [state, setState] = useState<HealthState>({ kind: 'loading' });
  const inFlight = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    fetchHealth(controller.signal).then(
      (health) => {
        if (!controller.signal.aborted) setState({ kind: 'loaded', health });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      clearInterval(timer);
      inFlight.current?.abort();
    };
  }, [refresh]);

  return { state, refresh };
}
