// The exercise screens as route elements, loaded lazily: xterm and CodeMirror stay out of the catalog's bundle.
import { lazy, Suspense } from 'react';

const ExercisePage = lazy(() => import('./exercise-page').then((m) => ({ default: m.ExercisePage })));
const SandboxScreen = lazy(() => import('./sandbox-screen').then((m) => ({ default: m.SandboxScreen })));

const loading = (
  <p role="status" className="loading">
    Loading the exercise screen…
  </p>
);

/** /exercises/:exerciseId */
export function ExerciseRoute() {
  return (
    <Suspense fallback={loading}>
      <ExercisePage />
    </Suspense>
  );
}

/** /sandboxes/:sandboxId */
export function SandboxRoute() {
  return (
    <Suspense fallback={loading}>
      <SandboxScreen />
    </Suspense>
  );
}
