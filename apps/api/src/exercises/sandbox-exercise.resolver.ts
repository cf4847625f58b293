// Exercise fields of a Sandbox: the learner's start of an exercise sandbox (what the challenge's offsets count from).
import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ExerciseService } from '@podlab/learning';
import { SandboxGql } from '../sandboxes/sandbox.type';
import { mapExerciseErrors } from './exercise-errors';

@Resolver(() => SandboxGql)
export class SandboxExerciseResolver {
  constructor(@Inject(ExerciseService) private readonly service: ExerciseService) {}

  @ResolveField(() => Date, {
    nullable: true,
    description:
      "The simulated instant the learner started this exercise sandbox (after the exercise's setup): `FaultInfo.atMs` and `ObjectiveSample.atMs` are ms after it, the same start the grader uses. Null for free practice.",
  })
  async exerciseStartedAt(@Parent() parent: SandboxGql): Promise<Date | null> {
    const start = await mapExerciseErrors(() => this.service.learnerStart(parent.record));
    return start === null ? null : new Date(start);
  }
}
