// The exercises GraphQL types (contract of issue #6, /docs/exercises-api.md). Plain classes filled by the resolver's
// mappers; `Exercise.progress` is a field resolver over the caller's attempts (one read per request).
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Exercise } from '@podlab/exercises';
import type { Attempt } from '@podlab/learning';

export enum ExerciseKindGql {
  EXERCISE = 'EXERCISE',
  CHALLENGE = 'CHALLENGE',
}
registerEnumType(ExerciseKindGql, {
  name: 'ExerciseKind',
  description: 'A plain exercise, or a self-healing challenge with a fault timeline and an objective.',
  valuesMap: {
    EXERCISE: { description: 'Tasks with checks over the end state, the history and the commands.' },
    CHALLENGE: { description: 'Also a fault timeline and an availability objective measured over time.' },
  },
});

export enum ProgressStatusGql {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  SUBMITTED = 'SUBMITTED',
  PASSED = 'PASSED',
}
registerEnumType(ProgressStatusGql, {
  name: 'ProgressStatus',
  description: 'Where a learner stands on an exercise, derived from their attempts.',
  valuesMap: {
    NOT_STARTED: { description: 'No attempt yet.' },
    IN_PROGRESS: { description: 'At least one attempt, nothing submitted.' },
    SUBMITTED: { description: 'Submitted, but no submission passed every check.' },
    PASSED: { description: 'Some submission passed every check.' },
  },
});

@ObjectType('CheckInfo', { description: 'A check of a task, as the catalog shows it (before grading).' })
export class CheckInfoGql {
  @Field(() => ID, { description: 'The check id, unique in the exercise.' })
  id!: string;
  @Field({ description: "What the check verifies, in the learner's words." })
  title!: string;
  @Field(() => Int, { description: 'Points the check is worth.' })
  points!: number;
}

@ObjectType('ExerciseTask', { description: 'One step of an exercise.' })
export class ExerciseTaskGql {
  @Field(() => ID, { description: 'The task id, unique in the exercise.' })
  id!: string;
  @Field({ description: 'A short title.' })
  title!: string;
  @Field({ description: 'What to do (Markdown).' })
  instructions!: string;
  @Field(() => [CheckInfoGql], { description: 'The checks that grade this task.' })
  checks!: CheckInfoGql[];
}

@ObjectType('FaultInfo', { description: 'A fault of a challenge timeline.' })
export class FaultInfoGql {
  @Field(() => Int, {
    description: "When it fires: ms after the learner's start (the same for every learner, LIVE or STEPPED).",
  })
  atMs!: number;
  @Field({
    description:
      'The fault kind: node-down, node-up, node-add, node-remove, pod-kill, container-crash, image-broken, image-fixed.',
  })
  kind!: string;
  @Field({ description: "What happens, in the learner's words." })
  description!: string;
}

@ObjectType('ObjectiveInfo', { description: "A challenge's availability objective." })
export class ObjectiveInfoGql {
  @Field({ description: 'What must hold at every moment of the challenge window.' })
  description!: string;
  @Field(() => Int, {
    description: 'Points when it holds the whole window (weighted by the share of time it held).',
  })
  points!: number;
}

@ObjectType('ChallengeInfo', { description: 'What makes a challenge: its fault timeline and its objective.' })
export class ChallengeInfoGql {
  @Field(() => [FaultInfoGql], { description: 'The faults, in timeline order.' })
  faults!: FaultInfoGql[];
  @Field(() => ObjectiveInfoGql, { nullable: true, description: 'The availability objective.' })
  objective!: ObjectiveInfoGql | null;
}

@ObjectType('ExerciseProgress', {
  description: "A learner's progress on one exercise, derived from their attempts.",
})
export class ExerciseProgressGql {
  @Field(() => ID, { description: 'The exercise.' })
  exerciseId!: string;
  @Field(() => ProgressStatusGql, { description: 'NOT_STARTED, IN_PROGRESS, SUBMITTED or PASSED.' })
  status!: ProgressStatusGql;
  @Field(() => Int, {
    nullable: true,
    description:
      'Score of the counted submission (a passing one first, then the best); null before any submission.',
  })
  bestScore!: number | null;
  @Field(() => Int, { description: 'Points of every check plus the objective.' })
  maxPoints!: number;
  @Field(() => Int, { description: 'How many times the exercise was started.' })
  attempts!: number;
  @Field(() => Int, {
    description:
      'Sum over attempts of (submission, or else last activity) minus start; activity = commands, clock moves, hints.',
  })
  timeSpentMs!: number;
  @Field(() => ID, {
    nullable: true,
    description: 'The sandbox of the latest attempt (for resuming or replay).',
  })
  lastSandboxId!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the counted submission was made.' })
  submittedAt!: Date | null;
}

