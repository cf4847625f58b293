import { buildSchema, parse, validate, specifiedRules } from 'graphql';
import {
  aliasLimitRule,
  depthAndCostLimitRule,
  graphqlValidationRules,
  noIntrospectionRule,
} from './graphql-limits';

// A recursive schema, so any depth is a valid document and only the limits can refuse it.
const schema = buildSchema(`
  type Query { node(id: ID): Node, nodes(first: Int): [Node!]! }
  type Node { id: ID!, name: String, child: Node, children(first: Int): [Node!]! }
`);

function errorsOf(source: string, rules = graphqlValidationRules(false)) {
  return validate(schema, parse(source), [...specifiedRules, ...rules]).map((error) => ({
    message: error.message,
    code: error.extensions['code'],
  }));
}

/** `{ node { child { … { id } } } }`, `depth` fields deep. */
function nest(depth: number): string {
  let inner = 'id';
  for (let level = 2; level < depth; level += 1) inner = `child { ${inner} }`;
  return `{ node { ${inner} } }`;
}

describe('GraphQL limits', () => {
  it('accepts depth 6 and refuses depth 7, also when hidden in fragments', () => {
    expect(errorsOf(nest(6))).toEqual([]);
    expect(errorsOf(nest(7))).toEqual([
      { code: 'QUERY_TOO_COMPLEX', message: 'The operation is nested 7 fields deep; the limit is 6.' },
    ]);
    const viaFragments = `
      query Deep { node { ...A } }
      fragment A on Node { child { ...B } }
      fragment B on Node { child { child { child { ... on Node { child { id } } } } } }`;
    expect(errorsOf(viaFragments)).toEqual([
      { code: 'QUERY_TOO_COMPLEX', message: "'Deep' is nested 7 fields deep; the limit is 6." },
    ]);
  });

  it('prices list fields by their page size and refuses documents over the cost budget', () => {
    expect(errorsOf('{ nodes(first: 100) { children(first: 50) { id } } }')).toEqual([]);
    const errors = errorsOf('{ nodes(first: 100) { children(first: 100) { id name } } }');
    expect(errors).toEqual([
      {
        code: 'QUERY_TOO_COMPLEX',
        message: expect.stringMatching(/^The operation costs \d+; the limit is 10000\.$/),
      },
    ]);
    expect(errorsOf('query($n: Int) { nodes(first: $n) { children(first: $n) { id } } }')[0]?.code).toBe(
      'QUERY_TOO_COMPLEX',
    );
  });

  it('refuses more than 30 aliases', () => {
    const aliases = (count: number) =>
      `{ ${Array.from({ length: count }, (_, i) => `a${i}: node(id: "${i}") { id }`).join(' ')} }`;
    expect(errorsOf(aliases(30), [aliasLimitRule()])).toEqual([]);
    expect(errorsOf(aliases(100), [aliasLimitRule()])).toEqual([
      { code: 'QUERY_TOO_COMPLEX', message: 'The document uses 100 aliases; the limit is 30.' },
    ]);
  });

  it('does not count introspection towards depth, and refuses it in production', () => {
    const introspection =
      '{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }';
    expect(errorsOf(introspection, [depthAndCostLimitRule()])).toEqual([]);
    expect(errorsOf(introspection, graphqlValidationRules(true))).toEqual([
      { code: 'INTROSPECTION_DISABLED', message: 'Introspection is disabled on this server.' },
    ]);
    expect(errorsOf('{ __type(name: "Node") { name } }', [noIntrospectionRule])[0]?.code).toBe(
      'INTROSPECTION_DISABLED',
    );
    expect(errorsOf('{ node { __typename id } }', graphqlValidationRules(true))).toEqual([]);
  });

  it('survives cyclic fragments (the spec rule reports them)', () => {
    const errors = errorsOf('{ node { ...A } } fragment A on Node { child { ...A } }');
    expect(errors.map((error) => error.message)).toEqual(['Cannot spread fragment "A" within itself.']);
  });
});
