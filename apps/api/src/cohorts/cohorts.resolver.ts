// Thin resolvers: parse the input, call one cohort use case, map the view. Domain errors become GraphQL errors in
// cohort-errors.ts only. Who may do what is the use case's decision (createCohort is also role-gated here).
import { Inject } from '@nestjs/common';
import { Args, GraphQLISODateTime, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { CohortUser, CohortView, AssignmentView } from '@podlab/learning';
import { CohortService } from '@podlab/learning';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { RoleEnum, type User } from '../auth/auth.model';
import type { AuthUser } from '../auth/auth.types';
import { toExerciseGql } from '../exercises/exercise.mappers';
import { ProgressStatusGql } from '../exercises/exercise.models';
import { mapCohortErrors } from './cohort-errors';
import { AssignmentGql, CohortGql, CohortReportGql } from './cohort.models';

@Resolver(() => CohortGql)
export class CohortsResolver {
  constructor(@Inject(CohortService) private readonly cohorts: CohortService) {}

  @Roles('INSTRUCTOR', 'ADMIN')
  @Mutation(() => CohortGql, {
    description: 'Creates a cohort taught by the caller (instructors and admins), with a fresh join code.',
  })
  async createCohort(
    @CurrentUser() user: AuthUser,
    @Args('name', { description: 'Its name, 1 to 120 characters.' }) name: string,
  ): Promise<CohortGql> {
    return toCohortGql(await mapCohortErrors(() => this.cohorts.createCohort({ actor: user, name })));
  }

  @Mutation(() => CohortGql, {
    description:
      'Joins the cohort of a join code (any case, dash optional). Joining again changes nothing; NOT_FOUND for an unknown code.',
  })
  async joinCohort(
    @CurrentUser() user: AuthUser,
    @Args('joinCode', { description: 'The code the instructor shared, e.g. ABCD-EFGH.' }) joinCode: string,
  ): Promise<CohortGql> {
    return toCohortGql(await mapCohortErrors(() => this.cohorts.joinCohort({ actor: user, joinCode })));
  }

  @Mutation(() => AssignmentGql, {
    description:
      "Assigns an exercise to a cohort (the cohort's instructor or an admin). Assigning it again changes its due date.",
  })
  async assignExercise(
    @CurrentUser() user: AuthUser,
    @Args('cohortId', { type: () => ID, description: 'The cohort.' }) cohortId: string,
    @Args('exerciseId', { type: () => ID, description: 'The exercise id (see `exercises`).' })
    exerciseId: string,
    @Args('dueAt', {
      type: () => GraphQLISODateTime,
      nullable: true,
      description: 'When it is due (optional); later submissions are marked late.',
    })
    dueAt?: Date | null,
  ): Promise<AssignmentGql> {
    const assignment = await mapCohortErrors(() =>
      this.cohorts.assignExercise({ actor: user, cohortId, exerciseId, dueAt: dueAt ?? null }),
    );
    return toAssignmentGql(assignment);
  }

  @Query(() => CohortGql, {
    nullable: true,
    description:
      'A cohort the caller teaches or belongs to (admins: any). NOT_FOUND when missing or not theirs.',
  })
  async cohort(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID, description: 'The cohort id.' }) id: string,
  ): Promise<CohortGql> {
    return toCohortGql(await mapCohortErrors(() => this.cohorts.cohort({ actor: user, cohortId: id })));
  }

  @Query(() => [CohortGql], {
    description: 'The cohorts the caller teaches (oldest first), then those they joined (in joining order).',
  })
  async myCohorts(@CurrentUser() user: AuthUser): Promise<CohortGql[]> {
    return (await mapCohortErrors(() => this.cohorts.myCohorts(user))).map(toCohortGql);
  }

  @Query(() => CohortReportGql, {
    description:
      "The roster × exercise grid, the most-failed checks with the commands before them, and a CSV: the cohort's instructor or an admin (FORBIDDEN for its learners, NOT_FOUND for others).",
  })
  async cohortReport(
    @CurrentUser() user: AuthUser,
    @Args('cohortId', { type: () => ID, description: 'The cohort.' }) cohortId: string,
  ): Promise<CohortReportGql> {
    const report = await mapCohortErrors(() => this.cohorts.cohortReport({ actor: user, cohortId }));
    return {
      cohort: toCohortGql(report.cohort),
      exercises: report.exercises.map((a) => toExerciseGql(a.exercise)),
      rows: report.rows.map((row) => ({
        learner: toUser(row.learner),
        cells: row.cells.map((cell) => ({
          exerciseId: cell.exerciseId,
          status: ProgressStatusGql[cell.status],
          score: cell.score,
          maxPoints: Math.round(cell.maxPoints),
          attempts: cell.attempts,
          timeSpentMs: Math.min(Math.round(cell.timeSpentMs), 2_147_483_647),
          lastSandboxId: cell.lastSandboxId,
          submittedAt: cell.submittedAt === null ? null : new Date(cell.submittedAt),
          late: cell.late,
        })),
      })),
      failingChecks: report.failingChecks.map((check) => ({
        ...check,
        precedingCommands: check.precedingCommands.map((c) => ({ ...c })),
      })),
      csv: report.csv,
    };
  }
}

function toUser(user: CohortUser): User {
  return { id: user.id, email: user.email, role: RoleEnum[user.role], createdAt: user.createdAt };
}

function toAssignmentGql(assignment: AssignmentView): AssignmentGql {
  return {
    id: assignment.id,
    exercise: toExerciseGql(assignment.exercise),
    dueAt: assignment.dueAt,
    assignedAt: assignment.assignedAt,
  };
}

function toCohortGql(view: CohortView): CohortGql {
  return {
    id: view.cohort.id,
    name: view.cohort.name,
    createdAt: view.cohort.createdAt,
    joinCode: view.joinCode,
    instructor: toUser(view.instructor),
    members: view.members.map((m) => ({ user: toUser(m.user), joinedAt: m.joinedAt })),
    assignments: view.assignments.map(toAssignmentGql),
  };
}
