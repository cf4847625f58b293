// The GraphQL error contract: every error a client sees carries one of these stable `extensions.code` values (see
// docs/api.md). Anything not mapped to one of them is reported as INTERNAL with a generic message.
import { GraphQLError } from 'graphql';

export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'QUOTA_EXCEEDED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'INTROSPECTION_DISABLED',
  'BATCHING_NOT_SUPPORTED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The HTTP status of a response whose only error has this code (200 when partial data came back). */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  UNAUTHENTICATED: 200,
  FORBIDDEN: 200,
  BAD_USER_INPUT: 200,
  NOT_FOUND: 200,
  CONFLICT: 200,
  QUOTA_EXCEEDED: 200,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  QUERY_TOO_COMPLEX: 400,
  INTROSPECTION_DISABLED: 400,
  BATCHING_NOT_SUPPORTED: 400,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

/** A GraphQL error with a stable code; `details` become extensions beside `code` (keep them client-safe). */
export class ApiError extends GraphQLError {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    /** A failure the operators should see: logged at error level by the formatter, never sent to the client. */
    readonly report?: unknown,
  ) {
    super(message, { extensions: { ...details, code } });
    this.name = 'ApiError';
  }
}

export const unauthenticated = (message = 'Authentication required: send a valid access token.') =>
  new ApiError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this.') => new ApiError('FORBIDDEN', message);
export const notFound = (what: string) => new ApiError('NOT_FOUND', `${what} not found.`);
export const badUserInput = (message: string, details: Record<string, unknown> = {}) =>
  new ApiError('BAD_USER_INPUT', message, details);
