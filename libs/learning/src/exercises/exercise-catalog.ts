// The exercise catalog: the curriculum loaded once at start-up (the app reads exercises/*/exercise.md and passes the
// texts; loading is pure), with what the catalog screens show of each exercise.
import { loadExercises, type Exercise, type FaultSpec } from '@podlab/exercises';
import { parseDuration } from '@podlab/kube';

export type ExerciseKind = 'EXERCISE' | 'CHALLENGE';

export class ExerciseCatalog {
  private readonly byId: ReadonlyMap<string, Exercise>;

  constructor(readonly exercises: readonly Exercise[]) {
    this.byId = new Map(exercises.map((exercise) => [exercise.id, exercise]));
  }

  /** Loads the curriculum from file texts; throws with every file's errors when one is invalid. */
  static load(files: readonly { path: string; text: string }[]): ExerciseCatalog {
    const loaded = loadExercises(files);
    if (!loaded.ok) throw new Error(`invalid exercises:\n${loaded.errors.join('\n')}`);
    return new ExerciseCatalog(loaded.exercises);
  }

  /** In id order (the files' order), optionally of one kind. */
  list(kind?: ExerciseKind | null): readonly Exercise[] {
    return kind ? this.exercises.filter((exercise) => kindOf(exercise) === kind) : this.exercises;
  }

  get(id: string): Exercise | undefined {
    return this.byId.get(id);
  }
}

export function kindOf(exercise: Exercise): ExerciseKind {
  return exercise.challenge ? 'CHALLENGE' : 'EXERCISE';
}

/** Points of every check plus the challenge objective's. */
export function maxPointsOf(exercise: Exercise): number {
  const checks = exercise.tasks.reduce(
    (sum, task) => sum + task.checks.reduce((s, check) => s + check.points, 0),
    0,
  );
  return checks + (exercise.challenge?.objective.points ?? 0);
}

/** A challenge's fault as the learner reads it on the timeline. */
export function describeFault(fault: FaultSpec): string {
  const pod = `${fault.namespace !== 'default' ? `${fault.namespace}/` : ''}${fault.pod ?? ''}`;
  switch (fault.kind) {
    case 'node-down':
      return `node ${fault.node} goes down (its kubelet stops reporting)`;
    case 'node-up':
      return `node ${fault.node} comes back`;
    case 'node-add':
      return `node ${fault.node} joins the cluster`;
    case 'node-remove':
      return `node ${fault.node} is removed from the cluster`;
    case 'pod-kill':
      return `pod ${pod} is killed`;
    case 'container-crash':
      return `a container of pod ${pod} crashes${fault.exitCode !== undefined ? ` (exit code ${fault.exitCode})` : ''}`;
    case 'image-broken':
      return `image ${fault.image} can no longer be pulled`;
    case 'image-fixed':
      return `image ${fault.image} can be pulled again`;
  }
}

/** The timeline's faults as offsets from the learner's start, in file order. */
export function faultTimeline(
  exercise: Exercise,
): { readonly atMs: number; readonly kind: string; readonly description: string }[] {
  return (exercise.challenge?.faults ?? []).map((fault) => ({
    atMs: parseDuration(fault.at) ?? 0,
    kind: fault.kind,
    description: describeFault(fault),
  }));
}
