import { type FormEvent, useId, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { describeError } from '../api/errors';
import { type ClockMode, CreateSandboxDocument, MySandboxesDocument } from '../api/gql/graphql';
import { usePageTitle } from '../layout/page-title';
import { QueryState } from '../layout/query-state';
import { paths } from '../paths';

const PAGE = 20;

/** Free practice: the learner's sandboxes, newest first, and a form for a new one. */
export function PracticePage() {
  usePageTitle('Free practice');
  const [after, setAfter] = useState<string | null>(null);
  // additionalTypenames: an empty list holds no Sandbox, yet createSandbox must still refresh it.
  const context = useMemo(() => ({ additionalTypenames: ['Sandbox'] }), []);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MySandboxesDocument,
    variables: { first: PAGE, after },
    context,
  });
  const sandboxes = data?.mySandboxes.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="practice-title">
      <div className="page-head">
        <h1 id="practice-title">Free practice</h1>
      </div>
      <NewSandboxForm />
      <h2>Your sandboxes</h2>
      <QueryState
        fetching={fetching}
        error={error}
        hasData={data !== undefined}
        what="your sandboxes"
        retry={() => refetch({ requestPolicy: 'network-only' })}
      >
        {sandboxes.length === 0 ? (
          <p>No sandboxes yet: create one above.</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">Your sandboxes, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Clock</th>
                <th scope="col">Nodes</th>
                <th scope="col">Created</th>
                <th scope="col">From exercise</th>
                <th scope="col">
                  <span className="visually-hidden">Replay</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sandboxes.map((sandbox) => (
                <tr key={sandbox.id} data-sandbox={sandbox.id}>
                  <th scope="row">
                    <Link to={paths.sandbox(sandbox.id)}>{sandbox.title}</Link>
                  </th>
                  <td>{sandbox.clock === 'LIVE' ? 'Live' : 'Stepped'}</td>
                  <td>{sandbox.workers}</td>
                  <td>
                    <time dateTime={sandbox.createdAt}>{new Date(sandbox.createdAt).toLocaleString()}</time>
                  </td>
                  <td>{sandbox.exerciseId ?? '—'}</td>
                  <td>
                    <Link to={paths.replay(sandbox.id)} aria-label={`Replay ${sandbox.title}`}>
                      Replay
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="pager">
          {after !== null && (
            <button type="button" onClick={() => setAfter(null)}>
              Newest
            </button>
          )}
          {data?.mySandboxes.pageInfo.hasNextPage && (
            <button type="button" onClick={() => setAfter(data.mySandboxes.pageInfo.endCursor ?? null)}>
              Older
            </button>
          )}
        </div>
      </QueryState>
    </section>
  );
}

function NewSandboxForm() {
  const id = useId();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [clock, setClock] = useState<ClockMode>('LIVE');
  const [nodes, setNodes] = useState(3);
  const [{ fetching, error }, create] = useMutation(CreateSandboxDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create({ input: { title: title.trim() || 'Sandbox', clock, nodes } });
    if (result.data) void navigate(paths.sandbox(result.data.createSandbox.id));
  }

  return (
    <form className="panel inline-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New sandbox</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>Title</label>
        <input
          id={`${id}-name`}
          value={title}
          maxLength={100}
          placeholder="Sandbox"
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-clock`}>Clock</label>
        <select id={`${id}-clock`} value={clock} onChange={(e) => setClock(e.target.value as ClockMode)}>
          <option value="LIVE">Live (wall time)</option>
          <option value="STEPPED">Stepped (you advance time)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-nodes`}>Worker nodes</label>
        <input
          id={`${id}-nodes`}
          type="number"
          min={1}
          max={10}
          value={nodes}
          onChange={(e) => setNodes(Number(e.target.value))}
        />
      </div>
      <button type="submit" className="primary" disabled={fetching}>
        {fetching ? 'Creating…' : 'New sandbox'}
      </button>
      {error && (
        <p role="alert" className="error">
          Could not create the sandbox: {describeError(error)}
        </p>
      )}
    </form>
  );
}
