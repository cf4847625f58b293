import { type FormEvent, type MouseEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { describeError } from '../api/errors';
import {
  type CohortReportQuery,
  AssignExerciseDocument,
  AssignableExercisesDocument,
  CohortReportDocument,
} from '../api/gql/graphql';
import { STATUS_LABEL, formatDuration, formatScore } from '../catalog/progress';
import { usePageTitle } from '../layout/page-title';
import { QueryState } from '../layout/query-state';
import { paths } from '../paths';
import { type Grid, buildGrid, csvFileName } from './cohort-grid';

type Report = CohortReportQuery['cohortReport'];

/**
 * One cohort for its instructor: the roster × exercise grid, the checks the cohort fails most (with the commands
 * typed before them), the CSV, and the form to assign an exercise. The report and the assignable exercises are
 * two queries issued together (no waterfall).
 */
export function CohortPage() {
  const { cohortId = '' } = useParams();
  const context = useMemo(() => ({ additionalTypenames: ['Assignment', 'RosterRow'] }), []);
  const [report, refetchReport] = useQuery({ query: CohortReportDocument, variables: { cohortId }, context });
  const [assignable] = useQuery({ query: AssignableExercisesDocument });
  const data = report.data?.cohortReport;
  const grid = useMemo(() => (data ? buildGrid(data) : undefined), [data]);
  usePageTitle(data?.cohort.name ?? 'Cohort');
  return (
    <section aria-labelledby="cohort-title">
      <p>
        <Link to={paths.cohorts()}>← Cohorts</Link>
      </p>
      <QueryState
        fetching={report.fetching}
        error={report.error}
        hasData={data !== undefined}
        what="the cohort report"
        retry={() => refetchReport({ requestPolicy: 'network-only' })}
      >
        {data && grid && (
          <>
            <div className="page-head">
              <h1 id="cohort-title">{data.cohort.name}</h1>
              <p className="detail">
                Join code <code data-testid="join-code">{data.cohort.joinCode}</code> · {data.rows.length}{' '}
                {data.rows.length === 1 ? 'learner' : 'learners'}
              </p>
              <CsvDownload report={data} />
            </div>
            <AssignForm
              cohortId={cohortId}
              assigned={new Set(data.exercises.map((e) => e.id))}
              exercises={assignable.data?.exercises ?? []}
              loading={assignable.fetching && !assignable.data}
            />
            <RosterGrid grid={grid} />
            <FailingChecks report={data} />
          </>
        )}
      </QueryState>
    </section>
  );
}

function RosterGrid({ grid }: { grid: Grid }) {
  if (grid.columns.length === 0) return <p>No exercise is assigned yet: assign one above.</p>;
  if (grid.rows.length === 0) return <p>No learner has joined yet: share the join code.</p>;
  return (
    <div className="grid-scroll" role="region" aria-labelledby="grid-caption" tabIndex={0}>
      <table className="table grid" data-testid="roster-grid">
        <caption id="grid-caption">Roster × exercises</caption>
        <thead>
          <tr>
            <th scope="col">Learner</th>
            {grid.columns.map((column) => (
              <th scope="col" key={column.exerciseId} data-exercise={column.exerciseId}>
                {column.title}
                <span className="detail">
                  {' '}
                  ({column.passed}/{grid.rows.length} passed)
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((row) => (
            <tr key={row.learnerId} data-learner={row.email}>
              <th scope="row">{row.email}</th>
              {row.cells.map((cell) => (
                <td key={cell.exerciseId} data-exercise={cell.exerciseId} data-status={cell.status}>
                  <span className="status" data-status={cell.status}>
                    {STATUS_LABEL[cell.status]}
                  </span>
                  {cell.late && <span className="tag late">late</span>}
                  {cell.attempts > 0 && (
                    <span className="cell-detail">
                      {formatScore(cell.score, cell.maxPoints)} · {cell.attempts}{' '}
                      {cell.attempts === 1 ? 'attempt' : 'attempts'} · {formatDuration(cell.timeSpentMs)}
                    </span>
                  )}
                  {cell.lastSandboxId && (
                    <Link
                      to={paths.replay(cell.lastSandboxId)}
                      aria-label={`Replay ${row.email}'s last attempt`}
                      className="cell-link"
                    >
                      Replay
                    </Link>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FailingChecks({ report }: { report: Report }) {
  const titles = new Map(report.exercises.map((e) => [e.id, e.title]));
  return (
    <section className="panel" aria-labelledby="failing-title">
      <h2 id="failing-title">Checks the cohort fails most</h2>
      {report.failingChecks.length === 0 ? (
        <p>No failed checks yet.</p>
      ) : (
        <ol className="failing" data-testid="failing-checks">
          {report.failingChecks.map((check) => (
            <li key={`${check.exerciseId}/${check.checkId}`}>
              <strong>{check.title}</strong>{' '}
              <span className="detail">
                ({titles.get(check.exerciseId) ?? check.exerciseId}) · failed {check.failures}{' '}
                {check.failures === 1 ? 'time' : 'times'} by {check.learners}{' '}
                {check.learners === 1 ? 'learner' : 'learners'}
              </span>
              {check.precedingCommands.length > 0 && (
                <details>
                  <summary>Commands typed before it</summary>
                  <ul>
                    {check.precedingCommands.map((command) => (
                      <li key={command.command}>
                        <code>{command.command}</code> <span className="detail">×{command.count}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function CsvDownload({ report }: { report: Report }) {
  // The blob URL is made at click time and kept until the next click or unmount: revoking it when the report
  // re-renders could cancel a download still in flight.
  const url = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (url.current) URL.revokeObjectURL(url.current);
    },
    [],
  );
  const prepare = (event: MouseEvent<HTMLAnchorElement>) => {
    if (url.current) URL.revokeObjectURL(url.current);
    url.current = URL.createObjectURL(new Blob([report.csv], { type: 'text/csv;charset=utf-8' }));
    event.currentTarget.href = url.current;
  };
  return (
    <a className="button" href="#csv" onClick={prepare} download={csvFileName(report.cohort.name)}>
      Download CSV
    </a>
  );
}

function AssignForm({
  cohortId,
  assigned,
  exercises,
  loading,
}: {
  cohortId: string;
  assigned: Set<string>;
  exercises: { id: string; title: string; kind: string }[];
  loading: boolean;
}) {
  const id = useId();
  const options = exercises.filter((e) => !assigned.has(e.id));
  const [exerciseId, setExerciseId] = useState('');
  const [due, setDue] = useState('');
  const [{ fetching, error }, assign] = useMutation(AssignExerciseDocument);
  const chosen = exerciseId || options[0]?.id || '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    const result = await assign({
      cohortId,
      exerciseId: chosen,
      dueAt: due ? new Date(due).toISOString() : null,
    });
    if (result.data) {
      setExerciseId('');
      setDue('');
    }
  }

  return (
    <form className="panel inline-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Assign an exercise</h2>
      <div className="field">
        <label htmlFor={`${id}-exercise`}>Exercise</label>
        <select
          id={`${id}-exercise`}
          value={chosen}
          disabled={loading || options.length === 0}
          onChange={(e) => setExerciseId(e.target.value)}
        >
          {loading && <option value="">Loading…</option>}
          {!loading && options.length === 0 && <option value="">Everything is assigned</option>}
          {options.map((exercise) => (
            <option key={exercise.id} value={exercise.id}>
              {exercise.title}
              {exercise.kind === 'CHALLENGE' ? ' (challenge)' : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>Due (optional)</label>
        <input id={`${id}-due`} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <button type="submit" className="primary" disabled={fetching || !chosen}>
        {fetching ? 'Assigning…' : 'Assign'}
      </button>
      {error && (
        <p role="alert" className="error">
          Could not assign: {describeError(error)}
        </p>
      )}
    </form>
  );
}
