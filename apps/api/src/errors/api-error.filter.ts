import { Catch } from '@nestjs/common';
import { type GqlExceptionFilter } from '@nestjs/graphql';
import { ApiError } from './api-error';

/**
 * Expected errors (a missing token, bad input, a foreign sandbox) are answers, not incidents: hand them to the
 * GraphQL response as they are, without Nest's exception handler logging each one with its stack as an error.
 */
@Catch(ApiError)
export class ApiErrorFilter implements GqlExceptionFilter<ApiError, ApiError> {
  catch(error: ApiError): ApiError {
    return error;
  }
}
