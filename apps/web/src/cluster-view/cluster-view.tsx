// <ClusterView sandboxId … />: the live (or replayed) cluster of a sandbox. Props contract in ./contract.ts.
import { useCallback, useEffect, useRef } from 'react';
import { ClusterModelView } from './cluster-model-view';
import type { ClusterViewProps, ObjectRef } from './contract';
import { useClusterModel, type LiveStatus } from './use-cluster-model';
import './cluster-view.css';

export type { ClusterViewProps, ObjectRef } from './contract';

const LIVE_TEXT: Record<LiveStatus, string> = {
  off: '',
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'live updates interrupted, reconnecting…',
};

export function ClusterView({
  sandboxId,
  version,
  history,
  knownVersion,
  selected = null,
  onSelect,
  onVersion,
  label = 'Cluster',
  className,
}: ClusterViewProps) {
  const { model, error, loading, live, retry } = useClusterModel(sandboxId, version, history, knownVersion);

  // Stable callbacks for the memoised cards, whatever the embedding screen passes.
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const select = useCallback((object: ObjectRef) => onSelectRef.current?.(object), []);
  const onVersionRef = useRef(onVersion);
  onVersionRef.current = onVersion;
  const shownVersion = model?.version;
  useEffect(() => {
    if (shownVersion !== undefined) onVersionRef.current?.(shownVersion);
  }, [shownVersion]);

  return (
    <section
      className={`cluster-view${className ? ` ${className}` : ''}`}
      aria-label={label}
      aria-busy={loading}
      data-version={model?.version ?? ''}
      data-live={live}
    >
      <p className="cv-status">
        {model && (
          <span>
            version {model.version} · simulated {formatInstant(model.now)}
          </span>
        )}
        {live !== 'off' && (
          <span className="cv-live" data-live={live} role="status">
            {LIVE_TEXT[live]}
          </span>
        )}
        {loading && model && <span className="cv-updating"> updating…</span>}
      </p>
      {error && (
        <div role="alert" className="error">
          Could not load the cluster: {error}{' '}
          <button type="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {!model && !error && (
        <p role="status" className="loading">
          Loading the cluster…
        </p>
      )}
      {model && <ClusterModelView model={model} selectedUid={selected?.uid ?? null} onSelect={select} />}
    </section>
  );
}

function formatInstant(iso: string): string {
  const match = /T(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(iso);
  return match?.[1] ?? iso;
}
