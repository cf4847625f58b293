// The Sandbox GraphQL type: metadata fields come from the record; cluster fields (version, now, objects) from a
// projection of the folded state, computed once per sandbox per request (sandbox-fields.resolver.ts).
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { SandboxRecord } from '@podlab/sandbox';
import { ClockModeGql, PageInfo } from './sandbox.models';
import type { SandboxProjection } from './sandbox.projection';

@ObjectType('Sandbox', {
  description: 'A practice cluster: its metadata and its current (or replayed) state.',
})
export class SandboxGql {
  @Field(() => ID, { description: 'The sandbox id (a UUID).' })
  id!: string;
  @Field({ description: 'A title for lists.' })
  title!: string;
  @Field(() => ClockModeGql, { description: 'LIVE or STEPPED.' })
  clock!: ClockModeGql;
  @Field(() => Int, { description: 'The seed of every random choice (names, scheduling ties).' })
  seed!: number;
  @Field(() => String, {
    nullable: true,
    description: 'The exercise it was created from; null for free practice.',
  })
  exerciseId!: string | null;
  @Field(() => Int, { description: 'Worker nodes it was created with.' })
  workers!: number;
  @Field({ description: 'Whether it has a (tainted) control-plane node.' })
  controlPlane!: boolean;
  @Field(() => Int, { description: 'The stream generation: 0, bumped by every resetSandbox.' })
  generation!: number;
  @Field(() => ID, { nullable: true, description: 'The sandbox it was forked from.' })
  parentSandboxId!: string | null;
  @Field(() => Int, { nullable: true, description: 'The version of the parent it was forked at.' })
  forkVersion!: number | null;
  @Field({ description: 'When it was created (wall time).' })
  createdAt!: Date;
  @Field(() => Date, {
    nullable: true,
    description: 'When it was deleted; deleted sandboxes stay replayable.',
  })
  deletedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the worker gave up reconciling it, if it did.' })
  degradedReason!: string | null;

  /** Not a GraphQL field: the record, and the projection once computed (or given, for sandboxAt). */
  record!: SandboxRecord;
  projection?: Promise<SandboxProjection>;
}

export function toSandboxGql(record: SandboxRecord, projection?: Promise<SandboxProjection>): SandboxGql {
  const gql = new SandboxGql();
  Object.assign(gql, {
    id: record.id,
    title: record.title,
    clock: record.clockMode === 'LIVE' ? ClockModeGql.LIVE : ClockModeGql.STEPPED,
    seed: record.seed,
    exerciseId: record.exerciseId,
    workers: record.shape.workers,
    controlPlane: record.shape.controlPlane,
    generation: record.generation,
    parentSandboxId: record.parentSandboxId,
    forkVersion: record.forkVersion,
    createdAt: record.createdAt,
    deletedAt: record.deletedAt,
    degradedReason: record.degradedAt ? (record.degradedReason ?? 'degraded') : null,
    record,
  });
  if (projection) gql.projection = projection;
  return gql;
}

@ObjectType({ description: 'One sandbox with its cursor.' })
export class SandboxEdge {
  @Field({ description: 'Opaque cursor of this edge.' })
  cursor!: string;
  @Field(() => SandboxGql, { description: 'The sandbox.' })
  node!: SandboxGql;
}

@ObjectType({ description: 'A page of sandboxes, newest first.' })
export class SandboxConnection {
  @Field(() => [SandboxEdge], { description: 'The sandboxes of this page.' })
  edges!: SandboxEdge[];
  @Field(() => PageInfo, { description: 'Where this page sits.' })
  pageInfo!: PageInfo;
}
