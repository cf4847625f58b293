// The GraphQL endpoint's defences, all applied before any resolver runs (R10): depth, cost and alias limits and
// (in production) no introspection as validation rules; a token budget for the parser; no batching; errors
// formatted to stable codes. Body size and rate limits are Fastify's (see http-hardening.ts).
import { type MercuriusDriverConfig } from '@nestjs/mercurius';
import { type AppConfig } from '@podlab/config';
import { formatGraphqlErrors } from '../errors/graphql-error.formatter';
import { graphqlValidationRules } from './graphql-limits';

/** Documents with more tokens are refused while parsing, before validation (a cheap bound on work per request). */
export const MAX_QUERY_TOKENS = 5_000;

export function graphqlHardening(config: Pick<AppConfig, 'NODE_ENV'>): Partial<MercuriusDriverConfig> {
  const production = config.NODE_ENV === 'production';
  return {
    graphiql: !production,
    allowBatchedQueries: false,
    validationRules: graphqlValidationRules(production),
    graphql: { parseOptions: { maxTokens: MAX_QUERY_TOKENS } },
    errorFormatter: formatGraphqlErrors as MercuriusDriverConfig['errorFormatter'],
  };
}
