import { type DependencyHealth } from './health.query';
import { useHealth } from './use-health';

const LABELS: Record<string, string> = { postgres: 'Postgres', redis: 'Redis' };

export function HealthPanel() {
  const { state, refresh } = useHealth();
  return (
    <section className="panel" aria-labelledby="health-title">
      <h2 id="health-title">
        API health
        <button type="button" onClick={refresh}>
          Refresh
        </button>
      </h2>
      {state.kind === 'loading' && <p role="status">Checking the API…</p>}
      {state.kind === 'failed' && (
        <p role="alert" className="error" data-health="failed">
          Could not load the API's health: {state.message}
        </p>
      )}
      {state.kind === 'loaded' && (
        <>
          <p data-health="loaded">
            Overall:{' '}
            <span className="badge" data-status={state.health.status}>
              {state.health.status.toLowerCase()}
            </span>{' '}
            <span className="detail">checked {new Date(state.health.checkedAt).toLocaleTimeString()}</span>
          </p>
          <ul className="dependencies">
            {state.health.dependencies.map((dependency) => (
              <DependencyRow key={dependency.name} dependency={dependency} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function DependencyRow({ dependency }: { dependency: DependencyHealth }) {
  return (
    <li data-dependency={dependency.name} data-status={dependency.status}>
      <span>{LABELS[dependency.name] ?? dependency.name}</span>
      <span>
        {dependency.message && <span className="detail">{dependency.message} </span>}
        {dependency.responseTimeMs !== null && (
          <span className="detail">{dependency.responseTimeMs} ms </span>
        )}
        <span className="badge" data-status={dependency.status}>
          {dependency.status.toLowerCase()}
        </span>
      </span>
    </li>
  );
}
