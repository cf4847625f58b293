// Sign-up, log-in and refresh-token rotation over the AccountStore port; no framework, so it is tested directly.
import { createHash } from 'node:crypto';
import { type AccountStore } from './account.store';
import { type Account, type Role, type TokenPair, normalizeEmail } from './auth.types';
import { type PasswordHasher } from './password-hasher';
import { InvalidTokenError, type TokenService } from './token.service';

/** Why an account operation was refused; the API maps each to one GraphQL error code (auth.errors.ts). */
export type AuthFailure = 'EMAIL_TAKEN' | 'INVALID_CREDENTIALS' | 'INVALID_REFRESH_TOKEN' | 'UNKNOWN_USER';

export class AuthError extends Error {
  constructor(readonly failure: AuthFailure) {
    super(failure);
    this.name = 'AuthError';
  }
}

export interface AuthResult extends TokenPair {
  readonly user: Account;
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class AuthService {
  // Verifying against this when the email is unknown keeps log-in timing the same for known and unknown emails.
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: AccountStore,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signUp(email: string, password: string, role: Role = 'LEARNER'): Promise<AuthResult> {
    const passwordHash = await this.hasher.hash(password);
    const user = await this.store.create({ email: normalizeEmail(email), passwordHash, role });
    if (!user) throw new AuthError('EMAIL_TAKEN');
    return this.startSession(user);
  }

  async logIn(email: string, password: string): Promise<AuthResult> {
    const found = await this.store.findByEmail(normalizeEmail(email));
    if (!found) {
      await this.hasher.verify(password, await this.dummy());
      throw new AuthError('INVALID_CREDENTIALS');
    }
    if (!(await this.hasher.verify(password, found.passwordHash))) throw new AuthError('INVALID_CREDENTIALS');
    if (this.hasher.needsRehash(found.passwordHash)) {
      await this.store.updatePasswordHash(found.id, await this.hasher.hash(password));
    }
    const { passwordHash: _secret, ...user } = found;
    return this.startSession(user);
  }

  /**
   * Exchanges a refresh token for a new pair of the same family. A token is good once: presenting a used or
   * revoked one again revokes its whole family, so a stolen token dies with the legitimate one.
   */
  async refresh(refreshToken: string): Promise<AuthResult> {
    let claims;
    try {
      claims = await this.tokens.verifyRefreshToken(refreshToken);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new AuthError('INVALID_REFRESH_TOKEN');
      throw error;
    }
    const now = this.now();
    const outcome = await this.store.consumeRefreshToken({
      id: claims.tokenId,
      tokenHash: hashRefreshToken(refreshToken),
      now,
    });
    if (outcome === 'reused') await this.store.revokeRefreshFamily(claims.familyId, now);
    if (outcome !== 'consumed') throw new AuthError('INVALID_REFRESH_TOKEN');
    const user = await this.store.findById(claims.userId);
    if (!user) throw new AuthError('INVALID_REFRESH_TOKEN');
    return this.issue(user, claims.familyId);
  }

  async me(userId: string): Promise<Account> {
    const user = await this.store.findById(userId);
    if (!user) throw new AuthError('UNKNOWN_USER');
    return user;
  }

  /** Creates the configured first admin when no account has that email; never changes an existing account. */
  async ensureAdmin(email: string, password: string): Promise<'created' | 'exists'> {
    if (await this.store.findByEmail(normalizeEmail(email))) return 'exists';
    const created = await this.store.create({
      email: normalizeEmail(email),
      passwordHash: await this.hasher.hash(password),
      role: 'ADMIN',
    });
    return created ? 'created' : 'exists';
  }

  private startSession(user: Account): Promise<AuthResult> {
    return this.issue(user, undefined);
  }

  private async issue(user: Account, familyId: string | undefined): Promise<AuthResult> {
    const accessToken = await this.tokens.issueAccessToken({ id: user.id, role: user.role });
    const refresh = await this.tokens.issueRefreshToken(user.id, familyId);
    await this.store.saveRefreshToken({
      id: refresh.tokenId,
      userId: user.id,
      familyId: refresh.familyId,
      tokenHash: hashRefreshToken(refresh.token),
      expiresAt: refresh.expiresAt,
    });
    return { accessToken, refreshToken: refresh.token, user };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('podlab-timing-equaliser');
    return this.dummyHash;
  }
}
