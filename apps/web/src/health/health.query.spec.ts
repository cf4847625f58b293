import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { HEALTH_QUERY } from './health.query';

// The web's hand-written operation must stay valid against the schema the API commits.
describe('HEALTH_QUERY', () => {
  it('is valid against apps/api/schema.graphql', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '../../../api/schema.graphql'), 'utf8'));
    expect(validate(schema, parse(HEALTH_QUERY)).map((e) => e.message)).toEqual([]);
  });
});
