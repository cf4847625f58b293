import { type GraphQLObjectType, buildASTSchema, parse, print } from 'graphql';
import { mergeSchema } from './merge-schema';

const REAL = parse(`
  type User { id: ID! }
  type Cohort { id: ID! name: String! }
  type Query { me: User! }
  extend type Query { cohort(id: ID!): Cohort }
`);
const PENDING = parse(`
  type Cohort { id: ID! }
  type Exercise { id: ID! }
  extend type Query { cohort(id: ID!): Cohort  exercises: [Exercise!]! }
  extend type Mutation { createCohort(name: String!): Cohort! }
`);

const fieldNames = (type: unknown) => Object.keys((type as GraphQLObjectType).getFields());

describe('mergeSchema (pending contract definitions over the real schema)', () => {
  it('adds only the types and root fields the real schema lacks; the real definitions win', () => {
    const { schema, pendingNames } = mergeSchema(REAL, PENDING);
    expect(pendingNames).toEqual(['Exercise', 'Query.exercises', 'Mutation.createCohort']);
    const built = buildASTSchema(schema);
    expect(fieldNames(built.getQueryType())).toEqual(['me', 'cohort', 'exercises']);
    expect(fieldNames(built.getType('Cohort'))).toEqual(['id', 'name']); // the real Cohort, not the pending one
    expect(fieldNames(built.getMutationType())).toEqual(['createCohort']);
  });

  it('adds nothing once everything has landed, and nothing without a pending file', () => {
    const landed = parse(
      `${print(REAL)}
      type Exercise { id: ID! }
      extend type Query { exercises: [Exercise!]! }
      type Mutation { createCohort(name: String!): Cohort! }`,
    );
    expect(mergeSchema(landed, PENDING).pendingNames).toEqual([]);
    expect(mergeSchema(REAL, undefined)).toEqual({ schema: REAL, pendingNames: [] });
  });
});
