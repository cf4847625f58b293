import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Public } from './auth.decorators';
import { LogInArgs, RefreshTokenArgs, SignUpArgs } from './auth.args';
import { mapAuthErrors } from './auth.errors';
import { AuthPayload, type RoleEnum, User } from './auth.model';
import { type AuthResult, AuthService } from './auth.service';
import { type Account, type AuthUser } from './auth.types';

const toUser = (account: Account): User => ({ ...account, role: account.role as RoleEnum });
const toPayload = ({ accessToken, refreshToken, user }: AuthResult): AuthPayload => ({
  accessToken,
  refreshToken,
  user: toUser(user),
});

@Resolver(() => User)
export class AuthResolver {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthPayload, { description: 'Creates a learner account and signs it in.' })
  async signUp(@Args() { email, password }: SignUpArgs): Promise<AuthPayload> {
    return toPayload(await mapAuthErrors(this.auth.signUp(email, password)));
  }

  @Public()
  @Mutation(() => AuthPayload, { description: 'Signs in with email and password.' })
  async logIn(@Args() { email, password }: LogInArgs): Promise<AuthPayload> {
    return toPayload(await mapAuthErrors(this.auth.logIn(email, password)));
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'Exchanges a refresh token for a new pair; the one presented can never be used again.',
  })
  async refreshToken(@Args() { refreshToken }: RefreshTokenArgs): Promise<AuthPayload> {
    return toPayload(await mapAuthErrors(this.auth.refresh(refreshToken)));
  }

  @Query(() => User, { description: 'The signed-in account.' })
  async me(@CurrentUser() caller: AuthUser): Promise<User> {
    return toUser(await mapAuthErrors(this.auth.me(caller.id)));
  }
}
