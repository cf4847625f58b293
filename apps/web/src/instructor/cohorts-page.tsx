import { type FormEvent, useId, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { describeError } from '../api/errors';
import {
  CreateCohortDocument,
  JoinCohortDocument,
  MyCohortsDocument,
  type MyCohortsQuery,
} from '../api/gql/graphql';
import { isInstructor, useUser } from '../auth/session';
import { STATUS_LABEL, formatScore } from '../catalog/progress';
import { usePageTitle } from '../layout/page-title';
import { QueryState } from '../layout/query-state';
import { paths } from '../paths';

/** Instructors: their cohorts and a form for a new one. Learners: the cohorts they joined and a join form. */
export function CohortsPage() {
  const user = useUser();
  const teaching = isInstructor(user);
  usePageTitle(teaching ? 'Cohorts' : 'My cohorts');
  const context = useMemo(() => ({ additionalTypenames: ['Cohort'] }), []);
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyCohortsDocument, context });
  const cohorts = data?.myCohorts ?? [];
  return (
    <section aria-labelledby="cohorts-title">
      <div className="page-head">
        <h1 id="cohorts-title">{teaching ? 'Cohorts' : 'My cohorts'}</h1>
      </div>
      {teaching ? <CreateCohortForm /> : <JoinCohortForm />}
      <QueryState
        fetching={fetching}
        error={error}
        hasData={data !== undefined}
        what="your cohorts"
        retry={() => refetch({ requestPolicy: 'network-only' })}
      >
        {cohorts.length === 0 ? (
          <p>{teaching ? 'No cohorts yet: create one above.' : 'You have not joined a cohort.'}</p>
        ) : (
          <table className="table" data-testid="cohorts">
            <caption className="visually-hidden">Your cohorts</caption>
            <thead>
              <tr>
                <th scope="col">Cohort</th>
                {teaching && <th scope="col">Join code</th>}
                {!teaching && <th scope="col">Instructor</th>}
                {teaching && <th scope="col">Learners</th>}
                <th scope="col">Assignments</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((cohort) => (
                <tr key={cohort.id} data-cohort={cohort.id}>
                  <th scope="row">
                    {teaching ? <Link to={paths.cohort(cohort.id)}>{cohort.name}</Link> : cohort.name}
                  </th>
                  {teaching && (
                    <td>
                      <code>{cohort.joinCode}</code>
                    </td>
                  )}
                  {!teaching && <td>{cohort.instructor.email}</td>}
                  {teaching && <td>{cohort.members.length}</td>}
                  <td>{cohort.assignments.length}</td>
                  <td>
                    <time dateTime={cohort.createdAt}>{new Date(cohort.createdAt).toLocaleDateString()}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {!teaching && cohorts.some((c) => c.assignments.length > 0) && (
          <LearnerAssignments cohorts={cohorts} />
        )}
      </QueryState>
    </section>
  );
}

function CreateCohortForm() {
  const id = useId();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [{ fetching, error }, create] = useMutation(CreateCohortDocument);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create({ name: name.trim() });
    if (result.data) void navigate(paths.cohort(result.data.createCohort.id));
  }
  return (
    <form className="panel inline-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New cohort</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <button type="submit" className="primary" disabled={fetching}>
        {fetching ? 'Creating…' : 'Create cohort'}
      </button>
      {error && (
        <p role="alert" className="error">
          Could not create the cohort: {describeError(error)}
        </p>
      )}
    </form>
  );
}

function JoinCohortForm() {
  const id = useId();
  const [code, setCode] = useState('');
  const [{ fetching, error, data }, join] = useMutation(JoinCohortDocument);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await join({ joinCode: code.trim() });
    if (result.data) setCode('');
  }
  return (
    <form className="panel inline-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Join a cohort</h2>
      <div className="field">
        <label htmlFor={`${id}-code`}>Join code</label>
        <input id={`${id}-code`} required value={code} onChange={(e) => setCode(e.target.value)} />
      </div>
      <button type="submit" className="primary" disabled={fetching}>
        {fetching ? 'Joining…' : 'Join'}
      </button>
      {error && (
        <p role="alert" className="error">
          Could not join: {describeError(error)}
        </p>
      )}
      {data && !error && <p role="status">You joined {data.joinCohort.name}.</p>}
    </form>
  );
}

type MyCohort = MyCohortsQuery['myCohorts'][number];

/** A learner's assignments, cohort by cohort: the exercise, when it is due, and their status and grade. */
function LearnerAssignments({ cohorts }: { cohorts: readonly MyCohort[] }) {
  return (
    <>
      {cohorts
        .filter((cohort) => cohort.assignments.length > 0)
        .map((cohort) => (
          <section key={cohort.id} aria-labelledby={`assignments-${cohort.id}`} className="panel">
            <h2 id={`assignments-${cohort.id}`}>Assignments in {cohort.name}</h2>
            <table className="table" data-testid="my-assignments" data-cohort={cohort.id}>
              <thead>
                <tr>
                  <th scope="col">Exercise</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  <th scope="col">Grade</th>
                </tr>
              </thead>
              <tbody>
                {cohort.assignments.map((assignment) => {
                  const progress = assignment.exercise.progress;
                  return (
                    <tr
                      key={assignment.id}
                      data-exercise={assignment.exercise.id}
                      data-status={progress.status}
                    >
                      <th scope="row">
                        <Link to={paths.exercise(assignment.exercise.id)}>{assignment.exercise.title}</Link>
                      </th>
                      <td>
                        {assignment.dueAt ? (
                          <time dateTime={assignment.dueAt}>
                            {new Date(assignment.dueAt).toLocaleString()}
                          </time>
                        ) : (
                          'No due date'
                        )}
                      </td>
                      <td>{STATUS_LABEL[progress.status]}</td>
                      <td>{formatScore(progress.bestScore, progress.maxPoints)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        ))}
    </>
  );
}