@ObjectType('Exercise', { description: 'An exercise or challenge of the curriculum (a file in exercises/).' })
export class ExerciseGql {
  @Field(() => ID, { description: 'The file\'s id, e.g. "deployment-rolling-update".' })
  id!: string;
  @Field(() => ExerciseKindGql, { description: 'EXERCISE or CHALLENGE.' })
  kind!: ExerciseKindGql;
  @Field({ description: 'The title.' })
  title!: string;
  @Field({ description: 'One sentence for the catalog.' })
  summary!: string;
  @Field({ description: 'beginner, intermediate or advanced (as in the file).' })
  difficulty!: string;
  @Field(() => Int, { description: 'Expected minutes.' })
  minutes!: number;
  @Field(() => [String], { description: 'Concept tags (deployment, statefulset, …).' })
  concepts!: string[];
  @Field({ description: "The Markdown body of the file: the learner's introduction." })
  body!: string;
  @Field(() => [ExerciseTaskGql], { description: 'The tasks, in order.' })
  tasks!: ExerciseTaskGql[];
  @Field(() => Int, { description: 'Points of every check plus the objective.' })
  maxPoints!: number;
  @Field(() => ChallengeInfoGql, {
    nullable: true,
    description: 'Fault timeline and objective; null for plain exercises.',
  })
  challenge!: ChallengeInfoGql | null;

  /** Not GraphQL fields: the exercise, and the caller's attempts when the root resolver loaded them. */
  exercise!: Exercise;
  attempts?: Promise<Attempt[]>;
}

@ObjectType('CheckResult', { description: 'One graded check.' })
export class CheckResultGql {
  @Field(() => ID, { description: 'The check id.' })
  checkId!: string;
  @Field(() => ID, { description: 'The task it belongs to.' })
  taskId!: string;
  @Field({ description: 'What the check verifies.' })
  title!: string;
  @Field({ description: 'Whether it passed.' })
  passed!: boolean;
  @Field(() => Int, { description: 'Points earned (maxPoints when passed, else 0).' })
  points!: number;
  @Field(() => Int, { description: 'Points the check is worth.' })
  maxPoints!: number;
  @Field({ description: 'Why it passed or failed, for the learner.' })
  message!: string;
  @Field(() => [Int], {
    description: 'Stream versions of the events that prove the result (for sandboxAt / history).',
  })
  evidence!: number[];
}

@ObjectType('ObjectiveSample', {
  description: 'A point of the availability gauge: from here on the objective held, or not.',
})
export class ObjectiveSampleGql {
  @Field(() => Int, { description: "ms after the learner's start." })
  atMs!: number;
  @Field({ description: 'Whether the objective held from this moment (until the next sample).' })
  held!: boolean;
}

@ObjectType('ObjectiveResult', { description: "A challenge's graded objective." })
export class ObjectiveResultGql {
  @Field({ description: 'The objective.' })
  description!: string;
  @Field(() => Float, {
    description:
      'Share (0…1) of the challenge window during which it held; time not simulated yet counts as not held.',
  })
  share!: number;
  @Field(() => Int, { description: 'Points earned: maxPoints × share, rounded.' })
  points!: number;
  @Field(() => Int, { description: 'Points when it holds the whole window.' })
  maxPoints!: number;
  @Field(() => [ObjectiveSampleGql], { description: 'Where it started or stopped holding, first at 0.' })
  samples!: ObjectiveSampleGql[];
}

@ObjectType('GradeReport', {
  description:
    "The grade of a sandbox's history at one version: the same version always gives the same report.",
})
export class GradeReportGql {
  @Field(() => ID, { description: 'The sandbox graded.' })
  sandboxId!: string;
  @Field(() => ID, { description: 'Its exercise.' })
  exerciseId!: string;
  @Field(() => Int, { description: 'The stream version graded (events 1…gradedAtVersion).' })
  gradedAtVersion!: number;
  @Field(() => Int, { description: "Points earned: passed checks plus the objective's points." })
  score!: number;
  @Field(() => Int, { description: 'Points of every check plus the objective.' })
  maxPoints!: number;
  @Field({ description: 'Whether every check passed.' })
  passed!: boolean;
  @Field(() => [CheckResultGql], { description: 'Every check, task by task.' })
  checks!: CheckResultGql[];
  @Field(() => ObjectiveResultGql, { nullable: true, description: 'The objective (challenges only).' })
  objective!: ObjectiveResultGql | null;
}

@ObjectType('Submission', { description: 'A grade recorded as the result of an attempt.' })
export class SubmissionGql {
  @Field(() => ID, {
    description: 'The attempt id (submitting the same sandbox again replaces its submission).',
  })
  id!: string;
  @Field(() => ID, { description: 'The exercise.' })
  exerciseId!: string;
  @Field(() => ID, { description: "The attempt's sandbox." })
  sandboxId!: string;
  @Field({ description: 'When it was submitted.' })
  submittedAt!: Date;
  @Field(() => GradeReportGql, { description: 'The recorded report.' })
  report!: GradeReportGql;
}

@ObjectType('Hint', { description: 'A hint for a task.' })
export class HintGql {
  @Field(() => ID, { description: 'The task it helps with.' })
  taskId!: string;
  @Field({ description: 'The hint (Markdown).' })
  text!: string;
  @Field({
    description:
      'static (always available), state (triggered by the current cluster state) or history (by what happened).',
  })
  trigger!: string;
}
