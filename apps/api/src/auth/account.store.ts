import { type Account, type AccountWithPassword, type Role } from './auth.types';

/** Persistence of accounts and refresh tokens (Prisma in the app, see prisma-account.store.ts). */
export interface AccountStore {
  findByEmail(email: string): Promise<AccountWithPassword | null>;
  findById(id: string): Promise<Account | null>;
  /** Creates the account; resolves null when the email is already taken. */
  create(input: { email: string; passwordHash: string; role: Role }): Promise<Account | null>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;

  saveRefreshToken(input: {
    id: string;
    userId: string;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<void>;
  /**
   * Marks the token used if it matches the hash and is neither used, revoked nor expired, in one conditional write
   * so two concurrent refreshes cannot both win. `reused` = the token exists but was already used or revoked.
   */
  consumeRefreshToken(input: {
    id: string;
    tokenHash: string;
    now: Date;
  }): Promise<'consumed' | 'reused' | 'unknown'>;
  revokeRefreshFamily(familyId: string, now: Date): Promise<void>;
}
