// Mercurius errorFormatter: every error leaves with a stable `extensions.code` (api-error.ts) and a message meant
// for clients. Unknown errors become INTERNAL with a generic message; their details go to the log, never out.
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { type ApiErrorCode, HTTP_STATUS, isApiErrorCode } from './api-error';
import { isServiceUnavailable } from './unavailable';

interface Logger {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

interface FormatterContext {
  reply?: { log: Logger };
  app?: { log: Logger };
}

const INTERNAL_MESSAGE = 'Internal server error.';
const UNAVAILABLE_MESSAGE =
  'The service is temporarily unavailable (its database cannot be reached): try again shortly.';

const HTTP_CODES: Record<number, ApiErrorCode> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

// Fastify and Mercurius errors that describe a bad request (safe to show), by their `code`.
const REQUEST_ERROR_CODES: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'BAD_USER_INPUT',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_USER_INPUT',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_USER_INPUT',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_USER_INPUT',
  MER_ERR_GQL_QUERY_DEPTH: 'QUERY_TOO_COMPLEX',
  MER_ERR_METHOD_NOT_ALLOWED: 'BAD_USER_INPUT',
  MER_ERR_GQL_PERSISTED_QUERY_NOT_SUPPORTED: 'BAD_USER_INPUT',
  MER_ERR_GQL_CSRF_PREVENTION: 'BAD_USER_INPUT',
};

