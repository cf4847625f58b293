import { Link } from 'react-router';
import { useQuery } from 'urql';
import { type CatalogQuery, CatalogDocument } from '../api/gql/graphql';
import { QueryState } from '../layout/query-state';
import { paths } from '../paths';
import { STATUS_LABEL, formatDuration, formatScore, summarise } from './progress';

type Exercise = CatalogQuery['exercises'][number];

/** Every exercise and challenge with the learner's progress, from one query. */
export function CatalogPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: CatalogDocument });
  const exercises = data?.exercises ?? [];
  const summary = summarise(exercises.map((e) => e.progress));
  return (
    <section aria-labelledby="catalog-title">
      <div className="page-head">
        <h1 id="catalog-title">Exercises</h1>
        {data && (
          <p className="detail" data-testid="catalog-summary">
            {summary.passed} of {summary.total} passed · {summary.started} started
          </p>
        )}
      </div>
      <QueryState
        fetching={fetching}
        error={error}
        hasData={data !== undefined}
        what="the exercises"
        retry={() => refetch({ requestPolicy: 'network-only' })}
      >
        {exercises.length === 0 ? (
          <p>No exercises are published yet.</p>
        ) : (
          <ul className="cards" aria-label="Exercises">
            {exercises.map((exercise) => (
              <ExerciseCard key={exercise.id} exercise={exercise} />
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function ExerciseCard({ exercise }: { exercise: Exercise }) {
  const { progress } = exercise;
  const titleId = `exercise-${exercise.id}`;
  return (
    <li className="card" data-exercise={exercise.id} data-status={progress.status} aria-labelledby={titleId}>
      <div className="card-head">
        <h2 id={titleId}>
          <Link to={paths.exercise(exercise.id)}>{exercise.title}</Link>
        </h2>
        {exercise.kind === 'CHALLENGE' && <span className="tag challenge">Challenge</span>}
      </div>
      <p>{exercise.summary}</p>
      <p className="detail">
        {exercise.difficulty} · about {exercise.minutes} min · {exercise.maxPoints} points
      </p>
      {exercise.concepts.length > 0 && (
        <ul className="tags" aria-label="Concepts">
          {exercise.concepts.map((concept) => (
            <li key={concept} className="tag">
              {concept}
            </li>
          ))}
        </ul>
      )}
      <p className="progress">
        <span className="status" data-status={progress.status}>
          {STATUS_LABEL[progress.status]}
        </span>
        {progress.attempts > 0 && (
          <span className="detail">
            {' '}
            · {formatScore(progress.bestScore, progress.maxPoints)} · {progress.attempts}{' '}
            {progress.attempts === 1 ? 'attempt' : 'attempts'} · {formatDuration(progress.timeSpentMs)}
          </span>
        )}
      </p>
      {progress.lastSandboxId && (
        <p>
          <Link to={paths.sandbox(progress.lastSandboxId)}>Continue the last attempt</Link>
        </p>
      )}
    </li>
  );
}
