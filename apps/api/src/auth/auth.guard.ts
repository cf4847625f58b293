// The one global guard: every GraphQL operation (and HTTP route) needs a valid access token unless marked
// @Public(); @Roles() narrows it further. Runs before the resolver; the result is cached on the request context.
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '../errors/api-error';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { type AuthUser, type Role } from './auth.types';
import { bearerToken } from './bearer-token';
import { TokenService } from './token.service';

/** What the guard reads and fills: the HTTP request, and the caller once known (null = anonymous). */
export interface AuthContext {
  req?: { headers: Record<string, string | string[] | undefined> };
  user?: AuthUser | null;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const authContext = this.authContext(context);
    const user = await this.authenticate(authContext);
    if (!user) throw unauthenticated();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw forbidden(`This operation needs one of the roles ${roles.join(', ')}.`);
    }
    return true;
  }

  private authContext(context: ExecutionContext): AuthContext {
    if (context.getType<GqlContextType>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<AuthContext>();
    }
    return { req: context.switchToHttp().getRequest<AuthContext['req']>() };
  }

  /** Subscriptions authenticate once at connection time (context.user is set); HTTP requests per request. */
  private async authenticate(context: AuthContext): Promise<AuthUser | null> {
    if (context.user !== undefined) return context.user;
    const token = bearerToken(context.req?.headers['authorization']);
    let user: AuthUser | null = null;
    if (token) user = await this.tokens.verifyAccessToken(token).catch(() => null);
    context.user = user;
    return user;
  }
}