function codeProperty(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Mercurius wraps validation failures as one error carrying the list; unwrap to one entry per problem. */
function flatten(error: unknown): unknown[] {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const nested = (original as { errors?: unknown } | undefined)?.errors;
  // An AggregateError (a connection refused on IPv4 and IPv6) is one failure, not a list of problems.
  if (original instanceof AggregateError) return [error];
  if (Array.isArray(nested) && nested.length > 0) return nested.flatMap(flatten);
  return [error];
}

interface Classified {
  code: ApiErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

function classify(error: unknown, log: Logger | undefined): Classified {
  const graphql = error instanceof GraphQLError ? error : undefined;
  const original: unknown = graphql?.originalError ?? error;

  // Our own errors, and validation rules that set a code. graphql-jit (compiled queries) wraps a resolver's error
  // in a GraphQLError of its own whose `extensions` is undefined unless the original error had some.
  for (const candidate of [graphql, original]) {
    if (!(candidate instanceof GraphQLError)) continue;
    const { code, ...details } = (candidate.extensions ?? {}) as Record<string, unknown>;
    if (isApiErrorCode(code)) {
      const report = (candidate as { report?: unknown }).report ?? (original as { report?: unknown }).report;
      if (report !== undefined) log?.error({ err: describeError(report) }, candidate.message);
      return { code, message: candidate.message, details };
    }
  }
  // Nest's HttpException (duck-typed: this module stays free of the framework, so it is unit-tested directly).
  const status = (original as { getStatus?: () => unknown } | null)?.getStatus?.();
  if (typeof status === 'number' && HTTP_CODES[status]) {
    return { code: HTTP_CODES[status], message: (original as Error).message };
  }
  const requestCode = REQUEST_ERROR_CODES[codeProperty(original) ?? ''];
  if (requestCode) return { code: requestCode, message: (original as Error).message };
  // Fastify refused the body against Mercurius' route schema: an array is a batch, which this API does not take.
  if (
    codeProperty(original) === 'FST_ERR_VALIDATION' ||
    codeProperty(original) === 'MER_ERR_GQL_VALIDATION'
  ) {
    const message = (original as Error).message;
    return /body must be object/.test(message)
      ? {
          code: 'BATCHING_NOT_SUPPORTED',
          message: 'Batched operations are not supported: send one operation per request.',
        }
      : { code: 'BAD_USER_INPUT', message };
  }
  // A GraphQLError of graphql-js itself (parse or validation) describes the document, not the server.
  if (graphql && graphql.originalError === undefined) {
    if (graphql.message.startsWith('Syntax Error:')) {
      return /contains more th\w+ \d+ tokens/.test(graphql.message)
        ? { code: 'QUERY_TOO_COMPLEX', message: graphql.message }
        : { code: 'GRAPHQL_PARSE_FAILED', message: graphql.message };
    }
    if (graphql.path === undefined) return { code: 'GRAPHQL_VALIDATION_FAILED', message: graphql.message };
    // A variable or argument value that does not fit its type is reported during execution coercion.
    return { code: 'BAD_USER_INPUT', message: graphql.message };
  }
  // An outage, not a bug: the client may retry (with the same idempotency key for a command).
  if (isServiceUnavailable(original)) {
    log?.warn({ err: { message: (original as Error).message } }, 'backing service unavailable');
    return { code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE_MESSAGE };
  }
  log?.error({ err: describeError(original) }, 'unexpected error while serving GraphQL');
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
}

/** What the log gets of an unexpected error: its name, code, message and stack, and the same of every cause. */
function describeError(error: unknown, depth = 0): unknown {
  if (typeof error !== 'object' || error === null) return error;
  if (depth > 6) return '[cause chain too deep]';
  const failure = error as {
    name?: unknown;
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    stack?: unknown;
    cause?: unknown;
    originalError?: unknown;
    errors?: unknown;
    meta?: unknown;
  };
  const nested = (inner: unknown) => (inner === error ? '[circular]' : describeError(inner, depth + 1));
  return {
    type: (error as object).constructor?.name,
    ...(failure.name !== undefined ? { name: failure.name } : {}),
    ...(failure.code !== undefined ? { code: failure.code } : {}),
    ...(failure.kind !== undefined ? { kind: failure.kind } : {}),
    ...(typeof failure.message === 'string' ? { message: failure.message } : {}),
    ...(typeof failure.stack === 'string' ? { stack: failure.stack } : {}),
    ...(failure.meta !== undefined ? { meta: failure.meta } : {}),
    ...(failure.originalError !== undefined ? { originalError: nested(failure.originalError) } : {}),
    ...(failure.cause !== undefined ? { cause: nested(failure.cause) } : {}),
    ...(Array.isArray(failure.errors) ? { errors: failure.errors.map(nested) } : {}),
  };
}

/**
 * Never throws: a formatter that throws makes Mercurius format a new error wrapping that exception instead, and the
 * original error (its code, its cause) is lost from both the answer and the log.
 */
function classifySafely(error: unknown, log: Logger | undefined): Classified {
  try {
    return classify(error, log);
  } catch (failure) {
    log?.error(
      { err: describeError(failure), original: describeError(error) },
      'the GraphQL error formatter failed; answering INTERNAL',
    );
    return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
  }
}

function toFormatted(error: unknown, log: Logger | undefined): GraphQLFormattedError {
  const { code, message, details } = classifySafely(error, log);
  const graphql = error instanceof GraphQLError ? error : undefined;
  return {
    message,
    ...(graphql?.locations ? { locations: graphql.locations } : {}),
    ...(graphql?.path ? { path: graphql.path } : {}),
    extensions: { ...details, code },
  };
}

export function formatGraphqlErrors(
  execution: ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>,
  context: FormatterContext,
): { statusCode: number; response: ExecutionResult | { data: unknown; errors: GraphQLFormattedError[] } } {
  const log = context.reply?.log ?? context.app?.log;
  const errors = execution.errors.flatMap(flatten).map((error) => toFormatted(error, log));
  const hasData = execution.data !== undefined && execution.data !== null;
  const statuses = errors.map((error) => HTTP_STATUS[error.extensions?.['code'] as ApiErrorCode] ?? 500);
  return {
    statusCode: hasData ? 200 : Math.max(200, ...statuses),
    response: { data: execution.data ?? null, errors },
  };
}
