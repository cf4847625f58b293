import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum RoleEnum {
  LEARNER = 'LEARNER',
  INSTRUCTOR = 'INSTRUCTOR',
  ADMIN = 'ADMIN',
}
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'What an account may do.',
  valuesMap: {
    LEARNER: { description: 'Practises in their own sandboxes.' },
    INSTRUCTOR: { description: 'A learner who also reads the sandboxes of learners in their cohorts.' },
    ADMIN: { description: 'Administers the platform; reads every sandbox.' },
  },
});

@ObjectType({ description: 'An account.' })
export class User {
  @Field(() => ID, { description: 'Stable identifier (a UUID).' })
  id!: string;

  @Field({ description: 'Email address, as stored: trimmed and lower-cased.' })
  email!: string;

  @Field(() => RoleEnum, { description: 'What the account may do.' })
  role!: RoleEnum;

  @Field(() => GraphQLISODateTime, { description: 'When the account was created.' })
  createdAt!: Date;
}

@ObjectType({
  description:
    'A new session: a short-lived access token for the Authorization header and a single-use refresh token.',
})
export class AuthPayload {
  @Field({
    description: 'JWT (HS256) valid for 15 minutes; send it as `Authorization: Bearer <token>`.',
  })
  accessToken!: string;

  @Field({
    description:
      'Exchange it once with `refreshToken` for a new pair; reusing a spent one ends the whole session.',
  })
  refreshToken!: string;

  @Field(() => User, { description: 'The signed-in account.' })
  user!: User;
}
