import { type ApiError, badUserInput, unauthenticated } from '../errors/api-error';
import { AuthError, type AuthFailure } from './auth.service';

/** The one mapping of account failures to GraphQL errors. */
export function toApiError(failure: AuthFailure): ApiError {
  switch (failure) {
    case 'EMAIL_TAKEN':
      return badUserInput('An account with this email already exists.', { field: 'email' });
    case 'INVALID_CREDENTIALS':
      return unauthenticated('Wrong email or password.');
    case 'INVALID_REFRESH_TOKEN':
      return unauthenticated('The refresh token is invalid, expired or already used: log in again.');
    case 'UNKNOWN_USER':
      return unauthenticated('The account of this token no longer exists.');
  }
}

export async function mapAuthErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AuthError) throw toApiError(error.failure);
    throw error;
  }
}
