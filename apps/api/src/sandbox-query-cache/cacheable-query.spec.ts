import { cacheableQuery } from './cacheable-query';

const ID = '6f1c1f7e-6c55-4a53-9d0b-2f0a3c1d9e10';

describe('cacheableQuery', () => {
  it('takes a query whose one root field is sandbox(id), from a variable or a literal', () => {
    const byVariable = cacheableQuery('query S($id: ID!) { sandbox(id: $id) { version } }', 'S', 100);
    expect(byVariable?.sandboxId({ id: ID })).toBe(ID);
    expect(byVariable?.sandboxId({ id: 7 })).toBeUndefined();
    expect(byVariable?.sandboxId({})).toBeUndefined();
    expect(byVariable?.sandboxId(undefined)).toBeUndefined();
    const literal = cacheableQuery(`{ __typename page: sandbox(id: "${ID}") { v: version } }`, null, 100);
    expect(literal?.sandboxId(undefined)).toBe(ID);
  });

  it('picks the named operation of several, with fragments', () => {
    const source = `fragment F on Sandbox { version }
      query Now($id: ID!) { sandbox(id: $id) { ...F } }
      query At($id: ID!, $v: Int!) { sandboxAt(id: $id, version: $v) { ...F } }`;
    expect(cacheableQuery(source, 'Now', 1000)?.sandboxId({ id: ID })).toBe(ID);
    expect(cacheableQuery(source, 'At', 1000)).toBeNull();
    // Two operations and no name: GraphQL refuses it, so does the cache.
    expect(cacheableQuery(source, null, 1000)).toBeNull();
  });

  it('refuses everything else', () => {
    const refused = [
      'mutation ($id: ID!) { deleteSandbox(sandboxId: $id) { id } }',
      'subscription ($id: ID!) { sandboxEvents(sandboxId: $id, afterVersion: 0) { version } }',
      'query ($id: ID!) { sandbox(id: $id) { version } me { id } }',
      'query ($id: ID!) { a: sandbox(id: $id) { version } b: sandbox(id: $id) { version } }',
      'query ($id: ID!) { sandbox(id: $id) @include(if: true) { version } }',
      'query ($id: ID!) { ...Root }  fragment Root on Query { sandbox(id: $id) { version } }',
      'query { sandbox { version } }',
      'query ($id: ID!) { sandbox(id: 12) { version } }',
      'query { sandbox(id: "x" { version } }',
      '',
    ];
    for (const source of refused)
      expect({ source, query: cacheableQuery(source, null, 1000) }).toEqual({ source, query: null });
    // A document the validation refuses (schema, depth, cost, aliases): nothing is read for it.
    const valid = 'query ($id: ID!) { sandbox(id: $id) { version } }';
    expect(cacheableQuery(valid, null, 100, () => true)).not.toBeNull();
    expect(cacheableQuery(valid, null, 100, () => false)).toBeNull();
    // A document over the token budget is not even parsed.
    expect(
      cacheableQuery(`query ($id: ID!) { sandbox(id: $id) { ${'version '.repeat(50)} } }`, null, 20),
    ).toBeNull();
  });
});
