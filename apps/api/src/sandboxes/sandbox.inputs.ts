import { Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
} from 'class-validator';
import { ClockModeGql } from './sandbox.models';
import { JSONScalar } from './json.scalar';

@InputType({
  description: 'A new sandbox: free practice or from an exercise, its cluster shape and its clock.',
})
export class CreateSandboxInput {
  @Field(() => String, { nullable: true, description: 'A title for lists (default "Sandbox").' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string | null;
  @Field(() => ClockModeGql, {
    description: 'LIVE (wall time, background controllers) or STEPPED (advanceClock).',
  })
  @IsEnum(ClockModeGql)
  clock!: ClockModeGql;
  @Field(() => Int, { nullable: true, description: 'The seed of every random choice (default 1).' })
  @IsOptional()
  @IsInt()
  seed?: number | null;
  @Field(() => Int, { nullable: true, description: 'Worker nodes (default 3).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  nodes?: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether to add a tainted control-plane node (default true).',
  })
  @IsOptional()
  @IsBoolean()
  controlPlane?: boolean | null;
  @Field(() => String, { nullable: true, description: 'The exercise this sandbox practises, if any.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  exerciseId?: string | null;
}

export enum FaultKindGql {
  NODE_DOWN = 'node-down',
  NODE_UP = 'node-up',
  NODE_ADD = 'node-add',
  NODE_REMOVE = 'node-remove',
  POD_KILL = 'pod-kill',
  CONTAINER_CRASH = 'container-crash',
  IMAGE_BROKEN = 'image-broken',
  IMAGE_FIXED = 'image-fixed',
}
registerEnumType(FaultKindGql, {
  name: 'FaultKind',
  description: 'What to break (or repair) in the simulated cluster.',
  valuesMap: {
    NODE_DOWN: { description: 'The node stops reporting (target: node name).' },
    NODE_UP: { description: 'The node comes back (target: node name).' },
    NODE_ADD: {
      description: 'A new node joins (target: its name; params: labels, taints, cpu, memory, pods).',
    },
    NODE_REMOVE: { description: 'The node is removed (target: node name).' },
    POD_KILL: { description: 'The pod is killed (target: namespace/pod).' },
    CONTAINER_CRASH: {
      description: 'A container exits (target: namespace/pod; params: container, exitCode).',
    },
    IMAGE_BROKEN: { description: 'Pulling the image fails (target: repo[:tag]).' },
    IMAGE_FIXED: { description: 'Pulling the image works again (target: repo[:tag]).' },
  },
});

@InputType({ description: 'A fault to inject.' })
export class FaultInput {
  @Field(() => FaultKindGql, { description: 'What kind of fault.' })
  @IsEnum(FaultKindGql)
  kind!: FaultKindGql;
  @Field({ description: 'What it hits: a node name, namespace/pod, or an image reference.' })
  @IsString()
  @Length(1, 300)
  target!: string;
  @Field(() => JSONScalar, {
    nullable: true,
    description:
      'Extra parameters as an object of strings/numbers (e.g. {"exitCode": 137, "container": "app"}).',
  })
  @IsOptional()
  @IsObject()
  params?: unknown;
}
