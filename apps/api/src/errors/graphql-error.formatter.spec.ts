import {
  GraphQLError,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type ExecutionResult,
  parse,
} from 'graphql';
// What Mercurius runs a query with from its second request on (jit: 1): graphql-jit, its own dependency.
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { ApiError } from './api-error';
import { formatGraphqlErrors } from './graphql-error.formatter';

const logged: unknown[] = [];
const log = { warn: () => undefined, error: (object: object) => void logged.push(object) };
const context = { reply: { log } };

function format(errors: unknown[], data: unknown = null) {
  return formatGraphqlErrors({ data, errors } as never, context);
}

/** What Mercurius hands the formatter for a failed validation: one error wrapping the list. */
function validationFailure(errors: unknown[]): GraphQLError {
  const wrapper = Object.assign(new Error('Graphql validation error'), {
    code: 'MER_ERR_GQL_VALIDATION',
    errors,
  });
  return new GraphQLError(wrapper.message, { originalError: wrapper });
}

/** Runs `{ fail }` compiled by graphql-jit, as Mercurius does, with a resolver that throws `failure`. */
async function throughJit(failure: unknown): Promise<ExecutionResult> {
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        fail: {
          type: GraphQLString,
          resolve: () => {
            throw failure;
          },
        },
      },
    }),
  });
  const compiled = compileQuery(schema, parse('{ fail }'));
  if (!isCompiledQuery(compiled)) throw new Error('graphql-jit did not compile the query');
  return compiled.query(undefined, {}, {});
}

