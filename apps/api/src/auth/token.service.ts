// JWTs with `jose`. The algorithm is pinned to HS256 on both sides: verification never takes the algorithm from
// the token, so `alg: none` and algorithm confusion (an RS/ES token, or an HS token keyed with a public key) fail.
// Access and refresh tokens carry different `typ` headers, so one can never stand in for the other.
import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { type AuthUser, isRole } from './auth.types';

export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'podlab';
export const JWT_AUDIENCE = 'podlab-api';
export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const REFRESH_TOKEN_TYPE = 'rt+jwt';
/** The default lifetime of an access token (ACCESS_TOKEN_TTL_SECONDS in the configuration). */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/** Any reason a token is refused: the caller learns nothing more specific. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

export interface RefreshClaims {
  readonly userId: string;
  /** The token's id (`jti`): the primary key of its stored hash. */
  readonly tokenId: string;
  /** Shared by every token rotated from one log-in. */
  readonly familyId: string;
  readonly expiresAt: Date;
}

/** A verified access token: the caller, and when the token stops being valid. */
export interface AccessClaims {
  readonly user: AuthUser;
  readonly expiresAt: Date;
}

export interface IssuedRefreshToken extends RefreshClaims {
  readonly token: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Verified access tokens remembered (oldest forgotten first). */
const VERIFIED_TOKENS_KEPT = 10_000;

export class TokenService {
  private readonly key: KeyObject;
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    secret: string,
    private readonly now: () => Date = () => new Date(),
    private readonly accessTtlSeconds: number = ACCESS_TOKEN_TTL_SECONDS,
  ) {
    if (secret.length < 32) throw new Error('JWT secret must be at least 32 characters');
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  issueAccessToken(user: AuthUser): Promise<string> {
    const issuedAt = this.epochSeconds();
    return new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: JWT_ALGORITHM, typ: ACCESS_TOKEN_TYPE })
      .setSubject(user.id)
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.accessTtlSeconds)
      .setJti(randomUUID())
      .sign(this.key);
  }

  async issueRefreshToken(userId: string, familyId: string = randomUUID()): Promise<IssuedRefreshToken> {
    const issuedAt = this.epochSeconds();
    const expiresAt = issuedAt + REFRESH_TOKEN_TTL_SECONDS;
    const tokenId = randomUUID();
    const token = await new SignJWT({ fam: familyId })
      .setProtectedHeader({ alg: JWT_ALGORITHM, typ: REFRESH_TOKEN_TYPE })
      .setSubject(userId)
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(tokenId)
      .sign(this.key);
    return { token, userId, tokenId, familyId, expiresAt: new Date(expiresAt * 1000) };
  }

  /** The caller proven by an access token; throws InvalidTokenError otherwise. */
  async verifyAccessToken(token: string): Promise<AuthUser> {
    return (await this.verifyAccessClaims(token)).user;
  }

  /**
   * Like verifyAccessToken, with the token's expiry (a WebSocket connection ends when its token does). A token
   * verified once is remembered until it expires (keyed by the whole token, signature included): one request is
   * checked by the rate limiter and by the guard, and a client sends the same token for 15 minutes.
   */
  async verifyAccessClaims(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known && this.now().getTime() < known.expiresAt.getTime()) return known;
    const payload = await this.verify(token, ACCESS_TOKEN_TYPE);
    const id = payload.sub;
    if (!id || !UUID.test(id)) throw new InvalidTokenError('bad subject');
    if (!isRole(payload['role'])) throw new InvalidTokenError('bad role');
    const claims = { user: { id, role: payload['role'] }, expiresAt: new Date((payload.exp ?? 0) * 1000) };
    if (this.verified.size >= VERIFIED_TOKENS_KEPT)
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, claims);
    return claims;
  }

  /** The claims of a refresh token whose signature, type and lifetime check out (the store decides the rest). */
  async verifyRefreshToken(token: string): Promise<RefreshClaims> {
    const payload = await this.verify(token, REFRESH_TOKEN_TYPE);
    const { sub, jti, exp } = payload;
    const familyId = payload['fam'];
    if (!sub || !UUID.test(sub) || !jti || !UUID.test(jti)) throw new InvalidTokenError('bad claims');
    if (typeof familyId !== 'string' || !UUID.test(familyId)) throw new InvalidTokenError('bad family');
    return { userId: sub, tokenId: jti, familyId, expiresAt: new Date((exp ?? 0) * 1000) };
  }

  private async verify(token: string, type: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        typ: type,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
        currentDate: this.now(),
        clockTolerance: 5,
      });
      return payload;
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.name : 'unverifiable');
    }
  }

  private epochSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }
}
