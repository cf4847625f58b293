// /exercises/:exerciseId — the exercise before an attempt: what it is about, its tasks, and Start (startExercise).
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { describeError } from '../api/errors';
import { ExerciseIntroDocument, StartExerciseDocument } from '../api/gql/graphql';
import { QueryState } from '../layout/query-state';
import { paths } from '../paths';
import { formatClock } from '../time-controls/clock-math';
import { MarkdownText } from './markdown';
import './exercise.css';

/** The sandbox screen's link, naming the exercise so the screen loads both in one request. */
export const sandboxScreenPath = (sandboxId: string, exerciseId?: string | null) =>
  exerciseId
    ? `${paths.sandbox(sandboxId)}?exercise=${encodeURIComponent(exerciseId)}`
    : paths.sandbox(sandboxId);

export function ExercisePage() {
  const { exerciseId = '' } = useParams();
  const navigate = useNavigate();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ExerciseIntroDocument,
    variables: { id: exerciseId },
  });
  const [start, runStart] = useMutation(StartExerciseDocument);
  const [clock, setClock] = useState<'STEPPED' | 'LIVE'>('STEPPED');
  const exercise = data?.exercise;

  const onStart = async () => {
    const result = await runStart({ exerciseId, clock });
    const sandbox = result.data?.startExercise;
    if (!sandbox) return;
    void navigate(sandboxScreenPath(sandbox.id, exerciseId));
  };

  return (
    <QueryState
      fetching={fetching}
      error={error}
      hasData={data !== undefined}
      what="the exercise"
      retry={() => refetch({ requestPolicy: 'network-only' })}
    >
      {!exercise ? (
        <section className="panel" aria-labelledby="exercise-missing">
          <h1 id="exercise-missing">No such exercise</h1>
          <p>
            <Link to={paths.catalog()}>Back to the exercises</Link>
          </p>
        </section>
      ) : (
        <article className="exercise-intro" aria-labelledby="exercise-title">
          <p className="detail">
            {exercise.kind === 'CHALLENGE' ? 'Challenge' : 'Exercise'} · {exercise.difficulty} · about{' '}
            {exercise.minutes} min · {exercise.maxPoints} points
          </p>
          <h1 id="exercise-title">{exercise.title}</h1>
          <p className="tagline">{exercise.summary}</p>
          <MarkdownText text={exercise.body} />
          <h2>Tasks</h2>
          <ol>
            {exercise.tasks.map((task) => (
              <li key={task.id}>{task.title}</li>
            ))}
          </ol>
          {exercise.challenge && exercise.challenge.faults.length > 0 && (
            <>
              <h2>What will go wrong</h2>
              <ul>
                {exercise.challenge.faults.map((fault, i) => (
                  <li key={i}>
                    at {formatClock(fault.atMs)}: {fault.description}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="start-row">
            <fieldset className="clock-choice">
              <legend>Clock</legend>
              <label>
                <input
                  type="radio"
                  name="clock"
                  value="STEPPED"
                  checked={clock === 'STEPPED'}
                  onChange={() => setClock('STEPPED')}
                />{' '}
                Stepped (time moves when you step or play)
              </label>
              <label>
                <input
                  type="radio"
                  name="clock"
                  value="LIVE"
                  checked={clock === 'LIVE'}
                  onChange={() => setClock('LIVE')}
                />{' '}
                Live (time follows the wall clock)
              </label>
            </fieldset>
            <button
              type="button"
              className="primary"
              onClick={() => void onStart()}
              disabled={start.fetching}
            >
              {start.fetching
                ? 'Preparing the cluster…'
                : exercise.progress.attempts > 0
                  ? 'Start a new attempt'
                  : 'Start'}
            </button>
            {exercise.progress.lastSandboxId && (
              <Link to={sandboxScreenPath(exercise.progress.lastSandboxId, exercise.id)}>
                Continue the last attempt
              </Link>
            )}
          </div>
          {start.error && (
            <p role="alert" className="error">
              Could not start: {describeError(start.error)}
            </p>
          )}
        </article>
      )}
    </QueryState>
  );
}
