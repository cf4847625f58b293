// The data behind <ClusterView>: one query for the state, then, when live, the sandboxEvents subscription applied
// to it in the browser (no refetch per event). Events are buffered and applied once per animation frame, so a burst
// of hundreds of events (a 200-pod rollout step) costs one model build and one render. In replay (a version), the
// view asks sandboxAt; while one request is in flight, later versions only replace the wanted one (no storm).
import { useEffect, useMemo, useRef, useState } from 'react';
import { type CombinedError, useClient } from 'urql';
import {
  ClusterAtDocument,
  ClusterEventsDocument,
  ClusterStateDocument,
  type ClusterAtQuery,
  type ClusterObjectsFragment,
} from '../api/gql/graphql';
import { describeError } from '../api/errors';
import { buildClusterModel, type ClusterModel, type ClusterObjects } from './model';
import { ObjectStore, type StreamEvent } from './object-store';
import { type HistoryDataEvent, ReplayStates } from './replay-states';
import { CatchUpWatch, FrameBatcher, LatestOnly } from './scheduling';

type ClusterAtResult = { data?: ClusterAtQuery; error?: CombinedError };

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

export interface ClusterModelState {
  model: ClusterModel | null;
  /** Why the last load failed (the previous model, if any, stays shown). */
  error: string | null;
  loading: boolean;
  live: LiveStatus;
  retry: () => void;
}

export function objectsOf(sandbox: ClusterObjectsFragment): ClusterObjects {
  return {
    version: sandbox.version,
    now: sandbox.now,
    nodes: sandbox.nodes.map((o) => o.raw),
    pods: sandbox.pods.map((o) => o.raw),
    replicaSets: sandbox.replicaSets.map((o) => o.raw),
    deployments: sandbox.deployments.map((o) => o.raw),
    statefulSets: sandbox.statefulSets.map((o) => o.raw),
    daemonSets: sandbox.daemonSets.map((o) => o.raw),
    persistentVolumeClaims: sandbox.persistentVolumeClaims.map((o) => o.raw),
  };
}

const RETRY_MS = 2000;
/** How long a live view may stay behind a version the screen knows exists before it reloads its snapshot. */
export const CATCH_UP_MS = 3000;

export function useClusterModel(
  sandboxId: string,
  version?: number,
  history?: readonly HistoryDataEvent[],
  knownVersion?: number,
): ClusterModelState {
  const client = useClient();
  const [model, setModel] = useState<ClusterModel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [live, setLive] = useState<LiveStatus>('off');
  const [attempt, setAttempt] = useState(0);
  const modelRef = useRef<ClusterModel | null>(null);
  const publish = (next: ClusterObjects) => {
    modelRef.current = buildClusterModel(next, modelRef.current);
    setModel(modelRef.current);
  };
  const replay = version !== undefined;
  const catchUp = useRef<CatchUpWatch | null>(null);

  // Live: snapshot + events.
  useEffect(() => {
    if (replay) return;
    let cancelled = false;
    let store: ObjectStore | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let subscription: { unsubscribe(): void } | null = null;

    const batcher = new FrameBatcher<StreamEvent>((batch) => {
      if (!store || cancelled) return;
      setLive('live');
      const next = store.apply(batch);
      if (next === null) {
        // A reset (new generation) or a gap: start over from a fresh snapshot.
        stop();
        void start();
        return;
      }
      if (next !== store) {
        store = next;
        publish(next.snapshot);
      }
    });
    const stop = () => {
      subscription?.unsubscribe();
      subscription = null;
      batcher.clear();
      watch.clear();
    };
    // The feed is trusted, but not blindly: behind a version known to exist for too long, start over.
    const watch = new CatchUpWatch(
      CATCH_UP_MS,
      () => store?.version ?? 0,
      () => {
        if (cancelled || !subscription) return;
        stop();
        void start();
      },
    );
    catchUp.current = watch;
    const restartLater = () => {
      stop();
      setLive('reconnecting');
      timer = setTimeout(() => void start(), RETRY_MS);
    };
    const start = async () => {
      setLoading(true);
      setLive('connecting');
      const result = await client
        .query(ClusterStateDocument, { id: sandboxId }, { requestPolicy: 'network-only' })
        .toPromise();
      if (cancelled) return;
      setLoading(false);
      const sandbox = result.data?.sandbox;
      if (!sandbox) {
        setError(describeError(result.error) || 'The API answered without the sandbox.');
        setLive('off');
        return;
      }
      setError(null);
      store = ObjectStore.from(objectsOf(sandbox), sandbox.generation);
      publish(store.snapshot);
      subscription = client
        .subscription(ClusterEventsDocument, { id: sandboxId, after: store.version })
        .subscribe((update) => {
          if (cancelled) return;
          if (update.error) {
            restartLater();
            return;
          }
          const event = update.data?.sandboxEvents;
          if (event) batcher.push(event);
        });
      setLive((current) => (current === 'connecting' ? 'live' : current));
    };
    void start();
    return () => {
      cancelled = true;
      stop();
      if (catchUp.current === watch) catchUp.current = null;
      if (timer) clearTimeout(timer);
    };
  }, [client, sandboxId, replay, attempt]);
  useEffect(() => {
    if (!replay && knownVersion !== undefined) catchUp.current?.expect(knownVersion);
  }, [replay, knownVersion]);

  // Replay: a position after a state already loaded is computed from the history's events (ReplayStates);
  // otherwise sandboxAt(version), one request at a time, the newest wanted version next (scrubbing through 100
  // versions makes two requests, not 100). Answers are cached by urql (history is immutable).
  const events = useMemo(() => new Map((history ?? []).map((e) => [e.version, e])), [history]);
  const states = useRef(new ReplayStates());
  const loader = useRef<LatestOnly<number, ClusterAtResult> | null>(null);
  useEffect(() => {
    if (!replay) return;
    states.current = new ReplayStates();
    const latest = new LatestOnly<number, ClusterAtResult>(
      (target) =>
        client
          .query(ClusterAtDocument, { id: sandboxId, version: target }, { requestPolicy: 'cache-first' })
          .toPromise(),
      (_target, result) => {
        const sandbox = result.data?.sandboxAt;
        if (sandbox) {
          setError(null);
          const store = ObjectStore.from(objectsOf(sandbox), sandbox.generation);
          states.current.add(store);
          publish(store.snapshot);
        } else setError(describeError(result.error) || 'The API answered without the sandbox.');
      },
      () => setLoading(false),
    );
    loader.current = latest;
    return () => {
      latest.dispose();
      loader.current = null;
    };
  }, [client, sandboxId, replay, attempt]);
  useEffect(() => {
    if (version === undefined || !loader.current) return;
    const local = states.current.at(version, events);
    if (local) {
      loader.current.cancel();
      setLoading(false);
      publish(local.snapshot);
      return;
    }
    setLoading(true);
    loader.current.want(version);
  }, [version, events, client, sandboxId, attempt]);

  return { model, error, loading, live: replay ? 'off' : live, retry: () => setAttempt((n) => n + 1) };
}