describe('formatGraphqlErrors', () => {
  beforeEach(() => logged.splice(0));

  it('keeps our own errors with their code and details', () => {
    const result = format([
      new GraphQLError('Authentication required.', {
        path: ['me'],
        originalError: new ApiError('UNAUTHENTICATED', 'Authentication required.'),
      }),
    ]);
    expect(result).toEqual({
      statusCode: 200,
      response: {
        data: null,
        errors: [
          { message: 'Authentication required.', path: ['me'], extensions: { code: 'UNAUTHENTICATED' } },
        ],
      },
    });
  });

  it("logs the failure an error of ours reports for the operators, and sends only the error's own message", () => {
    const failure = new Error('unknown event type PoisonedForTest');
    const result = format([
      new GraphQLError('State unavailable.', {
        path: ['sandbox'],
        originalError: new ApiError(
          'CONFLICT',
          'State unavailable.',
          { reason: 'SANDBOX_UNREADABLE' },
          failure,
        ),
      }),
    ]);
    expect(result.response.errors).toEqual([
      {
        message: 'State unavailable.',
        path: ['sandbox'],
        extensions: { code: 'CONFLICT', reason: 'SANDBOX_UNREADABLE' },
      },
    ]);
    expect(JSON.stringify(result.response)).not.toContain('PoisonedForTest');
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).toContain('unknown event type PoisonedForTest');
  });

  it('hides unexpected errors behind INTERNAL, logging them, with status 500 when no data came back', () => {
    const secret = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    const result = format([new GraphQLError(secret.message, { path: ['me'], originalError: secret })]);
    expect(result.statusCode).toBe(500);
    expect(JSON.stringify(result.response)).not.toMatch(/ECONNREFUSED|hunter2|stack/);
    expect(result.response.errors).toEqual([
      { message: 'Internal server error.', path: ['me'], extensions: { code: 'INTERNAL' } },
    ]);
    expect(logged).toHaveLength(1);
  });

  it.each([
    [
      'a refused connection (pg)',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'refused, as an AggregateError (IPv4 + IPv6)',
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    ],
    ['a connection cut mid-query (pg)', new Error('Connection terminated unexpectedly')],
    [
      'Postgres shutting down (57P01)',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    [
      'Postgres starting up (57P03)',
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    ],
    [
      'Prisma: server unreachable (P1001)',
      Object.assign(new Error("Can't reach database server"), { code: 'P1001' }),
    ],
    [
      'a Prisma driver-adapter error',
      Object.assign(new Error('x'), { cause: { kind: 'DatabaseNotReachable' } }),
    ],
  ])('reports an outage (%s) as SERVICE_UNAVAILABLE, 503, without its details', (_, failure) => {
    const result = format([
      new GraphQLError(failure.message, { path: ['runCommand'], originalError: failure }),
    ]);
    expect(result.statusCode).toBe(503);
    expect(result.response.errors).toEqual([
      {
        message: expect.stringMatching(/^The service is temporarily unavailable/),
        path: ['runCommand'],
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      },
    ]);
    expect(logged).toHaveLength(0); // a warning, not an error log
  });

  it('keeps other database errors INTERNAL (a unique violation is a bug, not an outage)', () => {
    const failure = Object.assign(new Error('duplicate key value'), { code: '23505' });
    expect(
      format([new GraphQLError('x', { originalError: failure })]).response.errors?.[0]?.extensions,
    ).toEqual({
      code: 'INTERNAL',
    });
  });

  // R6 found this: graphql-jit wraps a resolver's error in a GraphQLError whose `extensions` is undefined; reading
  // its code threw inside the formatter, so Mercurius answered INTERNAL for the TypeError and the outage was lost.
  describe('errors of a query compiled by graphql-jit', () => {
    it('reports an outage as SERVICE_UNAVAILABLE, 503', async () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      });
      const execution = await throughJit(refused);
      expect(execution.errors?.[0]?.extensions).toBeUndefined(); // the shape that broke the formatter
      const result = format([...(execution.errors ?? [])]); // as from a non-null field: data null
      expect(result.statusCode).toBe(503);
      expect(result.response.errors).toEqual([
        {
          message: expect.stringMatching(/^The service is temporarily unavailable/),
          locations: [{ line: 1, column: 3 }],
          path: ['fail'],
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        },
      ]);
      expect(logged).toHaveLength(0);
    });

    it('reports an outage wrapped in a Prisma-style error with a cause as SERVICE_UNAVAILABLE', async () => {
      const wrapped = Object.assign(new Error('Invalid `prisma.account.findUnique()` invocation'), {
        name: 'PrismaClientKnownRequestError',
        code: 'P2010',
        meta: {
          driverAdapterError: Object.assign(new Error('ConnectionClosed'), {
            name: 'DriverAdapterError',
            cause: { kind: 'ConnectionClosed' },
          }),
        },
      });
      const execution = await throughJit(wrapped);
      expect(format([...(execution.errors ?? [])]).response.errors?.[0]?.extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
      });
    });

    it('keeps our own errors with their code and details', async () => {
      const execution = await throughJit(new ApiError('CONFLICT', 'Sandbox deleted.', { reason: 'X' }));
      expect(format([...(execution.errors ?? [])]).response.errors?.[0]).toEqual({
        message: 'Sandbox deleted.',
        locations: [{ line: 1, column: 3 }],
        path: ['fail'],
        extensions: { reason: 'X', code: 'CONFLICT' },
      });
    });

    it('keeps a genuine bug INTERNAL, logged with its cause chain', async () => {
      const duplicate = Object.assign(new Error('duplicate key value violates unique constraint'), {
        code: '23505',
      });
      const execution = await throughJit(
        new Error('append failed', { cause: new Error('insert failed', { cause: duplicate }) }),
      );
      const result = format([...(execution.errors ?? [])]);
      expect(result.statusCode).toBe(500);
      expect(result.response.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL' });
      expect(logged).toEqual([
        {
          err: expect.objectContaining({
            message: 'append failed',
            stack: expect.stringContaining('append failed'),
            cause: expect.objectContaining({
              message: 'insert failed',
              cause: expect.objectContaining({ code: '23505', message: duplicate.message }),
            }),
          }),
        },
      ]);
    });
  });

  it('never throws: a failure while classifying is answered INTERNAL and logged with the original error', () => {
    const odd = Object.assign(new Error('odd'), {
      getStatus: () => {
        throw new Error('getStatus broke');
      },
    });
    const result = format([new GraphQLError('odd', { path: ['me'], originalError: odd })]);
    expect(result.statusCode).toBe(500);
    expect(result.response.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL' });
    expect(logged).toEqual([
      {
        err: expect.objectContaining({ message: 'getStatus broke' }),
        original: expect.objectContaining({ originalError: expect.objectContaining({ message: 'odd' }) }),
      },
    ]);
  });

  it('answers 200 when partial data came back', () => {
    const failure = new Error('boom');
    expect(
      format([new GraphQLError('boom', { path: ['a'], originalError: failure })], { b: 1 }).statusCode,
    ).toBe(200);
  });

  it('unwraps validation failures into one coded error per problem', () => {
    const tooDeep = new GraphQLError('too deep', { extensions: { code: 'QUERY_TOO_COMPLEX' } });
    const unknown = new GraphQLError('Cannot query field "nope" on type "Query".');
    const result = format([validationFailure([tooDeep, unknown])]);
    expect(result.statusCode).toBe(400);
    expect(result.response.errors?.map((error) => error.extensions?.['code'])).toEqual([
      'QUERY_TOO_COMPLEX',
      'GRAPHQL_VALIDATION_FAILED',
    ]);
  });

  it('classifies parse errors, token budgets, batches, big bodies and HTTP exceptions', () => {
    const syntax = (() => {
      try {
        parse('{ me { id ');
      } catch (error) {
        return error;
      }
      throw new Error('expected a syntax error');
    })();
    const tokens = new GraphQLError(
      'Syntax Error: Document contains more that 5000 tokens. Parsing aborted.',
    );
    const batch = Object.assign(new Error('body must be object'), { code: 'FST_ERR_VALIDATION' });
    const body = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    const http = Object.assign(new Error('Forbidden resource'), { getStatus: () => 403 });
    const codes = [syntax, tokens, batch, body, http].map(
      (error) =>
        format([
          error instanceof GraphQLError
            ? error
            : new GraphQLError((error as Error).message, { originalError: error as Error }),
        ]).response.errors?.[0]?.extensions?.['code'],
    );
    expect(codes).toEqual([
      'GRAPHQL_PARSE_FAILED',
      'QUERY_TOO_COMPLEX',
      'BATCHING_NOT_SUPPORTED',
      'PAYLOAD_TOO_LARGE',
      'FORBIDDEN',
    ]);
  });
});
