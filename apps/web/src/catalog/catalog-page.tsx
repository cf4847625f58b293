import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { type CatalogQuery, CatalogDocument } from '../api/gql/graphql';
import { usePageTitle } from '../layout/page-title';
import { QueryState } from '../layout/query-state';
import { paths } from '../paths';
import { STATUS_LABEL, formatDuration, formatScore, summarise } from './progress';

type Exercise = CatalogQuery['exercises'][number];
type Filter = 'ALL' | Exercise['kind'];

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'ALL', label: 'All' },
  { value: 'EXERCISE', label: 'Exercises' },
  { value: 'CHALLENGE', label: 'Challenges' },
];

/** Every exercise and challenge with the learner's progress, from one query. */
export function CatalogPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: CatalogDocument });
  usePageTitle('Exercises');
  const [filter, setFilter] = useState<Filter>('ALL');
  const all = data?.exercises ?? [];
  const summary = summarise(all.map((e) => e.progress));
  const exercises = filter === 'ALL' ? all : all.filter((e) => e.kind === filter);
  return (
    <section aria-labelledby="catalog-title">
      <div className="page-head">
        <h1 id="catalog-title">Exercises</h1>
        {data && (
          <p className="detail" data-testid="catalog-summary">
            {summary.passed} of {summary.total} passed · {summary.started} started
          </p>
        )}
        <fieldset className="segmented">
          <legend className="visually-hidden">Show</legend>
          {FILTERS.map((option) => (
            <label key={option.value}>
              <input
                type="radio"
                name="catalog-filter"
                value={option.value}
                checked={filter === option.value}
                onChange={() => setFilter(option.value)}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
      </div>
      <QueryState
        fetching={fetching}
        error={error}
        hasData={data !== undefined}
        what="the exercises"
        retry={() => refetch({ requestPolicy: 'network-only' })}
      >
        {exercises.length === 0 ? (
          <p>{all.length === 0 ? 'No exercises are published yet.' : 'Nothing of this kind.'}</p>
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
