// Thin resolvers: parse the input, check access (SandboxAccess asks the access policy), call one use case, map the
// result. Writes (startExercise, submitExercise, requestHint) are the sandbox owner's; gradeSandbox is a read.
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ExerciseService, type Attempt } from '@podlab/learning';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { unauthenticated } from '../errors/api-error';
import { SandboxAccess } from '../sandboxes/sandbox-access';
import { badInput } from '../sandboxes/sandbox-errors';
import { ClockModeGql } from '../sandboxes/sandbox.models';
import { SandboxGql, toSandboxGql } from '../sandboxes/sandbox.type';
import { mapExerciseErrors } from './exercise-errors';
import { toExerciseGql, toProgressGql, toReportGql, toSubmissionGql } from './exercise.mappers';
import {
  ExerciseGql,
  ExerciseKindGql,
  ExerciseProgressGql,
  GradeReportGql,
  HintGql,
  SubmissionGql,
} from './exercise.models';

const MAX_ID = 200;

/** The caller's attempts, read once per request however many Exercise objects ask for their progress. */
const attemptsByRequest = new WeakMap<object, Promise<Attempt[]>>();

@Resolver(() => ExerciseGql)
export class ExercisesResolver {
  constructor(
    @Inject(ExerciseService) private readonly service: ExerciseService,
    @Inject(SandboxAccess) private readonly access: SandboxAccess,
  ) {}

  @Query(() => [ExerciseGql], {
    description: 'The catalog: every exercise (of one kind, if given), in id order.',
  })
  async exercises(
    @CurrentUser() user: AuthUser,
    @Context() context: object,
    @Args('kind', {
      type: () => ExerciseKindGql,
      nullable: true,
      description: 'Only exercises or only challenges.',
    })
    kind?: ExerciseKindGql | null,
  ): Promise<ExerciseGql[]> {
    const attempts = this.attemptsOf(context, user);
    return this.service.catalog.list(kind ?? null).map((exercise) => toExerciseGql(exercise, attempts));
  }

  @Query(() => ExerciseGql, { nullable: true, description: 'One exercise by id; null when there is none.' })
  async exercise(
    @CurrentUser() user: AuthUser,
    @Context() context: object,
    @Args('id', { type: () => ID, description: 'The exercise id, e.g. "pods-why-not-bare".' }) id: string,
  ): Promise<ExerciseGql | null> {
    const exercise = this.service.catalog.get(id);
    return exercise ? toExerciseGql(exercise, this.attemptsOf(context, user)) : null;
  }

  @Query(() => [ExerciseProgressGql], {
    description:
      "The caller's progress on every exercise of the catalog (NOT_STARTED included), in id order.",
  })
  async myProgress(@CurrentUser() user: AuthUser): Promise<ExerciseProgressGql[]> {
    return (await mapExerciseErrors(() => this.service.myProgress(user.id))).map(toProgressGql);
  }

  @Mutation(() => SandboxGql, {
    description:
      "Starts an attempt: a new sandbox owned by the caller, prepared with the exercise's cluster shape, images and setup, and (for a challenge) its fault timeline scheduled at the same offsets for every learner.",
  })
  async startExercise(
    @CurrentUser() user: AuthUser,
    @Args('exerciseId', { type: () => ID, description: 'The exercise to start.' }) exerciseId: string,
    @Args('clock', {
      type: () => ClockModeGql,
      nullable: true,
      defaultValue: ClockModeGql.STEPPED,
      description: 'STEPPED (the learner moves time) or LIVE (wall-clock time).',
    })
    clock: ClockModeGql | null,
    @Args('seed', {
      type: () => Int,
      nullable: true,
      description: "Overrides the exercise's seed (names, ties).",
    })
    seed?: number | null,
  ): Promise<SandboxGql> {
    if (exerciseId.length > MAX_ID) throw badInput('exerciseId', 'no such exercise id');
    const sandbox = await mapExerciseErrors(() =>
      this.service.startExercise({
        userId: user.id,
        exerciseId,
        clockMode: clock === ClockModeGql.LIVE ? 'LIVE' : 'STEPPED',
        seed: seed ?? null,
      }),
    );
    return toSandboxGql(sandbox);
  }

  @Mutation(() => GradeReportGql, {
    description:
      "Grades the sandbox's history at its current version (owner, or the instructor of the owner's cohort). Appends nothing: the same version always gives the same report.",
  })
  async gradeSandbox(
    @CurrentUser() user: AuthUser,
    @Args('sandboxId', { type: () => ID, description: 'An exercise sandbox (from startExercise).' })
    sandboxId: string,
  ): Promise<GradeReportGql> {
    const sandbox = await this.access.readable(user, sandboxId);
    return toReportGql(await mapExerciseErrors(() => this.service.gradeSandbox(sandbox.id)));
  }

  @Mutation(() => SubmissionGql, {
    description: "Grades the sandbox now and records the report as its attempt's result (owner only).",
  })
  async submitExercise(
    @CurrentUser() user: AuthUser,
    @Args('sandboxId', { type: () => ID, description: 'An exercise sandbox of the caller.' })
    sandboxId: string,
  ): Promise<SubmissionGql> {
    const sandbox = await this.access.writable(user, sandboxId);
    return toSubmissionGql(await mapExerciseErrors(() => this.service.submitExercise(sandbox.id)));
  }

  @Mutation(() => HintGql, {
    description:
      'The next hint not given yet on this attempt (hints triggered by the state or history first, then static ones), recorded on the attempt (owner only). NOT_FOUND (reason NO_HINT_LEFT) when none is left.',
  })
  async requestHint(
    @CurrentUser() user: AuthUser,
    @Args('sandboxId', { type: () => ID, description: 'An exercise sandbox of the caller.' })
    sandboxId: string,
    @Args('taskId', { type: () => ID, nullable: true, description: 'Only hints of this task.' })
    taskId?: string | null,
  ): Promise<HintGql> {
    const sandbox = await this.access.writable(user, sandboxId);
    return mapExerciseErrors(() => this.service.requestHint(sandbox.id, taskId ?? null));
  }

  @ResolveField(() => ExerciseProgressGql, { description: "The caller's progress on this exercise." })
  async progress(@Parent() parent: ExerciseGql, @Context() context: object): Promise<ExerciseProgressGql> {
    const attempts = parent.attempts ?? this.attemptsOf(context, userOf(context));
    return toProgressGql(this.service.progressFrom(parent.exercise, await attempts));
  }

  private attemptsOf(context: object, user: AuthUser): Promise<Attempt[]> {
    let attempts = attemptsByRequest.get(context);
    if (!attempts) {
      attempts = this.service.attemptsOf(user.id);
      // Started before any field awaits it (so every Exercise shares one read); when no `progress` field is
      // selected nobody awaits it, and its failure (e.g. Postgres down) must not become an unhandled rejection
      // that stops the process. Awaiting fields still see the rejection.
      attempts.catch(() => undefined);
      attemptsByRequest.set(context, attempts);
    }
    return attempts;
  }
}

function userOf(context: object): AuthUser {
  const user = (context as { user?: AuthUser | null }).user;
  if (!user) throw unauthenticated();
  return user;
}
