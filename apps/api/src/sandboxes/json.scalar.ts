import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

/** Any JSON value: whole Kubernetes objects (`raw`), event payloads and fault parameters. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value (object, array, string, number, boolean or null), passed through unchanged.',
  serialize: (value: unknown) => value,
  parseValue: (value: unknown) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
