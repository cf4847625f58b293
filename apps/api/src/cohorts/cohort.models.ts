// The cohorts GraphQL types (contract of issue #6, docs/cohorts.md). Plain classes filled by the resolver's mappers
// from the use cases' views; nothing here reads the database.
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { User } from '../auth/auth.model';
import { ExerciseGql, ProgressStatusGql } from '../exercises/exercise.models';

@ObjectType('CohortMember', { description: 'A learner in a cohort.' })
export class CohortMemberGql {
  @Field(() => User, { description: 'The learner.' })
  user!: User;
  @Field({ description: 'When they joined (joining again keeps the first time).' })
  joinedAt!: Date;
}

@ObjectType('Assignment', { description: 'An exercise assigned to a cohort, with an optional due date.' })
export class AssignmentGql {
  @Field(() => ID, { description: 'The assignment id.' })
  id!: string;
  @Field(() => ExerciseGql, { description: 'The assigned exercise (its progress is the caller’s).' })
  exercise!: ExerciseGql;
  @Field(() => Date, {
    nullable: true,
    description: 'When it is due; submissions after it are marked late in the report. Null: no due date.',
  })
  dueAt!: Date | null;
  @Field({ description: 'When it was first assigned (assigning again only moves the due date).' })
  assignedAt!: Date;
}

@ObjectType('Cohort', {
  description:
    'A class: an instructor creates it, learners join it with its join code, the instructor assigns exercises and reads the report.',
})
export class CohortGql {
  @Field(() => ID, { description: 'The cohort id (a UUID).' })
  id!: string;
  @Field({ description: 'Its name.' })
  name!: string;
  @Field({ description: 'When it was created.' })
  createdAt!: Date;
  @Field(() => String, {
    nullable: true,
    description:
      'The code learners type in joinCohort (ABCD-EFGH). Visible to the cohort’s instructor (and admins) only; null for learners.',
  })
  joinCode!: string | null;
  @Field(() => User, { description: 'The instructor who owns it.' })
  instructor!: User;
  @Field(() => [CohortMemberGql], {
    description: 'Its learners in joining order (instructor and admins); a learner sees only themselves.',
  })
  members!: CohortMemberGql[];
  @Field(() => [AssignmentGql], { description: 'Assigned exercises, in the order they were assigned.' })
  assignments!: AssignmentGql[];
}

@ObjectType('RosterCell', {
  description: 'One learner on one assigned exercise (a cell of the report grid).',
})
export class RosterCellGql {
  @Field(() => ID, { description: 'The exercise (the column).' })
  exerciseId!: string;
  @Field(() => ProgressStatusGql, { description: 'NOT_STARTED, IN_PROGRESS, SUBMITTED or PASSED.' })
  status!: ProgressStatusGql;
  @Field(() => Int, {
    nullable: true,
    description:
      'Score of the counted submission (a passing one first, then the highest, then the earliest), rounded; null before any submission.',
  })
  score!: number | null;
  @Field(() => Int, { description: 'Points of every check plus the objective.' })
  maxPoints!: number;
  @Field(() => Int, { description: 'How many times the learner started the exercise.' })
  attempts!: number;
  @Field(() => Int, {
    description:
      'Sum over attempts of (submission, or else last activity) minus start; activity = commands, clock moves, grading, hints.',
  })
  timeSpentMs!: number;
  @Field(() => ID, {
    nullable: true,
    description:
      'The sandbox of the latest attempt: open its timeline and replay it with sandboxHistory and sandboxAt.',
  })
  lastSandboxId!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the counted submission was made.' })
  submittedAt!: Date | null;
  @Field({
    description:
      'The counted submission came after the due date, or there is none and the due date has passed. Never late without a due date.',
  })
  late!: boolean;
}

@ObjectType('RosterRow', { description: 'One learner of the report grid.' })
export class RosterRowGql {
  @Field(() => User, { description: 'The learner.' })
  learner!: User;
  @Field(() => [RosterCellGql], { description: 'One cell per assigned exercise, in the columns’ order.' })
  cells!: RosterCellGql[];
}

@ObjectType('CommandCount', {
  description: 'A command (values removed) and how many failing learners ran it.',
})
export class CommandCountGql {
  @Field({
    description:
      'The command without its values, e.g. `kubectl scale deployment web --replicas`; pipelines keep their kubectl segments.',
  })
  command!: string;
  @Field(() => Int, { description: 'How many of the failing learners ran it shortly before the failure.' })
  count!: number;
}

@ObjectType('FailingCheck', {
  description: 'A check the cohort fails, with the commands that preceded the failures.',
})
export class FailingCheckGql {
  @Field(() => ID, { description: 'The exercise.' })
  exerciseId!: string;
  @Field(() => ID, { description: 'The check.' })
  checkId!: string;
  @Field({ description: 'What the check verifies.' })
  title!: string;
  @Field(() => Int, { description: 'Submitted attempts (of every learner) whose grade fails the check.' })
  failures!: number;
  @Field(() => Int, { description: 'Learners whose latest submission fails the check.' })
  learners!: number;
  @Field(() => [CommandCountGql], {
    description:
      'For each such learner, the last 5 commands begun at or before the check’s latest evidence (or before submitting when it cites none); most common first, at most 10.',
  })
  precedingCommands!: CommandCountGql[];
}

@ObjectType('CohortReport', {
  description:
    'The instructor’s view of a cohort: the roster × exercise grid, the most-failed checks and a CSV.',
})
export class CohortReportGql {
  @Field(() => CohortGql, { description: 'The cohort.' })
  cohort!: CohortGql;
  @Field(() => [ExerciseGql], {
    description: 'The grid’s columns: the assigned exercises, in assignment order.',
  })
  exercises!: ExerciseGql[];
  @Field(() => [RosterRowGql], { description: 'One row per learner, in joining order.' })
  rows!: RosterRowGql[];
  @Field(() => [FailingCheckGql], {
    description: 'Checks failed by some submission, most-failed first (by learners, then by failures).',
  })
  failingChecks!: FailingCheckGql[];
  @Field({
    description:
      'The grid as CSV (RFC 4180, CRLF): a header, then one record per learner and exercise; columns in docs/cohorts.md.',
  })
  csv!: string;
}
