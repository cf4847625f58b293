import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { type AuthUser, type Role } from './auth.types';

export const IS_PUBLIC = 'podlab:public';
export const REQUIRED_ROLES = 'podlab:roles';

/** Opens one operation (or a whole resolver/controller) to anonymous callers. Everything else needs a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts an operation to these roles (checked after authentication; FORBIDDEN otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated caller of a guarded GraphQL operation. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = GqlExecutionContext.create(context).getContext<{ user?: AuthUser | null }>().user;
  // The global guard ran first; a missing user here means the operation was marked @Public().
  if (!user) throw new Error('@CurrentUser() used on an operation without an authenticated caller');
  return user;
});
