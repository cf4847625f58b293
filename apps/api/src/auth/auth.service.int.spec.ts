// AuthService over the Prisma store against real Postgres ($TEST_DATABASE_URL, migrated by the test command).
import { randomUUID } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '../prisma/prisma-client';
import { AuthError, AuthService, hashRefreshToken } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { PrismaAccountStore } from './prisma-account.store';
import { TokenService } from './token.service';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/podlab_test';
const SECRET = 'integration-test-secret-0123456789abcdef';

describe('AuthService on Postgres', () => {
  let prisma: PrismaClient;
  let auth: AuthService;
  let tokens: TokenService;
  const email = () => `Learner-${randomUUID()}@Example.com`;

  beforeAll(() => {
    prisma = createPrismaClient(DATABASE_URL);
    tokens = new TokenService(SECRET);
    auth = new AuthService(
      new PrismaAccountStore(prisma),
      new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
      tokens,
    );
  });

  afterAll(async () => {
    await prisma.$disconnect();
  });

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: unknown) => (error instanceof AuthError ? error.failure : error),
    );

  it('signs up a learner with a normalised email and only a hash stored, then logs in', async () => {
    const address = email();
    const signedUp = await auth.signUp(address, 'a long password');
    expect(signedUp.user).toMatchObject({ email: address.toLowerCase(), role: 'LEARNER' });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: signedUp.user.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain('a long password');
    await expect(tokens.verifyAccessToken(signedUp.accessToken)).resolves.toEqual({
      id: signedUp.user.id,
      role: 'LEARNER',
    });
    const loggedIn = await auth.logIn(`  ${address.toUpperCase()} `, 'a long password');
    expect(loggedIn.user.id).toBe(signedUp.user.id);
    expect(await failure(auth.logIn(address, 'wrong password'))).toBe('INVALID_CREDENTIALS');
    expect(await failure(auth.logIn(email(), 'a long password'))).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a second account for the same email, whatever its case, even concurrently', async () => {
    const address = email();
    const outcomes = await Promise.all([
      failure(auth.signUp(address, 'a long password')),
      failure(auth.signUp(address.toUpperCase(), 'a long password')),
    ]);
    expect(outcomes.sort()).toEqual(['EMAIL_TAKEN', 'resolved']);
  });

  it('stores refresh tokens hashed and rotates them: the old one is refused, reuse revokes the family', async () => {
    const { refreshToken, user } = await auth.signUp(email(), 'a long password');
    const stored = await prisma.refreshToken.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).toBe(hashRefreshToken(refreshToken));
    expect(JSON.stringify(stored)).not.toContain(refreshToken);

    const second = await auth.refresh(refreshToken);
    expect(second.user.id).toBe(user.id);
    expect(second.refreshToken).not.toBe(refreshToken);
    expect(await failure(auth.refresh(refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    // The replay above revoked the family: the legitimately rotated token dies too.
    expect(await failure(auth.refresh(second.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    const family = await prisma.refreshToken.findMany({ where: { userId: user.id } });
    expect(family.every((token) => token.revokedAt !== null)).toBe(true);
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const { refreshToken } = await auth.signUp(email(), 'a long password');
    const outcomes = await Promise.all([
      failure(auth.refresh(refreshToken)),
      failure(auth.refresh(refreshToken)),
    ]);
    expect(outcomes.sort()).toEqual(['INVALID_REFRESH_TOKEN', 'resolved']);
  });

  it('refuses forged, access and unknown tokens as refresh tokens', async () => {
    const { accessToken, user } = await auth.signUp(email(), 'a long password');
    expect(await failure(auth.refresh(accessToken))).toBe('INVALID_REFRESH_TOKEN');
    expect(await failure(auth.refresh('garbage'))).toBe('INVALID_REFRESH_TOKEN');
    // Well signed but never stored (e.g. issued by a process whose write was lost): refused.
    const unstored = await tokens.issueRefreshToken(user.id);
    expect(await failure(auth.refresh(unstored.token))).toBe('INVALID_REFRESH_TOKEN');
  });

  it('creates the configured admin once and never alters an existing account', async () => {
    const address = email();
    await expect(auth.ensureAdmin(address, 'admin password!')).resolves.toBe('created');
    await expect(auth.ensureAdmin(address, 'another password')).resolves.toBe('exists');
    const admin = await auth.logIn(address, 'admin password!');
    expect(admin.user.role).toBe('ADMIN');
    await expect(tokens.verifyAccessToken(admin.accessToken)).resolves.toMatchObject({ role: 'ADMIN' });
  });

  it('rehashes a password made with older parameters at log-in', async () => {
    const weak = new PasswordHasher({ N: 2 ** 9, r: 8, p: 1 });
    const address = email();
    const { user } = await new AuthService(new PrismaAccountStore(prisma), weak, tokens).signUp(
      address,
      'a long password',
    );
    await auth.logIn(address, 'a long password');
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$N=1024,/);
  });
});
